"""Boundary files: GeoJSON (.geojson, .json) and KML (.kml) in, GeoJSON out.

Each feature becomes one row (统一编码, 边界) of a `Sheet`, numbered as in the file, so the
registry import previews, applies, logs and reports them like spreadsheet rows. What a reader
already knows is wrong with a feature (no geometry, a point, no code) goes into the sheet's
problems, named by the feature (第3个要素（编码 …）). The file's size cap and feature cap are
the spreadsheets' (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS).
"""

import json

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.geo.file_features import FileFeature, GeoFileError, feature_place
from governance.geo.geojson_file import geojson_features
from governance.geo.kml_file import kml_features
from governance.spreadsheets.formats import FileFormats
from governance.spreadsheets.reading import Limits, RowProblem, Sheet, refuse_oversized

CODE_COLUMN = "统一编码"
GEOMETRY_COLUMN = "边界"
GEOJSON_SUFFIXES = (".geojson", ".json")
KML_SUFFIX = ".kml"
HEADER_ROWS = 1


def check_boundary_upload(content: bytes, file_name: str, *, limits: Limits | None = None):
    """What costs nothing: the size, the kind of file, and that it is not empty."""
    limits = limits or Limits.from_settings()
    refuse_oversized(content, limits)
    name = file_name.lower()
    if name.endswith(".kmz"):
        raise GeoFileError(
            _(
                "KMZ files are not accepted. A .kmz is a zip archive: unpack it and upload the "
                ".kml file inside (usually doc.kml)."
            )
        )
    if not name.endswith((*GEOJSON_SUFFIXES, KML_SUFFIX)):
        raise GeoFileError(_("Only .geojson, .json and .kml files can be imported as boundaries."))
    if not content or content.isspace():
        raise GeoFileError(_("The file is empty."))


def read_boundary_file(content: bytes, file_name: str, *, limits: Limits | None = None) -> Sheet:
    limits = limits or Limits.from_settings()
    check_boundary_upload(content, file_name, limits=limits)
    if file_name.lower().endswith(KML_SUFFIX):
        features = kml_features(content, max_features=limits.max_rows)
        missing_code = _(
            "it names no grid code: give an ExtendedData field 统一编码 (or 编码, code), "
            "or make its <name> the code."
        )
    else:
        features = geojson_features(content, max_features=limits.max_rows)
        missing_code = _("it names no grid code: give the property 统一编码 (or 编码, code).")
    return sheet_of(features, missing_code)


def sheet_of(features: list[FileFeature], missing_code: str) -> Sheet:
    def rows():
        for number, feature in enumerate(features, start=1):
            yield number + HEADER_ROWS, [feature.code or None, feature.geometry]

    sheet = Sheet([CODE_COLUMN, GEOMETRY_COLUMN], rows, height=len(features))
    for number, feature in enumerate(features, start=1):
        place = feature_place(number, feature.code)
        row = number + HEADER_ROWS
        if not feature.code:
            sheet.problems.append(RowProblem(row, CODE_COLUMN, missing_code, place))
        if feature.problem:
            sheet.problems.append(RowProblem(row, GEOMETRY_COLUMN, feature.problem, place))
    return sheet


def feature_collection(dataset: tablib.Dataset) -> bytes:
    """Exported rows as a GeoJSON FeatureCollection: the 边界 column is each feature's geometry,
    the other columns its properties (so 统一编码 reads back in)."""
    features = []
    for row in dataset.dict:
        properties = {key: value for key, value in row.items() if key != GEOMETRY_COLUMN}
        features.append(
            {"type": "Feature", "properties": properties, "geometry": row[GEOMETRY_COLUMN]}
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


BOUNDARY_FILES = FileFormats(
    upload_label=gettext_lazy("Boundary file (.geojson, .json or .kml)"),
    accept=".geojson,.json,.kml",
    check=check_boundary_upload,
    read=read_boundary_file,
    export_formats=("geojson",),
    has_template=False,
    help_template="governance/admin/import_help_boundaries.html",
    by_feature=True,
)
