"""Reading a GeoJSON boundary file (RFC 7946): a FeatureCollection, or a single Feature.

Each feature's properties name its grid (统一编码, 编码 or code); its geometry must be a Polygon
or MultiPolygon in WGS-84 longitude/latitude. Heights (a third coordinate) are dropped. What is
wrong with the file as a whole refuses it; what is wrong with one feature is kept with the
feature, so the report lists every bad feature at once.
"""

import json

from django.utils.translation import gettext as _

from governance.geo.file_features import (
    FileFeature,
    GeoFileError,
    code_from,
    geometry_kind_problem,
)
from governance.geo.shapes import AREA_TYPES

GEOMETRY_TYPES = {
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
}
# Names an old-style "crs" member may give for plain longitude/latitude on WGS-84.
WGS84_NAMES = ("CRS84", "EPSG:4326", "EPSG::4326", "WGS84", "WGS 84")


def geojson_features(content: bytes, *, max_features: int) -> list[FileFeature]:
    data = parse(content)
    if not isinstance(data, dict):
        raise not_geojson()
    check_crs(data.get("crs"))
    kind = data.get("type")
    if kind == "FeatureCollection":
        items = data.get("features")
        if not isinstance(items, list):
            raise GeoFileError(_("The FeatureCollection has no list of features."))
    elif kind == "Feature":
        items = [data]
    elif kind in GEOMETRY_TYPES:
        raise GeoFileError(
            _(
                "The file holds a bare %(kind)s geometry, with no properties to name its grid: "
                "put it in a Feature whose properties give 统一编码."
            )
            % {"kind": kind}
        )
    else:
        raise not_geojson()
    if not items:
        raise GeoFileError(_("The file holds no features: nothing to import."))
    if len(items) > max_features:
        raise GeoFileError(
            _("The file holds %(count)d features; at most %(limit)d can be imported at once.")
            % {"count": len(items), "limit": max_features}
        )
    return [feature_of(item) for item in items]


def parse(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GeoFileError(_("A GeoJSON file must be UTF-8 text.")) from None
    if not text.strip():
        raise GeoFileError(_("The file is empty."))
    try:
        return json.loads(text)
    except RecursionError:
        raise GeoFileError(_("The file's arrays are nested far deeper than GeoJSON's.")) from None
    except json.JSONDecodeError as error:
        raise GeoFileError(
            _("The file is not valid JSON (line %(line)d, column %(column)d).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    except ValueError:
        # A number with thousands of digits, which Python refuses to convert.
        raise GeoFileError(_("The file holds a number far too long to be a coordinate.")) from None


def not_geojson() -> GeoFileError:
    return GeoFileError(
        _("The file is JSON but not GeoJSON: it must be a FeatureCollection or a Feature.")
    )


def check_crs(crs) -> None:
    """RFC 7946 drops "crs" (everything is WGS-84), but older files may still name one: a
    projected one (metres) would put every shape far outside its parent."""
    if not isinstance(crs, dict):
        return
    properties = crs.get("properties")
    name = str(properties.get("name", "")) if isinstance(properties, dict) else ""
    if name and not any(wgs84 in name.upper() for wgs84 in WGS84_NAMES):
        raise GeoFileError(
            _(
                "The file's coordinates are in %(crs)s; boundaries must be WGS-84 longitude and "
                "latitude (EPSG:4326). Convert the file first."
            )
            % {"crs": name[:60]}
        )


def feature_of(item) -> FileFeature:
    if not isinstance(item, dict) or item.get("type") != "Feature":
        return FileFeature("", None, _("it is not a GeoJSON Feature."))
    properties = item.get("properties")
    code = code_from(properties) if isinstance(properties, dict) else ""
    geometry = item.get("geometry")
    if geometry is None:
        return FileFeature(code, None, _("it has no geometry."))
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return FileFeature(code, None, _("its geometry is not a GeoJSON geometry."))
    kind = geometry["type"]
    if kind not in AREA_TYPES:
        return FileFeature(code, None, geometry_kind_problem(kind))
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        coordinates = rings_2d(coordinates)
    elif isinstance(coordinates, list):
        coordinates = [rings_2d(polygon) for polygon in coordinates]
    return FileFeature(code, {"type": kind, "coordinates": coordinates})


def rings_2d(polygon):
    """A polygon's rings with every position cut to longitude, latitude. Anything not shaped
    like rings is left as it is, for the shape check to name."""
    if not isinstance(polygon, list):
        return polygon
    return [[position_2d(p) for p in ring] if isinstance(ring, list) else ring for ring in polygon]


def position_2d(position):
    if isinstance(position, list) and len(position) > 2:
        return position[:2]
    return position
