from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.widgets import AdminSnippetChooser

from governance.forms import RegistryForm, ScopedMultipleChooserPanel
from governance.models import Person, TeamStatus, TeamType, VolunteerTeam
from governance.viewsets.columns import RecordTitleColumn
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet


class TeamFilterSet(InSubtreeFilterSet):
    team_type = ModelChoiceFilter(label=_("team type"), queryset=TeamType.objects.all())
    status = ChoiceFilter(label=_("status"), choices=TeamStatus.choices)
    is_party_team = BooleanFilter(label=_("party-member team"))

    class Meta:
        model = VolunteerTeam
        fields = ["within", "team_type", "status", "is_party_team"]


class VolunteerTeamViewSet(GridScopedSnippetViewSet):
    model = VolunteerTeam
    icon = "group"
    menu_order = 300
    filterset_class = TeamFilterSet
    search_fields = ["name", "description"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn(
            "name", label=_("name"), url_namespace="wagtailsnippets_governance_volunteerteam"
        ),
        Column("team_type", label=_("team type")),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("member_count", label=_("number of members"), sort_key="member_count"),
        BooleanColumn("is_party_team", label=_("party-member team")),
        Column("get_status_display", label=_("status")),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("team_type")]),
            FieldPanel("grid"),
            FieldRowPanel(
                [
                    FieldPanel("leader", widget=AdminSnippetChooser(Person)),
                    FieldPanel("member_count"),
                ]
            ),
            ScopedMultipleChooserPanel(
                "memberships", chooser_field_name="person", heading=_("registered members")
            ),
            FieldRowPanel(
                [FieldPanel("is_party_team"), FieldPanel("founded_on"), FieldPanel("status")]
            ),
            FieldPanel("description"),
        ],
        base_form_class=RegistryForm,
    )

    def get_queryset(self, request):
        return VolunteerTeam.objects.select_related("team_type", "grid")


class TeamTypeViewSet(SnippetViewSet):
    model = TeamType
    icon = "tag"
    menu_order = 310
    list_display = ["name", "sort_order"]
