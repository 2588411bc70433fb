"""责任事项清单: the district's and streets' lists. Every staff member reads them all (a
community works to its district's list); only editors of the issuing node change them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views

from governance.models import Grid, GridLevel
from governance.officials.forms.records import ResponsibilityItemForm
from governance.officials.models import ListLevel, ResponsibilityItem
from governance.permissions import VIEW
from governance.viewsets.columns import RecordTitleColumn
from governance.viewsets.scoped import GridScopedSnippetViewSet, ScopedIndexView, is_record_id

ISSUING_LEVELS = (GridLevel.DISTRICT, GridLevel.STREET)


def issuing_nodes(request):
    return Grid.objects.filter(level__in=ISSUING_LEVELS).order_by("path")


class ResponsibilityFilterSet(WagtailFilterSet):
    grid = ModelChoiceFilter(label=_("issued by"), queryset=issuing_nodes)
    level = ChoiceFilter(label=_("list"), choices=ListLevel.choices)

    class Meta:
        model = ResponsibilityItem
        fields = ["grid", "level"]


def readable(view):
    return view.permission_policy.instances_user_has_permission_for(view.request.user, VIEW)


class ResponsibilityIndexView(ScopedIndexView):
    """The lists as the policy lets the reader see them (all of them, for staff), with the
    registry's spreadsheet buttons."""

    def get_base_queryset(self):
        # Not the grid scope: a community works to the lists issued above it.
        rows = snippet_views.IndexView.get_base_queryset(self)
        return rows.filter(pk__in=readable(self).values("pk"))


class ResponsibilityInspectView(snippet_views.InspectView):
    def get_object(self, *args, **kwargs):
        item = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, VIEW, item
        ):
            raise PermissionDenied
        return item


class ResponsibilitySearchChooseMixin:
    def get_object_list(self):
        items = super().get_object_list().filter(pk__in=readable(self).values("pk"))
        query = (self.request.GET.get("q") or "").strip()
        if query:
            items = items.filter(Q(number__icontains=query) | Q(title__icontains=query))
        return items.select_related("grid")


class ResponsibilityChooseView(ResponsibilitySearchChooseMixin, chooser_views.ChooseView):
    pass


class ResponsibilityChooseResultsView(
    ResponsibilitySearchChooseMixin, chooser_views.ChooseResultsView
):
    pass


class ResponsibilityChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        if not is_record_id(pk):
            raise PermissionDenied
        return super().get_object(pk)


class ResponsibilityChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ResponsibilityChooseView
    choose_results_view_class = ResponsibilityChooseResultsView
    chosen_view_class = ResponsibilityChosenView

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]


class ResponsibilityItemViewSet(GridScopedSnippetViewSet):
    model = ResponsibilityItem
    icon = "list-ol"
    menu_order = 40
    index_view_class = ResponsibilityIndexView
    inspect_view_class = ResponsibilityInspectView
    chooser_viewset_class = ResponsibilityChooserViewSet
    filterset_class = ResponsibilityFilterSet
    search_fields = ["number", "title"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn(
            "number",
            label=_("item number"),
            url_namespace="wagtailsnippets_officials_responsibilityitem",
        ),
        Column("title", label=_("duty")),
        Column("grid", label=_("issued by"), accessor="grid.name"),
        Column("get_level_display", label=_("list")),
        Column("responsible_unit", label=_("responsible unit")),
    ]
    inspect_view_fields = ["grid", "level", "number", "title", "legal_basis", "responsible_unit"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("grid"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("number"), FieldPanel("responsible_unit")]),
            FieldPanel("title"),
            FieldPanel("legal_basis"),
        ],
        base_form_class=ResponsibilityItemForm,
    )

    def get_queryset(self, request):
        return ResponsibilityItem.objects.select_related("grid")
