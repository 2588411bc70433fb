"""任务清单: the tasks of the user's grids and those the user owns as a young official; open
ones past their deadline carry a red 已逾期. Tasks come from triage or the task form here, with
a deadline in working days."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn

from governance.officials.forms.records import TaskForm
from governance.officials.models import Task, TaskStatus, YoungOfficial
from governance.officials.selectors.work import visible_tasks
from governance.officials.services import workflow
from governance.officials.viewsets.columns import NameColumn, OverdueColumn
from governance.officials.viewsets.creating import ServiceCreateView
from governance.permissions import VIEW, scope_for
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet, ScopedIndexView


def officials_in_scope(request):
    if request is None:
        return YoungOfficial.objects.none()
    return scope_for(request).restrict(
        YoungOfficial.objects.select_related("person"), VIEW, path_field="person__grid__path"
    )


class TaskFilterSet(InSubtreeFilterSet):
    status = ChoiceFilter(label=_("status"), choices=TaskStatus.choices)
    overdue = BooleanFilter(label=_("overdue"), method="filter_overdue")
    owner_official = ModelChoiceFilter(
        label=_("owner (young official)"), queryset=officials_in_scope
    )

    class Meta:
        model = Task
        fields = ["status", "overdue", "within", "owner_official"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=TaskStatus.OPEN, due_on__lt=workflow.today())
        return queryset.filter(late) if value else queryset.exclude(late)


class TaskIndexView(ScopedIndexView):
    def get_base_queryset(self):
        # A young official also sees the tasks given to them outside their own grids, so the
        # rows are the selector's, not the plain grid scope's.
        rows = super(ScopedIndexView, self).get_base_queryset()
        return rows.filter(pk__in=visible_tasks(self.request.user).values("pk"))


class TaskViewSet(GridScopedSnippetViewSet):
    model = Task
    icon = "tasks"
    menu_order = 20
    index_view_class = TaskIndexView
    add_view_class = ServiceCreateView
    inspect_view_enabled = False
    # A copy would be saved by the form, not by the workflow.
    copy_view_enabled = False
    filterset_class = TaskFilterSet
    search_fields = ["title"]  # as the needs: descriptions may come from a visit
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=_("title"), url_name="officials_task"),
        OverdueColumn(),
        StatusTagColumn(
            "get_status_display",
            label=_("status"),
            primary=lambda task: task.status == TaskStatus.OPEN,
        ),
        Column("grid", label=_("grid"), accessor="grid.name"),
        NameColumn("owner", label=_("owner")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("grid"),
            FieldPanel("responsibility"),
            MultiFieldPanel(
                [
                    FieldPanel("owner_official"),
                    FieldPanel("owner_person"),
                    FieldPanel("owner_team"),
                ],
                heading=_("Owner: one young official, person or team"),
            ),
            FieldRowPanel([FieldPanel("working_days"), FieldPanel("due_on")]),
        ],
        base_form_class=TaskForm,
    )

    def get_queryset(self, request):
        return Task.objects.select_related(
            "grid", "owner_official__person", "owner_person", "owner_team"
        ).order_by("status", "due_on", "pk")
