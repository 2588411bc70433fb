"""Reading a KML boundary file: each Placemark is one feature.

The grid code is read from the Placemark's ExtendedData (a <Data name="…"><value> or a
<SimpleData name="…">) named 统一编码, 编码 or code, in that order; failing those, from its <name>
when the name is all digits. The geometry is a <Polygon>, or a <MultiGeometry> of polygons
(nested MultiGeometry too); coordinates are "longitude,latitude[,height]" (WGS-84), heights
dropped.

The file is parsed by expat in one streaming pass with the same refusal as the spreadsheet
scans: a document type declaration or an entity declaration refuses the file before any entity
could expand, so no DTD, no external entity and no entity bomb is ever read.
"""

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from django.utils.translation import gettext as _

from governance.geo.file_features import (
    CODE_KEYS,
    FileFeature,
    GeoFileError,
    code_from,
    geometry_kind_problem,
)
from governance.spreadsheets.cells import normalise_text
from governance.spreadsheets.reading import SafeXmlScan

# Geometries a Placemark may hold that are not areas.
OTHER_GEOMETRIES = {"Point", "LineString", "Model", "Track", "MultiTrack"}
COMMA_SPACING = re.compile(r"\s*,\s*")
SHOWN_TUPLE_CHARS = 40


@dataclass
class Placemark:
    name: str = ""
    data: dict[str, str] = field(default_factory=dict)
    polygons: list[list] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    problem: str = ""
    # The polygon being read: its outer ring and inner rings.
    outer: list | None = None
    inner: list[list] = field(default_factory=list)
    ring_role: str = ""
    data_name: str = ""


class KmlScan(SafeXmlScan):
    """Collects Placemarks while expat reads; keeps only the text it needs."""

    def __init__(self, *, max_features: int):
        super().__init__()
        self.max_features = max_features
        self.features: list[FileFeature] = []
        self.placemark: Placemark | None = None
        self.path: list[str] = []
        self.text: list[str] = []
        self.root_seen = False
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.characters

    @staticmethod
    def refuse_doctype(*args):
        raise GeoFileError(
            _(
                "The KML file holds a document type or entity declaration, which KML never "
                "needs; it is refused."
            )
        )

    def read(self, content: bytes) -> list[FileFeature]:
        try:
            self.parser.Parse(content, True)
        except GeoFileError:
            raise  # refused by a callback (a DOCTYPE, too many features, not KML)
        except expat.ExpatError as error:
            if error.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
                raise GeoFileError(_("A KML file must be UTF-8 text.")) from None
            raise GeoFileError(
                _(
                    "The file is not well-formed XML (line %(line)d, column %(column)d); if it "
                    "is not UTF-8 text, save it as UTF-8."
                )
                % {"line": error.lineno, "column": error.offset + 1}
            ) from None
        except ValueError:
            # pyexpat reads no multi-byte encoding but UTF-8 and UTF-16 (a GBK file is refused).
            raise GeoFileError(_("A KML file must be UTF-8 text.")) from None
        if not self.features:
            raise GeoFileError(_("The KML file holds no Placemark: nothing to import."))
        return self.features

    # -- expat callbacks -----------------------------------------------------------------------
    def start(self, name, attributes):
        local = name.rpartition(":")[2]
        if not self.root_seen:
            self.root_seen = True
            if local != "kml":
                raise GeoFileError(_("The file is XML but not KML: its root is not <kml>."))
        parent = self.path[-1] if self.path else ""
        self.path.append(local)
        self.text = []
        if local == "Placemark" and self.placemark is None:
            if len(self.features) >= self.max_features:
                raise GeoFileError(
                    _("The file holds more than %(limit)d features; split it into smaller files.")
                    % {"limit": self.max_features}
                )
            self.placemark = Placemark()
            return
        mark = self.placemark
        if mark is None:
            return
        if local in ("Data", "SimpleData"):
            mark.data_name = str(attributes.get("name", "")).strip()
        elif local == "Polygon":
            mark.outer, mark.inner = None, []
        elif local in ("outerBoundaryIs", "innerBoundaryIs"):
            mark.ring_role = local
        elif local in OTHER_GEOMETRIES or (
            local == "LinearRing" and parent in ("Placemark", "MultiGeometry")
        ):
            mark.others.append(local)

    def end(self, name):
        local = self.path.pop() if self.path else ""
        parent = self.path[-1] if self.path else ""
        mark = self.placemark
        if mark is None:
            return
        text = "".join(self.text).strip()
        self.text = []
        if local == "Placemark":
            self.features.append(feature_of(mark))
            self.placemark = None
        elif local == "name" and parent == "Placemark":
            mark.name = text
        elif (local == "value" and parent == "Data") or local == "SimpleData":
            if mark.data_name in CODE_KEYS and mark.data_name not in mark.data:
                mark.data[mark.data_name] = text
        elif local == "coordinates" and parent == "LinearRing" and "Polygon" in self.path:
            self.add_ring(mark, text)
        elif local == "Polygon":
            if mark.outer is None:
                mark.problem = mark.problem or _("a polygon has no outer boundary.")
            else:
                mark.polygons.append([mark.outer, *mark.inner])

    def characters(self, data):
        # Only leaf elements' text is ever used; the rest is dropped as it comes.
        if self.placemark is not None and self.path:
            self.text.append(data)

    @staticmethod
    def add_ring(mark: Placemark, text: str) -> None:
        ring = []
        for item in COMMA_SPACING.sub(",", text).split():
            parts = item.split(",")
            try:
                if len(parts) not in (2, 3):
                    raise ValueError
                ring.append([float(parts[0]), float(parts[1])])
            except ValueError:
                mark.problem = mark.problem or _(
                    "the coordinate “%(tuple)s” is not “longitude,latitude[,height]”."
                ) % {"tuple": item[:SHOWN_TUPLE_CHARS]}
                return
        if mark.ring_role == "innerBoundaryIs":
            mark.inner.append(ring)
        else:
            mark.outer = ring


def feature_of(mark: Placemark) -> FileFeature:
    code = code_from(mark.data)
    name = normalise_text(mark.name)
    if not code and name.isascii() and name.isdigit():
        code = name
    if mark.problem:
        return FileFeature(code, None, mark.problem)
    if mark.others:
        return FileFeature(code, None, geometry_kind_problem(mark.others[0]))
    if not mark.polygons:
        return FileFeature(code, None, _("it has no geometry."))
    if len(mark.polygons) == 1:
        return FileFeature(code, {"type": "Polygon", "coordinates": mark.polygons[0]})
    return FileFeature(code, {"type": "MultiPolygon", "coordinates": mark.polygons})


def kml_features(content: bytes, *, max_features: int) -> list[FileFeature]:
    if not content.strip():
        raise GeoFileError(_("The file is empty."))
    return KmlScan(max_features=max_features).read(content)
