"""The responsibility lists' spreadsheet (`import_registry responsibilities` / `export_registry
responsibilities`): one row per duty, keyed by the issuing district or street, the list and the
item number, so a re-imported list updates its items in place.

Importing needs the import right on the issuing node; exporting gives the items of the nodes the
user may export from. The lists hold no personal data.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export.fields import Field

from governance.models.grids import GridLevel
from governance.officials.models import ListLevel, ResponsibilityItem
from governance.permissions import EXPORT
from governance.registry_types import RegistryType
from governance.resources.base import RegistryResource, key_text, sheet_row
from governance.resources.chunks import in_chunks
from governance.resources.fields import GRID_MISSING, names_in_column, text
from governance.resources.widgets import ChoiceWidget, LookupWidget
from governance.spreadsheets.cells import normalise_text

ISSUER, LIST, NUMBER, TITLE, BASIS, UNIT = (
    "制定单位编码",
    "清单",
    "事项编号",
    "责任事项",
    "法律依据",
    "责任单位",
)
# The sheet is a data format: its list names are the Chinese ones clerks write.
LIST_LABELS = [(ListLevel.STREET, "街道清单"), (ListLevel.COMMUNITY, "社区清单")]
ISSUING_LEVELS = (GridLevel.DISTRICT, GridLevel.STREET)
# Checked before the model's own rules so an empty cell reads as the other sheets say it.
REQUIRED_TEXT = ("number", "title", "responsible_unit")


class ResponsibilityItemResource(RegistryResource):
    key_fields = ("grid", "level", "number")
    compared_attributes = (
        "grid_id",
        "level",
        "number",
        "title",
        "legal_basis",
        "responsible_unit",
    )
    unchecked_attributes = ("grid",)

    grid = Field(
        attribute="grid", column_name=ISSUER, widget=LookupWidget("grids", "code", GRID_MISSING)
    )
    level = Field(attribute="level", column_name=LIST, widget=ChoiceWidget(LIST_LABELS))
    number = text("number", NUMBER)
    title = text("title", TITLE)
    legal_basis = text("legal_basis", BASIS)
    responsible_unit = text("responsible_unit", UNIT)

    class Meta(RegistryResource.Meta):
        model = ResponsibilityItem
        fields = ("grid", "level", "number", "title", "legal_basis", "responsible_unit")

    @property
    def required_columns(self):
        return [ISSUER, LIST, NUMBER, TITLE, UNIT]

    def column_help(self):
        return {
            ISSUER: (
                "制定清单的区或街道的统一编码（区6位、街道9位）；区可制定街道清单和社区清单，"
                "街道只能为所辖社区制定社区清单"
            ),
            LIST: "街道清单 或 社区清单",
            NUMBER: (
                "同一制定单位的同一清单内不可重复，如 001；再次导入时按制定单位、清单和编号更新"
            ),
            TITLE: "责任事项的名称",
            BASIS: "法律法规及条款，如《中华人民共和国城乡规划法》第六十四条，可留空",
            UNIT: "承担该事项的单位，如 街道办事处、区民政局；多个用顿号分隔",
        }

    # -- import ---------------------------------------------------------------------------------
    def load_lookups(self):
        # Every node the user may import into, whatever its level: a community's code is then
        # refused for what it is, while a node outside the scope stays unknown.
        return {"grids": self.import_grids_by_code()}

    def list_level(self, value):
        """A 清单 cell as the widget reads it, or its text when it names no list."""
        text_value = normalise_text(value)
        return self.fields["level"].widget.by_text.get(text_value, text_value)

    def row_key(self, row):
        return (
            key_text(row.get(ISSUER)),
            self.list_level(row.get(LIST)),
            key_text(row.get(NUMBER)),
        )

    def instance_key(self, item):
        return (item.grid.code, item.level, item.number)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, ISSUER)
        items = self.known(ResponsibilityItem.objects.select_related("grid"))
        return in_chunks(items, "grid__code", codes)

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.key_of(row)
        first = self.first_row_with(key, row_number)
        if key[2] and first != row_number:
            raise ValidationError(
                {
                    "number": _("Row %(row)d of the file already has this number in the same list.")
                    % {"row": sheet_row(first)}
                }
            )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=False):
        errors = dict(import_validation_errors or {})
        for attribute in REQUIRED_TEXT:
            if not getattr(instance, attribute) and attribute not in errors:
                errors[attribute] = [_("This column may not be empty.")]
        super().validate_instance(instance, errors, validate_unique)

    def check_instance(self, item, new):
        grid = item.grid
        if grid.level not in ISSUING_LEVELS:
            raise ValidationError(
                {
                    "grid": _(
                        "%(grid)s (%(code)s) is not a district or a street: only they issue "
                        "responsibility lists."
                    )
                    % {"grid": grid.name, "code": grid.code}
                }
            )
        # A list says what a level below its issuer owes: a street issues its communities' list.
        if item.level <= grid.level:
            raise ValidationError(
                {
                    "level": _("%(grid)s is a street: it may issue only a community list.")
                    % {"grid": grid.name}
                }
            )

    # -- export ---------------------------------------------------------------------------------
    def export_queryset(self):
        items = ResponsibilityItem.objects.select_related("grid").order_by(
            "grid__path", "level", "number"
        )
        return self.restrict(items, EXPORT)


RESPONSIBILITIES = RegistryType("responsibilities", "责任事项清单", ResponsibilityItemResource)

#: registered by OfficialsConfig; the lists' admin is the app's own (viewset None)
SPREADSHEET_TYPES = (RESPONSIBILITIES,)
