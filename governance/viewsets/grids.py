"""The grid tree in the admin: browse into children, breadcrumbs, counts, roll-up table."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import CreateView

from governance.forms import GridForm, initial_for_new_grid
from governance.geo.overlaps import overlapping_siblings
from governance.models import Grid, GridKind, GridLevel
from governance.periods import Period
from governance.permissions import ADD, EXPORT, IMPORT, VIEW, scope_for
from governance.selectors import rollup_table, subtree_counts, with_subtree_totals
from governance.viewsets.columns import ChildrenColumn, RolledUpColumn
from governance.viewsets.filters import subtree_choices
from governance.viewsets.scoped import (
    GridScopedSnippetViewSet,
    ScopedChooseResultsView,
    ScopedChooserViewSet,
    ScopedChooseView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
)
from governance.widgets import BoundaryMapWidget


class GridFilterSet(WagtailFilterSet):
    level = ChoiceFilter(label=_("level"), choices=GridLevel.choices)
    kind = ChoiceFilter(label=_("kind"), choices=GridKind.choices)

    class Meta:
        model = Grid
        fields = ["level", "kind"]


class GridChooserFilterForm(BaseFilterForm):
    """The grid chooser holds hundreds of grids: find one by name or code, or narrow the list to
    a level and to the part of the tree under a district, street or community."""

    q = forms.CharField(label=_("Search term"), required=False)
    level = forms.TypedChoiceField(
        label=_("level"), choices=[("", "—"), *GridLevel.choices], coerce=int, required=False
    )
    parent = forms.ModelChoiceField(label=_("within"), queryset=Grid.objects.none(), required=False)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = subtree_choices(request).order_by("path")

    def filter(self, objects):
        query = self.cleaned_data.get("q", "").strip()
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(code__startswith=query))
            self.is_searching, self.search_query = True, query
        if self.cleaned_data.get("level"):
            objects = objects.filter(level=self.cleaned_data["level"])
        if parent := self.cleaned_data.get("parent"):
            objects = objects.filter(path__startswith=parent.path).exclude(pk=parent.pk)
        return objects.order_by("path")


class GridChooserFilterMixin:
    def get_filter_form(self):
        return GridChooserFilterForm(self.request.GET, request=self.request)


class GridChooseView(GridChooserFilterMixin, ScopedChooseView):
    pass


class GridChooseResultsView(GridChooserFilterMixin, ScopedChooseResultsView):
    pass


class GridChooserViewSet(ScopedChooserViewSet):
    choose_view_class = GridChooseView
    choose_results_view_class = GridChooseResultsView


class GridIndexView(ScopedIndexView):
    """Without a search or filter, shows one level of the tree: `?parent=<id>` or the top."""

    @cached_property
    def parent(self):
        pk = self.request.GET.get("parent", "")
        if not pk.isdigit():
            return None
        parent = Grid.objects.filter(pk=pk).first()
        if parent and scope_for(self.request).allows(VIEW, parent.path):
            return parent
        return None

    def get_base_queryset(self):
        queryset = with_subtree_totals(
            super().get_base_queryset().annotate(people_count=Count("people"))
        )
        if self.parent is not None:
            return queryset.filter(path__startswith=self.parent.path, depth=self.parent.depth + 1)
        if self.is_searching or self.is_filtering:
            return queryset
        scope = scope_for(self.request)
        if scope.is_superuser:
            return queryset.filter(depth=1)
        paths = scope.paths_for(VIEW)
        # The top of a scoped user's tree: assigned nodes not inside another assigned node.
        tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        return queryset.filter(path__in=tops)

    def get_export_base_queryset(self):
        # The tree shows one level at a time; exporting it gives the whole branch below.
        queryset = ScopedIndexView.get_base_queryset(self)
        if self.parent is not None and not (self.is_searching or self.is_filtering):
            return queryset.filter(path__startswith=self.parent.path).exclude(pk=self.parent.pk)
        return queryset

    @cached_property
    def header_more_buttons(self):
        """Beside the spreadsheets: the boundaries' GeoJSON/KML import, and the GeoJSON export
        of the branch shown (the boundaries have no listing of their own)."""
        buttons = list(super().header_more_buttons)
        scope = scope_for(self.request)
        export_url = reverse("governance_export", args=["boundaries"])
        if self.parent is not None and scope.allows(EXPORT, self.parent.path):
            export_url += f"?within={self.parent.pk}"
        if scope.allows_anywhere(EXPORT):
            buttons.append(
                Button(_("Export boundaries (GeoJSON)"), url=export_url, icon_name="download")
            )
        if scope.allows_anywhere(IMPORT):
            url = reverse("governance_import_upload", args=["boundaries"])
            buttons.append(
                Button(_("Import boundaries (GeoJSON, KML)"), url=url, icon_name="upload")
            )
        return buttons

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.parent is None:
            return items
        index = reverse(self.index_url_name)
        trail = [
            {"url": f"{index}?parent={node.pk}", "label": node.name}
            for node in [*self.parent.breadcrumbs(), self.parent]
            if scope_for(self.request).allows(VIEW, node.path)
        ]
        return [*items[:-1], {"url": index, "label": items[-1]["label"]}, *trail]

    def get_add_url(self):
        url = super().get_add_url()
        if url and self.parent is not None:
            url += f"?parent={self.parent.pk}"
        return url


# How Chinese separates the items of a list (顿号).
LIST_SEPARATOR = "、"


class WarnOfOverlapsMixin:
    """After a save, names the regular siblings the boundary overlaps. The save stands: the
    neighbours' shapes may be the ones to correct."""

    def save_action(self):
        response = super().save_action()
        if not self.expects_json_response:
            overlaps = overlapping_siblings(self.object)
            if overlaps:
                messages.warning(
                    self.request,
                    _(
                        "The boundary of %(grid)s overlaps %(siblings)s. The grid was saved; "
                        "correct whichever boundary is wrong."
                    )
                    % {
                        "grid": self.object.name,
                        "siblings": LIST_SEPARATOR.join(
                            _("%(name)s (about %(area)s m²)")
                            % {"name": overlap.sibling.name, "area": round(overlap.square_metres)}
                            for overlap in overlaps
                        ),
                    },
                )
        return response


class GridEditView(WarnOfOverlapsMixin, ScopedEditView):
    pass


class GridCreateView(WarnOfOverlapsMixin, CreateView):
    def get_initial(self):
        initial = super().get_initial()
        pk = self.request.GET.get("parent", "")
        parent = Grid.objects.filter(pk=pk).first() if pk.isdigit() else None
        if parent and scope_for(self.request).allows(ADD, parent.path):
            initial.update(initial_for_new_grid(parent))
        return initial


class GridInspectView(ScopedInspectView):
    template_name = "governance/admin/grid_inspect.html"

    @cached_property
    def counts(self):
        return subtree_counts(self.object)

    def get_field_display_value(self, field_name, field):
        own = getattr(self.object, field_name)
        if field_name in ("households", "population") and not own and self.object.numchild:
            # A 0 under the subtree's total reads as "nobody lives here".
            return _("not filled in; %(total)s in the grids below") % {
                "total": getattr(self.counts, field_name)
            }
        return super().get_field_display_value(field_name, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            period = Period.parse(self.request.GET.get("period", ""))
        except ValueError:
            period = Period.year(today.year)
        context["rollup"] = rollup_table(self.object, period)
        context["breadcrumb_nodes"] = self.object.breadcrumbs()
        context["counts"] = self.counts
        context["children_url"] = (
            reverse("wagtailsnippets_governance_grid:list") + f"?parent={self.object.pk}"
        )
        return context


class GridViewSet(GridScopedSnippetViewSet):
    model = Grid
    icon = "site"
    menu_label = _("Grid tree")
    menu_order = 100
    index_view_class = GridIndexView
    add_view_class = GridCreateView
    edit_view_class = GridEditView
    inspect_view_class = GridInspectView
    chooser_viewset_class = GridChooserViewSet
    filterset_class = GridFilterSet
    search_fields = ["name", "code", "coverage"]
    search_backend_name = None
    copy_view_enabled = False
    list_display = [
        TitleColumn("name", label=_("name"), url_name="wagtailsnippets_governance_grid:inspect"),
        Column("code", label=_("unified code"), sort_key="code"),
        Column("get_level_display", label=_("level"), sort_key="level"),
        Column("get_kind_display", label=_("kind")),
        RolledUpColumn(
            "households", label=_("households"), sort_key="households", total="households_below"
        ),
        RolledUpColumn(
            "population", label=_("population"), sort_key="population", total="population_below"
        ),
        RolledUpColumn("people_count", label=_("people"), total="people_in_subtree"),
        ChildrenColumn(),
    ]
    inspect_view_fields = [
        "name",
        "code",
        "level",
        "kind",
        "households",
        "population",
        "buildings",
        "coverage",
        "service_hotline",
        "notes",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("parent"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldRowPanel([FieldPanel("level"), FieldPanel("kind")]),
            FieldRowPanel(
                [FieldPanel("households"), FieldPanel("population"), FieldPanel("buildings")]
            ),
            FieldPanel("coverage"),
            FieldPanel("service_hotline"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                    FieldPanel("boundary", widget=BoundaryMapWidget),
                ],
                heading=_("Map"),
            ),
            FieldPanel("notes"),
        ],
        base_form_class=GridForm,
    )
