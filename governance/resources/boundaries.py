"""Grid boundaries from GeoJSON and KML files (read by governance/geo/boundary_files.py).

Each feature sets the boundary of one existing grid, named by its code; no grid is created.
Who may set which boundary follows the grid import: the grids the user may change. A boundary
must be a valid polygon inside its parent's boundary as the file leaves it (within
MAP_PARENT_TOLERANCE_METRES); overlaps between regular siblings are warnings. A grid without a
centre gets one inside its new boundary. Exported, the same columns make a GeoJSON file that
imports back unchanged.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field
from import_export.widgets import Widget

from governance.geo.boundary_checks import FileBoundaries
from governance.geo.boundary_files import CODE_COLUMN, GEOMETRY_COLUMN
from governance.geo.file_features import feature_place
from governance.models import Grid
from governance.models.grids import validate_inside
from governance.permissions import CHANGE, EXPORT
from governance.resources.base import RegistryResource, key_text
from governance.resources.chunks import in_chunks
from governance.resources.fields import GRID_MISSING, text
from governance.resources.widgets import TextWidget

CENTRE_PLACES = Decimal("0.000001")


class GeometryWidget(Widget):
    """The feature's GeoJSON geometry, as the reader left it (a dict, or None)."""

    def clean(self, value, row=None, **kwargs):
        return value if isinstance(value, dict) else None

    def render(self, value, obj=None, **kwargs):
        return value


def describe(boundary) -> str:
    """A boundary as a person reads a change: its kind and size, not its coordinates."""
    if not isinstance(boundary, dict):
        return "—"
    polygons = boundary.get("coordinates") or []
    if boundary.get("type") == "Polygon":
        polygons = [polygons]
    try:
        vertices = sum(len(ring) for polygon in polygons for ring in polygon)
    except TypeError:  # a boundary written raw, never through a form or an import
        return "—"
    return _("%(polygons)d polygon(s), %(vertices)d vertices") % {
        "polygons": len(polygons),
        "vertices": vertices,
    }


class BoundaryResource(RegistryResource):
    key_fields = ("code",)
    compared_attributes = ("boundary", "latitude", "longitude")

    code = text("code", CODE_COLUMN)
    name = Field(attribute="name", column_name="名称", readonly=True, widget=TextWidget())
    level = Field(
        attribute="get_level_display", column_name="层级", readonly=True, widget=TextWidget()
    )
    kind = Field(
        attribute="get_kind_display", column_name="类型", readonly=True, widget=TextWidget()
    )
    boundary = Field(attribute="boundary", column_name=GEOMETRY_COLUMN, widget=GeometryWidget())

    class Meta(RegistryResource.Meta):
        model = Grid
        fields = ("code", "name", "level", "kind", "boundary")
        # Grid.save() keeps the extent and lattice key the map's lookup reads.
        use_bulk = False

    rows_per_chunk = None

    def instance_key(self, grid):
        return (grid.code,)

    def existing_queryset(self, dataset):
        return in_chunks(
            self.known(Grid.objects.all()),
            "code",
            {key_text(code) for code in dataset[CODE_COLUMN]},
        )

    def before_import(self, dataset, **kwargs):
        # A map file is one chunk (rows_per_chunk None): its checks compare all its shapes.
        codes = dataset[CODE_COLUMN]
        self.lookups["writable"] = set(
            in_chunks(
                self.grids_for(CHANGE).values_list("code", flat=True),
                "code",
                {key_text(code) for code in codes},
            )
        )
        geometries = dataset[GEOMETRY_COLUMN]
        self.codes_as_written = ["" if code is None else str(code) for code in codes]
        # Only what the user may change is checked: warnings about a grid the import refuses
        # would tell whether it exists, which the refusal is careful not to say.
        writable = self.lookups["writable"]
        self.checks = FileBoundaries.read(
            [
                (key_text(code), geometry)
                for code, geometry in zip(codes, geometries, strict=True)
                if key_text(code) in writable
            ]
        )
        self.warnings = self.checks.warnings()

    def place_of(self, row_number: int) -> str:
        return feature_place(row_number, self.codes_as_written[row_number - 1])

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.key_of(row)
        if not key[0]:
            return
        first = self.first_row_with(key, row_number)
        if first != row_number:
            raise ValidationError(
                {
                    "code": _(
                        "The same grid is feature %(number)d too; a grid may appear once per file."
                    )
                    % {"number": first}
                }
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=False):
        errors = dict(import_validation_errors or {})
        if not errors:
            try:
                self.check_instance(instance, instance._state.adding)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_instance(self, grid, new):
        code = grid.code
        if not code:
            raise ValidationError({"code": _("The feature names no grid code.")})
        if new or code not in self.lookups["writable"]:
            # One message for both: whether a grid outside one's part of the tree exists is
            # not the importer's business.
            raise ValidationError({"code": GRID_MISSING % {"value": code}})
        if code in self.checks.shape_errors:
            raise ValidationError({"boundary": self.checks.shape_errors[code]})
        shape = self.checks.shapes.get(code)
        if shape is None:
            raise ValidationError({"boundary": _("The feature has no usable boundary.")})
        parent_shape, parent_name = self.checks.parent_of(grid)
        if parent_shape is not None:
            validate_inside(shape, parent_shape, parent_name=parent_name)
        if grid.latitude is None or grid.longitude is None:
            centre = shape.representative_point()
            grid.latitude = Decimal(centre.y).quantize(CENTRE_PLACES)
            grid.longitude = Decimal(centre.x).quantize(CENTRE_PLACES)

    def changed_cells(self, grid) -> dict[str, list[str]]:
        before = getattr(grid, "_import_snapshot", None)
        if before is None:
            return {}
        boundary, latitude, longitude = before
        changes = {}
        if boundary != grid.boundary:
            changes[GEOMETRY_COLUMN] = [describe(boundary), describe(grid.boundary)]
        if (latitude, longitude) != (grid.latitude, grid.longitude):
            changes["中心点"] = [
                "—" if latitude is None else f"{latitude}, {longitude}",
                f"{grid.latitude}, {grid.longitude}",
            ]
        return changes

    def do_instance_save(self, grid, is_create):
        grid.save(update_fields=["boundary", "latitude", "longitude", "updated_at"])

    def export_queryset(self):
        return self.restrict(Grid.objects.filter(boundary__isnull=False).order_by("path"), EXPORT)
