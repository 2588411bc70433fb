"""领题攻坚: projects a young official or a team takes up, with milestones; each opens its page
(milestones reached, outcome, photos, publishing)."""

from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn, TitleColumn

from governance.officials.forms.records import ProjectForm
from governance.officials.models import Project, ProjectStatus
from governance.officials.viewsets.columns import NameColumn
from governance.officials.viewsets.creating import ServiceCreateView
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet


class ProjectFilterSet(InSubtreeFilterSet):
    status = ChoiceFilter(label=_("status"), choices=ProjectStatus.choices)

    class Meta:
        model = Project
        fields = ["status", "within", "is_public"]


class ProjectViewSet(GridScopedSnippetViewSet):
    model = Project
    icon = "pick"
    menu_order = 30
    add_view_class = ServiceCreateView
    inspect_view_enabled = False
    # A copy would be saved by the form, not by the workflow.
    copy_view_enabled = False
    filterset_class = ProjectFilterSet
    search_fields = ["title", "problem"]
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=_("title"), url_name="officials_project"),
        StatusTagColumn(
            "get_status_display",
            label=_("status"),
            primary=lambda project: project.status == ProjectStatus.ACTIVE,
        ),
        Column("grid", label=_("grid"), accessor="grid.name"),
        NameColumn("claimant", label=_("claimed by")),
        DateColumn("claimed_on", label=_("claimed on")),
        BooleanColumn("is_public", label=_("public")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("grid"),
            FieldRowPanel([FieldPanel("claimed_by_official"), FieldPanel("claimed_by_team")]),
            FieldPanel("claimed_on"),
            FieldPanel("problem"),
            FieldPanel("goal"),
            InlinePanel(
                "milestones",
                label=_("milestone"),
                heading=_("milestones"),
                panels=[FieldRowPanel([FieldPanel("title"), FieldPanel("due_on")])],
            ),
            FieldPanel("needs"),
            FieldPanel("tasks"),
        ],
        base_form_class=ProjectForm,
    )

    def get_queryset(self, request):
        return Project.objects.select_related(
            "grid", "claimed_by_official__person", "claimed_by_team"
        )
