"""The five registry spreadsheets. Column titles are the Chinese labels clerks already use;
foreign keys are natural keys (grid code, role name, kind name), never database ids."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.models import (
    CODE_LENGTH_BY_LEVEL,
    Amenity,
    Grid,
    GridKind,
    GridLevel,
    Person,
    Role,
    ServicePoint,
    ServicePointKind,
    TallyEntry,
    TallyKind,
    TeamStatus,
    TeamType,
    VolunteerTeam,
    WalkingRing,
)
from governance.models.grids import validate_grid_placement
from governance.periods import Period
from governance.permissions import ADD, CHANGE, EXPORT
from governance.resources.base import RegistryResource, key_text
from governance.resources.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    LookupWidget,
    MultiLookupWidget,
    PhoneWidget,
    TextWidget,
)
from governance.services.grids import grid_insert
from governance.spreadsheets.cells import normalise_text

GRID_MISSING = gettext_lazy(
    "Grid code “%(value)s” does not exist or is outside the part of the tree you may import into."
)


def grid_code_field(column="网格编码"):
    return Field(
        attribute="grid",
        column_name=column,
        widget=LookupWidget("grids", "code", GRID_MISSING),
    )


def grid_name_field():
    return Field(attribute="grid__name", column_name="网格名称", readonly=True, widget=TextWidget())


def text(attribute, column):
    return Field(attribute=attribute, column_name=column, widget=TextWidget())


def names_in_column(dataset, column) -> set[str]:
    if column not in (dataset.headers or []):
        return set()
    return {key_text(value) for value in dataset[column]}


class GridResource(RegistryResource):
    """Grids: the parent is the node whose code the row's code extends."""

    type_key = "grids"
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
        readonly=True,
        widget=ChoiceWidget(GridLevel.choices),
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

    def load_lookups(self, dataset):
        return {
            "writable": {g.code: g for g in self.grids_for(CHANGE)},
            "addable_under": {g.code: g for g in self.grids_for(ADD)},
        }

    def instance_key(self, grid):
        return (grid.code,)

    def existing_queryset(self, dataset):
        return Grid.objects.filter(code__in=names_in_column(dataset, "统一编码"))

    def check_instance(self, grid, new):
        code = grid.code
        level = next(
            (lvl for lvl, length in CODE_LENGTH_BY_LEVEL.items() if len(code) == length), None
        )
        if level is None or not code.isdigit():
            raise ValidationError(
                {
                    "code": _("“%(code)s” is not a unified code: 6, 9, 12, 15 or 18 digits.")
                    % {"code": code}
                }
            )
        if not new:
            if code not in self.lookups["writable"]:
                raise ValidationError(
                    {"code": _("You may not change grid %(code)s.") % {"code": code}}
                )
            return
        grid.level = level
        parent = None
        if level != GridLevel.DISTRICT:
            parent_code = code[: CODE_LENGTH_BY_LEVEL[level - 1]]
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
        elif self.scope is not None and not self.scope.is_superuser:
            raise ValidationError({"code": _("Only a superuser can create a district.")})
        validate_grid_placement(code=code, level=level, parent=parent, is_root=parent is None)
        grid._intended_parent = parent

    def do_instance_save(self, grid, is_create):
        if not is_create:
            grid.save()
            return
        saved = grid_insert(grid, grid._intended_parent)
        # Later rows may hang under this new node.
        self.lookups["addable_under"][saved.code] = saved
        self.lookups["writable"][saved.code] = saved

    def export_queryset(self):
        return self.restrict(Grid.objects.order_by("path"), EXPORT)


class PersonResource(RegistryResource):
    type_key = "people"
    key_fields = ("grid", "name", "role")
    compared_attributes = (
        "grid_id",
        "name",
        "role_id",
        "phone",
        "phone_public",
        "unit",
        "start_date",
        "end_date",
        "notes",
    )
    unchecked_attributes = ("grid", "role")

    grid = grid_code_field()
    grid_name = grid_name_field()
    name = text("name", "姓名")
    role = Field(
        attribute="role",
        column_name="角色",
        widget=LookupWidget(
            "roles",
            "name",
            gettext_lazy(
                "Role “%(value)s” does not exist: add it under Registry lists › Roles first."
            ),
        ),
    )
    phone = Field(attribute="phone", column_name="电话", widget=PhoneWidget())
    phone_public = Field(attribute="phone_public", column_name="电话公开", widget=BooleanWidget())
    unit = text("unit", "派出单位")
    start_date = Field(attribute="start_date", column_name="开始日期", widget=DateWidget())
    end_date = Field(attribute="end_date", column_name="结束日期", widget=DateWidget())
    notes = text("notes", "备注")

    class Meta(RegistryResource.Meta):
        model = Person
        fields = (
            "grid",
            "grid_name",
            "name",
            "role",
            "phone",
            "phone_public",
            "unit",
            "start_date",
            "end_date",
            "notes",
        )

    def load_lookups(self, dataset):
        return {
            "grids": self.import_grids_by_code(),
            "roles": {role.name: role for role in Role.objects.all()},
        }

    def instance_key(self, person):
        return (person.grid.code, person.name, person.role.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        return Person.objects.filter(grid__code__in=codes).select_related("grid", "role")

    def check_instance(self, person, new):
        if person.start_date and person.end_date and person.end_date < person.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    def dehydrate_phone(self, person):
        if not person.phone or person.phone_public:
            return person.phone
        if self.scope is None or self.scope.sees_private_phone(person.grid.path):
            return person.phone
        return person.masked_phone

    def export_queryset(self):
        people = Person.objects.select_related("grid", "role").order_by(
            "grid__path", "role__sort_order", "name"
        )
        return self.restrict(people, EXPORT)


class VolunteerTeamResource(RegistryResource):
    type_key = "teams"
    key_fields = ("grid", "name")
    compared_attributes = (
        "grid_id",
        "name",
        "team_type_id",
        "member_count",
        "is_party_team",
        "founded_on",
        "status",
        "description",
    )
    unchecked_attributes = ("grid", "team_type", "leader")

    grid = grid_code_field()
    grid_name = grid_name_field()
    name = text("name", "队伍名称")
    team_type = Field(
        attribute="team_type",
        column_name="队伍类型",
        widget=LookupWidget(
            "team_types",
            "name",
            gettext_lazy(
                "Team type “%(value)s” does not exist: add it to the registry lists first."
            ),
        ),
    )
    leader = Field(
        attribute="leader__name", column_name="负责人", readonly=True, widget=TextWidget()
    )
    member_count = Field(attribute="member_count", column_name="成员人数", widget=IntegerWidget())
    is_party_team = Field(
        attribute="is_party_team", column_name="党员服务队", widget=BooleanWidget()
    )
    founded_on = Field(attribute="founded_on", column_name="成立日期", widget=DateWidget())
    status = Field(
        attribute="status",
        column_name="状态",
        widget=ChoiceWidget(TeamStatus.choices, default=TeamStatus.ACTIVE),
    )
    description = text("description", "说明")

    class Meta(RegistryResource.Meta):
        model = VolunteerTeam
        fields = (
            "grid",
            "grid_name",
            "name",
            "team_type",
            "leader",
            "member_count",
            "is_party_team",
            "founded_on",
            "status",
            "description",
        )

    def load_lookups(self, dataset):
        return {
            "grids": self.import_grids_by_code(),
            "team_types": {t.name: t for t in TeamType.objects.all()},
        }

    def instance_key(self, team):
        return (team.grid.code, team.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        return VolunteerTeam.objects.filter(grid__code__in=codes).select_related("grid", "leader")

    def export_queryset(self):
        teams = VolunteerTeam.objects.select_related("grid", "team_type", "leader").order_by(
            "grid__path", "name"
        )
        return self.restrict(teams, EXPORT)


class ServicePointResource(RegistryResource):
    type_key = "service-points"
    key_fields = ("grid", "name")
    compared_attributes = (
        "grid_id",
        "name",
        "kind_id",
        "address",
        "latitude",
        "longitude",
        "walking_minutes",
        "opening_hours",
        "phone",
        "description",
        "is_active",
    )
    unchecked_attributes = ("grid", "kind")

    grid = grid_code_field()
    grid_name = grid_name_field()
    name = text("name", "名称")
    kind = Field(
        attribute="kind",
        column_name="类型",
        widget=LookupWidget(
            "kinds",
            "name",
            gettext_lazy(
                "Service point kind “%(value)s” does not exist: add it to the registry lists first."
            ),
        ),
    )
    address = text("address", "地址")
    latitude = Field(attribute="latitude", column_name="纬度", widget=DecimalWidget())
    longitude = Field(attribute="longitude", column_name="经度", widget=DecimalWidget())
    walking_minutes = Field(
        attribute="walking_minutes",
        column_name="步行圈（分钟）",
        widget=ChoiceWidget([(m.value, str(m.value)) for m in WalkingRing], default=15),
    )
    opening_hours = text("opening_hours", "开放时间")
    phone = Field(attribute="phone", column_name="公开电话", widget=PhoneWidget())
    amenities = Field(
        attribute="amenities",
        column_name="服务项目",
        widget=MultiLookupWidget(
            "amenities",
            "name",
            gettext_lazy("Service “%(value)s” does not exist: add it to the registry lists first."),
        ),
    )
    description = text("description", "说明")
    is_active = Field(attribute="is_active", column_name="开放中", widget=BooleanWidget())

    class Meta(RegistryResource.Meta):
        model = ServicePoint
        fields = (
            "grid",
            "grid_name",
            "name",
            "kind",
            "address",
            "latitude",
            "longitude",
            "walking_minutes",
            "opening_hours",
            "phone",
            "amenities",
            "description",
            "is_active",
        )
        # Services offered are a many-to-many set, which bulk writes cannot save.
        use_bulk = False

    def load_lookups(self, dataset):
        return {
            "grids": self.import_grids_by_code(),
            "kinds": {k.name: k for k in ServicePointKind.objects.all()},
            "amenities": {a.name: a for a in Amenity.objects.all()},
        }

    def instance_key(self, point):
        return (point.grid.code, point.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        return (
            ServicePoint.objects.filter(grid__code__in=codes)
            .select_related("grid")
            .prefetch_related(Prefetch("amenities", queryset=Amenity.objects.order_by("pk")))
        )

    def snapshot(self, point):
        amenities = tuple(sorted(a.pk for a in point.amenities.all())) if point.pk else ()
        return (*super().snapshot(point), amenities)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or getattr(instance, "_import_snapshot", None) is None:
            return False
        column = self.fields["amenities"].column_name
        incoming = (
            tuple(sorted(a.pk for a in self.fields["amenities"].clean(row)))
            if column in row
            else instance._import_snapshot[-1]
        )
        return instance._import_snapshot == (*super().snapshot(instance), incoming)

    def export_queryset(self):
        points = (
            ServicePoint.objects.select_related("grid", "kind")
            .prefetch_related("amenities")
            .order_by("grid__path", "name")
        )
        return self.restrict(points, EXPORT)


class TallyEntryResource(RegistryResource):
    type_key = "tallies"
    key_fields = ("grid", "kind", "period")
    compared_attributes = ("grid_id", "kind_id", "period_start", "period_end", "value", "note")
    unchecked_attributes = ("grid", "kind", "entered_by")

    grid = grid_code_field()
    grid_name = grid_name_field()
    kind = Field(
        attribute="kind",
        column_name="统计项",
        widget=LookupWidget(
            "kinds",
            "name",
            gettext_lazy(
                "Tally kind “%(value)s” does not exist: "
                "add it under Registry lists › Tally kinds first."
            ),
        ),
    )
    unit = Field(attribute="kind__unit", column_name="单位", readonly=True, widget=TextWidget())
    period = Field(attribute="period", column_name="统计期", widget=TextWidget())
    value = Field(attribute="value", column_name="数值", widget=IntegerWidget())
    note = text("note", "备注")

    class Meta(RegistryResource.Meta):
        model = TallyEntry
        fields = ("grid", "grid_name", "kind", "unit", "period", "value", "note")

    def load_lookups(self, dataset):
        return {
            "grids": self.import_grids_by_code(),
            "kinds": {k.name: k for k in TallyKind.objects.all()},
        }

    def row_key(self, row):
        code = key_text(row.get("网格编码"))
        kind = key_text(row.get("统计项"))
        try:
            period = Period.parse(normalise_text(row.get("统计期")))
            return (code, kind, period.start, period.end)
        except ValueError:
            return (code, kind, normalise_text(row.get("统计期")))

    def instance_key(self, entry):
        return (entry.grid.code, entry.kind.name, entry.period_start, entry.period_end)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        return TallyEntry.objects.filter(grid__code__in=codes).select_related("grid", "kind")

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute != "period":
            return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        if field.column_name not in row:
            return None
        period = Period.parse(normalise_text(row[field.column_name]))
        instance.period_start, instance.period_end = period.start, period.end
        return None

    def dehydrate_period(self, entry):
        if Period.whole_month(entry.period_start, entry.period_end):
            return f"{entry.period_start:%Y-%m}"
        return f"{entry.period_start:%Y-%m-%d}..{entry.period_end:%Y-%m-%d}"

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if new and self.user is not None:
            instance.entered_by = self.user

    def export_queryset(self):
        entries = TallyEntry.objects.select_related("grid", "kind").order_by(
            "grid__path", "kind__sort_order", "period_start"
        )
        return self.restrict(entries, EXPORT)


RESOURCES: dict[str, type[RegistryResource]] = {
    resource.type_key: resource
    for resource in (
        GridResource,
        PersonResource,
        VolunteerTeamResource,
        ServicePointResource,
        TallyEntryResource,
    )
}
TYPE_LABELS = {
    "grids": "网格",
    "people": "人员",
    "teams": "志愿服务队",
    "service-points": "服务点",
    "tallies": "工作台账",
}
