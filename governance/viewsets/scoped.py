"""Registry viewsets whose every view asks the grid-scoped permission policy.

Listings show only rows inside the user's subtrees; opening, editing or deleting a record outside
them is refused whatever the URL; choosers and form fields offer only grids the user may use.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views

from governance.models import Grid
from governance.permissions import (
    ADD,
    CHANGE,
    DELETE,
    EXPORT,
    IMPORT,
    VIEW,
    grid_path_field,
    grid_path_of,
    scope_for,
)
from governance.resources.registry import RESOURCES
from governance.viewsets.columns import ChangesColumn

SPREADSHEET_TYPES = {resource._meta.model: key for key, resource in RESOURCES.items()}


def restrict_to_scope(view, queryset, action=VIEW):
    return scope_for(view.request).restrict(
        queryset, action, path_field=grid_path_field(queryset.model)
    )


class ScopedObjectMixin:
    """Refuses any single-object view on a record outside the user's scope for `object_action`."""

    object_action = VIEW

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not scope_for(self.request).allows(self.object_action, grid_path_of(obj)):
            raise PermissionDenied
        return obj


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return restrict_to_scope(self, super().get_base_queryset())

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        type_key = SPREADSHEET_TYPES.get(self.model)
        if type_key is None:
            return buttons
        scope = scope_for(self.request)
        query = self.request.GET.copy()
        query.pop("p", None)
        if scope.allows_anywhere(EXPORT):
            export_url = reverse("governance_export", args=[type_key])
            for file_format, label in (("xlsx", _("Export to Excel")), ("csv", _("Export to CSV"))):
                query["format"] = file_format
                buttons.append(
                    Button(label, url=f"{export_url}?{query.urlencode()}", icon_name="download")
                )
        if scope.allows_anywhere(IMPORT):
            buttons.append(
                Button(
                    _("Import from a spreadsheet"),
                    url=reverse("governance_import_upload", args=[type_key]),
                    icon_name="upload",
                )
            )
        return buttons


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    object_action = VIEW


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    object_action = CHANGE


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    object_action = DELETE


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    object_action = VIEW

    @cached_property
    def columns(self):
        return [*super().columns, ChangesColumn()]


class ScopedUsageView(ScopedObjectMixin, snippet_views.UsageView):
    object_action = VIEW


class ScopedCopyView(ScopedObjectMixin, snippet_views.CopyView):
    object_action = VIEW


class ScopedChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return restrict_to_scope(self, super().get_object_list())


class ScopedChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return restrict_to_scope(self, super().get_object_list())


class ScopedChosenView(ScopedObjectMixin, chooser_views.SnippetChosenView):
    object_action = VIEW


class ScopedChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


class GridScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """Base of every registry viewset whose rows belong to a grid node."""

    index_view_class = ScopedIndexView
    inspect_view_class = ScopedInspectView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_class = ScopedCopyView
    chooser_viewset_class = ScopedChooserViewSet
    inspect_view_enabled = True
    list_per_page = 50


def limit_grid_field(form, field_name="grid", action=ADD):
    """Offer only grids the form's user may write to."""
    field = form.fields.get(field_name)
    if field is None or form.for_user is None:
        return
    field.queryset = scope_for(form.for_user).visible_grids(action).order_by("path")
    field.widget.choices = field.choices


__all__ = ["Grid", "GridScopedSnippetViewSet", "limit_grid_field", "restrict_to_scope"]
