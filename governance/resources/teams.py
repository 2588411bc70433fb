"""The registry spreadsheet of volunteer teams."""

from django.utils.translation import gettext_lazy
from import_export.fields import Field

from governance.models import (
    TeamStatus,
    TeamType,
    VolunteerTeam,
)
from governance.permissions import EXPORT
from governance.resources.base import RegistryResource
from governance.resources.chunks import in_chunks
from governance.resources.fields import grid_code_field, grid_name_field, names_in_column, text
from governance.resources.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    IntegerWidget,
    LookupWidget,
    TextWidget,
)


class VolunteerTeamResource(RegistryResource):
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

    def load_lookups(self):
        return {
            "grids": self.import_grids_by_code(),
            "team_types": {t.name: t for t in TeamType.objects.all()},
        }

    def instance_key(self, team):
        return (team.grid.code, team.name)

    def existing_queryset(self, dataset):
        codes = names_in_column(dataset, "网格编码")
        return in_chunks(
            self.known(VolunteerTeam.objects.select_related("grid", "leader")), "grid__code", codes
        )

    def export_queryset(self):
        teams = VolunteerTeam.objects.select_related("grid", "team_type", "leader").order_by(
            "grid__path", "name"
        )
        return self.restrict(teams, EXPORT)
