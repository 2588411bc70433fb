"""The care ledger's spreadsheets: households (`households`) and residents (`residents`).

Households are keyed by their address (grid code, building, unit, room); residents by their ID
number, matched through its keyed hash in one query. Exports mask names, ID numbers and phones
wherever the user may not see personal data, and never decrypt an ID number for them.
"""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field
from import_export.widgets import Widget

from governance.care import crypto
from governance.care.id_numbers import clean_id_number, normalise
from governance.care.models import (
    HOUSEHOLD_LEVELS,
    CareGroup,
    CareMembership,
    Household,
    HouseholdTag,
    Relation,
    Resident,
)
from governance.care.models.households import covers_building
from governance.care.services import ledger
from governance.care.services.access_log import record_export
from governance.models.people import mask_name, mask_phone
from governance.permissions import EXPORT, IMPORT
from governance.registry_types import RegistryType
from governance.resources.base import RegistryResource, key_text, sheet_row
from governance.resources.chunks import in_chunks
from governance.resources.fields import names_in_column, text
from governance.resources.widgets import (
    LIST_SEPARATORS,
    ChoiceWidget,
    LookupWidget,
    MultiLookupWidget,
    PhoneWidget,
    TextWidget,
)
from governance.spreadsheets.cells import normalise_text

GRID, BUILDING, UNIT, ROOM = "网格编码", "楼栋", "单元", "房号"
HOUSEHOLD_GRID_MISSING = gettext_lazy(
    "Grid code “%(value)s” is not a third-level or micro grid you may import into."
)
RELATION_LABELS = [
    (Relation.HEAD, "户主"),
    (Relation.SPOUSE, "配偶"),
    (Relation.CHILD, "子女"),
    (Relation.PARENT, "父母"),
    (Relation.GRANDCHILD, "孙子女"),
    (Relation.SIBLING, "兄弟姐妹"),
    (Relation.TENANT, "租户"),
    (Relation.OTHER, "其他"),
]


def household_grids(resource) -> dict:
    """The third-level and micro grids the user may import into, by code."""
    return {
        grid.code: grid
        for grid in resource.grids_for(IMPORT)
        .filter(level__in=HOUSEHOLD_LEVELS)
        .only("id", "code", "path", "name", "level", "coverage")
    }


def address_key(row) -> tuple[str, str, str, str]:
    return tuple(key_text(row.get(column)) for column in (GRID, BUILDING, UNIT, ROOM))


def split_names(value) -> list[str]:
    return [name.strip() for name in LIST_SEPARATORS.split(normalise_text(value)) if name.strip()]


class HouseholdResource(RegistryResource):
    key_fields = ("grid", "building", "unit", "room")
    compared_attributes = ("grid_id", "building", "unit", "room", "notes")
    unchecked_attributes = ("grid",)

    grid = Field(
        attribute="grid",
        column_name=GRID,
        widget=LookupWidget("grids", "code", HOUSEHOLD_GRID_MISSING),
    )
    building = text("building", BUILDING)
    unit = text("unit", UNIT)
    room = text("room", ROOM)
    tags = Field(
        attribute="tags",
        column_name="标签",
        widget=MultiLookupWidget(
            "tags",
            "name",
            gettext_lazy(
                "Household tag “%(value)s” does not exist: add it under the household tags first."
            ),
        ),
    )
    notes = text("notes", "备注")

    class Meta(RegistryResource.Meta):
        model = Household
        fields = ("grid", "building", "unit", "room", "tags", "notes")
        # Tags are a many-to-many set, which bulk writes cannot save.
        use_bulk = False

    @property
    def required_columns(self):
        return [GRID, BUILDING, ROOM]

    def column_help(self):
        return {
            "网格编码": "住户所在三级网格或微网格的统一编码",
            "楼栋": "须是该网格楼栋清单中的一栋（网格未列楼栋时不限）",
            "标签": "已有的住户标签，多个用顿号、逗号或空格分隔",
        }

    def load_lookups(self):
        return {
            "grids": household_grids(self),
            "tags": {tag.name: tag for tag in HouseholdTag.objects.all()},
        }

    def instance_key(self, household):
        return (household.grid.code, household.building, household.unit, household.room)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, GRID)
        households = Household.objects.select_related("grid").prefetch_related(
            Prefetch("tags", queryset=HouseholdTag.objects.order_by("pk"))
        )
        return in_chunks(self.known(households), "grid__code", codes)

    def snapshot(self, household):
        tags = tuple(sorted(t.pk for t in household.tags.all())) if household.pk else ()
        return (*super().snapshot(household), tags)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or getattr(instance, "_import_snapshot", None) is None:
            return False
        column = self.fields["tags"].column_name
        incoming = (
            tuple(sorted(t.pk for t in self.fields["tags"].clean(row)))
            if column in row
            else instance._import_snapshot[-1]
        )
        return instance._import_snapshot == (*super().snapshot(instance), incoming)

    def check_instance(self, household, new):
        errors = {}
        for attribute in ("building", "room"):
            if not getattr(household, attribute):
                errors[attribute] = _("This column may not be empty.")
        if household.building and not covers_building(household.grid, household.building):
            errors["building"] = _("%(building)s is not among the buildings of %(grid)s.") % {
                "building": household.building,
                "grid": household.grid.name,
            }
        if errors:
            raise ValidationError(errors)

    def export_queryset(self):
        households = (
            Household.objects.select_related("grid")
            .prefetch_related(
                Prefetch("tags", queryset=HouseholdTag.objects.order_by("sort_order"))
            )
            .order_by("grid__path", "building", "unit", "room")
        )
        return self.restrict(households, EXPORT)


class IdNumberWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if normalise(value) == "":
            raise ValueError(_("This column may not be empty."))
        try:
            return clean_id_number(value)
        except ValidationError as error:
            raise ValueError(error.messages[0]) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


#: the columns that name a resident's household, keyed as errors report them
HOUSEHOLD_ERRORS = {
    "household_grid": GRID,
    "household_building": BUILDING,
    "household": ROOM,
    "groups": "特殊群体",
}


class ResidentResource(RegistryResource):
    key_fields = ("id_number",)
    compared_attributes = (
        "household_id",
        "grid_id",
        "name",
        "id_number_digest",
        "phone",
        "relation",
        "notes",
    )
    unchecked_attributes = ("household", "grid", "id_number_encrypted")

    name = text("name", "姓名")
    id_number = Field(attribute="id_number", column_name="身份证号", widget=IdNumberWidget())
    phone = Field(attribute="phone", column_name="电话", widget=PhoneWidget(strict=True))
    relation = Field(
        attribute="relation",
        column_name="与户主关系",
        widget=ChoiceWidget(RELATION_LABELS, default=Relation.HEAD),
    )
    grid_code = Field(column_name=GRID, widget=TextWidget())
    building = Field(column_name=BUILDING, widget=TextWidget())
    unit = Field(column_name=UNIT, widget=TextWidget())
    room = Field(column_name=ROOM, widget=TextWidget())
    groups = Field(column_name="特殊群体", widget=TextWidget())
    notes = text("notes", "备注")

    class Meta(RegistryResource.Meta):
        model = Resident
        fields = (
            "name",
            "id_number",
            "phone",
            "relation",
            "grid_code",
            "building",
            "unit",
            "room",
            "groups",
            "notes",
        )
        # Each row may bring memberships and its ID number is encrypted one by one.
        use_bulk = False

    def __init__(self, *, user=None):
        super().__init__(user=user)
        self.active_groups: dict[int, set[int]] = {}
        self.row_groups: dict[int, list[CareGroup]] = {}
        self.saved_ids: list[int] = []
        self.export_groups: dict[int, list[str]] = {}

    @property
    def required_columns(self):
        return ["姓名", "身份证号", GRID, BUILDING, ROOM]

    def column_help(self):
        return {
            "身份证号": "18位，最后一位可为X；按国家标准核对校验位，出生日期和性别由号码得出",
            "与户主关系": "、".join(label for _value, label in RELATION_LABELS) + "，空白为户主",
            "网格编码": "住户所在网格的统一编码；楼栋、单元、房号须与已导入的住户一致",
            "特殊群体": "已有的特殊群体名称，多个用顿号、逗号或空格分隔；从导入当天起计入关爱台账",
            "电话": "仅数字，可含空格或短横线",
        }

    def column_of(self, attribute):
        return HOUSEHOLD_ERRORS.get(attribute) or super().column_of(attribute)

    # -- import ---------------------------------------------------------------------------------
    def load_lookups(self):
        return {
            "grids": household_grids(self),
            "groups": {group.name: group for group in CareGroup.objects.all()},
        }

    def before_import(self, dataset, **kwargs):
        # The households of this chunk's grids only: the whole file's would grow with the file.
        codes = names_in_column(dataset, GRID) & set(self.lookups["grids"])
        self.lookups["households"] = {
            (h.grid.code, h.building, h.unit, h.room): h
            for h in in_chunks(Household.objects.select_related("grid"), "grid__code", codes)
        }
        self.row_groups = {}
        self.saved_ids = []

    def row_key(self, row):
        return (normalise(row.get("身份证号")),)

    def instance_key(self, resident):
        raise NotImplementedError  # matched by the keyed hash in existing_by_key

    def existing_by_key(self, dataset):
        numbers = {normalise(value) for value in dataset["身份证号"]} if dataset.headers else set()
        by_digest = {crypto.lookup_digest(number): number for number in numbers if number}
        residents = in_chunks(
            self.known(Resident.objects.select_related("grid", "household")),
            "id_number_digest",
            by_digest,
        )
        found = {(by_digest[r.id_number_digest],): r for r in residents}
        self.active_groups = {}
        memberships = CareMembership.objects.filter(ledger.active_on(timezone.localdate()))
        for resident_id, group_id in in_chunks(
            memberships.values_list("resident_id", "group_id"),
            "resident_id",
            [r.pk for r in found.values()],
        ):
            self.active_groups.setdefault(resident_id, set()).add(group_id)
        return found

    def before_import_row(self, row, row_number=None, **kwargs):
        key = self.key_of(row)
        first = self.first_row_with(key, row_number)
        if key != ("",) and first != row_number:
            raise ValidationError(
                {
                    "id_number": _("This ID number already appears in row %(row)d of the file.")
                    % {"row": sheet_row(first)}
                }
            )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        household_errors = self.find_household(instance, row)
        groups, missing = [], []
        for name in split_names(row.get("特殊群体")):
            group = self.lookups["groups"].get(name)
            (groups.append if group else missing.append)(group or name)
        if missing:
            household_errors["groups"] = _(
                "Special group “%(value)s” does not exist: add it under the special groups first."
            ) % {"value": "、".join(missing)}
        instance._import_groups = groups
        errors.update(household_errors)
        if errors:
            raise ValidationError(errors)

    def find_household(self, resident, row) -> dict:
        code, building, unit, room = address_key(row)
        grid = self.lookups["grids"].get(code)
        if grid is None:
            return {"household_grid": str(HOUSEHOLD_GRID_MISSING) % {"value": code}}
        if not building:
            return {"household_building": _("This column may not be empty.")}
        if not room:
            return {"household": _("This column may not be empty.")}
        if not covers_building(grid, building):
            return {
                "household_building": _("%(building)s is not among the buildings of %(grid)s.")
                % {"building": building, "grid": grid.name}
            }
        household = self.lookups["households"].get((code, building, unit, room))
        if household is None:
            address = Household(grid=grid, building=building, unit=unit, room=room).address
            return {
                "household": _(
                    "There is no household at %(address)s in %(grid)s: import the households first."
                )
                % {"address": address, "grid": grid.name}
            }
        resident.household = household
        resident.grid = household.grid
        return {}

    def column_groups(self, resident) -> set[int]:
        return {group.pk for group in getattr(resident, "_import_groups", [])}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        return self.column_groups(instance) <= self.active_groups.get(instance.pk, set())

    def check_instance(self, resident, new):
        errors = {}
        if not resident.name:
            errors["name"] = _("This column may not be empty.")
        if errors:
            raise ValidationError(errors)

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if not new:
            # Checked against the scope before the row moves it to a new household.
            instance._registered_grid_path = instance.grid.path

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=False):
        registered = getattr(instance, "_registered_grid_path", None)
        if (
            registered is not None
            and self.scope is not None
            and not self.scope.allows(IMPORT, registered)
        ):
            # Say nothing of where: the household lies outside what this user may see.
            errors = dict(import_validation_errors or {})
            errors["id_number"] = [_("This ID number is already registered.")]
            raise ValidationError(errors)
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        self.saved_ids.append(instance.pk)
        active = self.active_groups.get(instance.pk, set())
        new_groups = [g for g in getattr(instance, "_import_groups", []) if g.pk not in active]
        if new_groups:
            self.row_groups[instance.pk] = new_groups

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        today = timezone.localdate()
        CareMembership.objects.bulk_create(
            CareMembership(resident_id=resident_id, group=group, start_date=today)
            for resident_id, groups in self.row_groups.items()
            for group in groups
        )
        if self.saved_ids:
            ledger.refresh(self.saved_ids)

    # -- export ---------------------------------------------------------------------------------
    def export_queryset(self):
        residents = Resident.objects.select_related("grid", "household").order_by(
            "grid__path", "household__building", "household__unit", "household__room", "id"
        )
        return self.restrict(residents, EXPORT)

    def before_export(self, queryset, **kwargs):
        self.export_groups = {}
        memberships = (
            CareMembership.objects.filter(
                ledger.active_on(timezone.localdate()), resident__in=queryset.values("pk")
            )
            .select_related("group")
            .order_by("group__sort_order", "group__name")
        )
        for membership in memberships:
            self.export_groups.setdefault(membership.resident_id, []).append(membership.group.name)

    def sees(self, resident) -> bool:
        return self.scope is None or self.scope.sees_personal_data(resident.grid.path)

    def dehydrate_name(self, resident):
        return resident.name if self.sees(resident) else mask_name(resident.name)

    def dehydrate_id_number(self, resident):
        # Only those who may see it make the number leave its encryption.
        return resident.id_number if self.sees(resident) else resident.id_number_masked

    def dehydrate_phone(self, resident):
        return resident.phone if self.sees(resident) else mask_phone(resident.phone)

    def dehydrate_notes(self, resident):
        return resident.notes if self.sees(resident) else ""

    def dehydrate_grid_code(self, resident):
        return resident.grid.code

    def dehydrate_building(self, resident):
        return resident.household.building

    def dehydrate_unit(self, resident):
        return resident.household.unit

    def dehydrate_room(self, resident):
        return resident.household.room

    def dehydrate_groups(self, resident):
        return "、".join(self.export_groups.get(resident.pk, []))


#: registered by CareConfig; exports ask a reason and are written to the access log
SPREADSHEET_TYPES = (
    RegistryType(
        "households", "住户", HouseholdResource, asks_reason=True, on_export=record_export
    ),
    RegistryType("residents", "居民", ResidentResource, asks_reason=True, on_export=record_export),
)
