"""The registry spreadsheet of the grid tree."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from governance.models import CODE_LENGTH_BY_LEVEL, Grid, GridKind, GridLevel
from governance.models.grids import level_of_code, parent_code_of
from governance.permissions import ADD, CHANGE, EXPORT
from governance.resources.base import RegistryResource
from governance.resources.chunks import in_chunks
from governance.resources.fields import (
    names_in_column,
    text,
)
from governance.resources.widgets import (
    ChoiceWidget,
    DecimalWidget,
    IntegerWidget,
    PhoneWidget,
)
from governance.services.grids import grid_check_new, grid_create

CODE_LENGTHS_TEXT = "、".join(str(length) for length in CODE_LENGTH_BY_LEVEL.values())


class GridResource(RegistryResource):
    """Grids: the parent is the node whose code the row's code extends."""

    key_fields = ("code",)
    compared_attributes = (
        "name",
        "kind",
        "households",
        "population",
        "buildings",
        "coverage",
        "service_hotline",
        "latitude",
        "longitude",
        "notes",
    )
    unchecked_attributes = ("level",)

    code = text("code", "统一编码")
    name = text("name", "名称")
    level = Field(
        attribute="level",
        column_name="层级",
        widget=ChoiceWidget(GridLevel.choices, default=None),
    )
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=ChoiceWidget(GridKind.choices, default=GridKind.REGULAR),
    )
    households = Field(attribute="households", column_name="户数", widget=IntegerWidget())
    population = Field(attribute="population", column_name="人口", widget=IntegerWidget())
    buildings = Field(attribute="buildings", column_name="楼栋数", widget=IntegerWidget())
    coverage = text("coverage", "覆盖楼栋及地址")
    service_hotline = Field(
        attribute="service_hotline", column_name="便民服务电话", widget=PhoneWidget()
    )
    latitude = Field(attribute="latitude", column_name="中心点纬度", widget=DecimalWidget())
    longitude = Field(attribute="longitude", column_name="中心点经度", widget=DecimalWidget())
    notes = text("notes", "备注")

    class Meta(RegistryResource.Meta):
        model = Grid
        fields = (
            "code",
            "name",
            "level",
            "kind",
            "households",
            "population",
            "buildings",
            "coverage",
            "service_hotline",
            "latitude",
            "longitude",
            "notes",
        )
        # New nodes go into the tree one by one (each needs its parent's path).
        use_bulk = False

    def load_lookups(self):
        return {
            "writable": {g.code: g for g in self.grids_for(CHANGE)},
            "addable_under": {g.code: g for g in self.grids_for(ADD)},
        }

    def instance_key(self, grid):
        return (grid.code,)

    def existing_queryset(self, dataset):
        return in_chunks(
            self.known(Grid.objects.all()), "code", names_in_column(dataset, "统一编码")
        )

    def start_file(self, *, dry_run):
        super().start_file(dry_run=dry_run)
        self.parents_of_new: dict[str, Grid | None] = {}

    def check_instance(self, grid, new):
        code = grid.code
        level = level_of_code(code)
        if level is None or not code.isdigit():
            raise ValidationError(
                {
                    "code": _("“%(code)s” is not a unified code: %(lengths)s digits.")
                    % {"code": code, "lengths": CODE_LENGTHS_TEXT}
                }
            )
        # The level follows from the code; a 层级 cell that says otherwise is a mistake.
        if grid.level is not None and grid.level != level:
            raise ValidationError(
                {
                    "level": _(
                        "The level “%(declared)s” does not match the code %(code)s, "
                        "whose %(digits)d digits make it a %(level)s."
                    )
                    % {
                        "declared": GridLevel(grid.level).label,
                        "code": code,
                        "digits": len(code),
                        "level": GridLevel(level).label,
                    }
                }
            )
        grid.level = level
        if not new:
            if code not in self.lookups["writable"]:
                raise ValidationError(
                    {"code": _("You may not change grid %(code)s.") % {"code": code}}
                )
            return
        parent = None
        if level != GridLevel.DISTRICT:
            parent_code = parent_code_of(code)
            parent = self.lookups["addable_under"].get(parent_code)
            if parent is None:
                raise ValidationError(
                    {
                        "code": _(
                            "The parent grid %(parent)s does not exist or is not yours; "
                            "if it is in this file, put it on an earlier row."
                        )
                        % {"parent": parent_code}
                    }
                )
        try:
            grid_check_new(code=code, level=level, parent=parent, user=self.user)
        except ValidationError as error:
            # The parent is given by the code, so a refusal about it belongs to the code column.
            raise ValidationError(
                {
                    ("code" if field == "parent" else field): messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        self.parents_of_new[code] = parent

    def do_instance_save(self, grid, is_create):
        if not is_create:
            grid.save()
            return
        saved = grid_create(grid=grid, parent=self.parents_of_new[grid.code], user=self.user)
        # Later rows may hang under this new node.
        self.lookups["addable_under"][saved.code] = saved
        self.lookups["writable"][saved.code] = saved

    def export_queryset(self):
        return self.restrict(Grid.objects.order_by("path"), EXPORT)
