"""Registry viewsets whose every view asks the grid-scoped permission policy.

Listings show only rows inside the user's subtrees; opening, editing or deleting a record outside
them is refused whatever the URL; choosers and form fields offer only grids the user may use.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
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
from governance.viewsets.columns import ChangesColumn


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
    #: the RegistryType of the listing, passed in by its viewset
    registry_type = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Wagtail's own spreadsheet export (?export=) asks only for the view right; the scoped
        # export below is the one way out, so the framework's is switched off.
        self.is_export = False

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") in self.FORMATS:
            return redirect(self.export_url(request.GET["export"]))
        return super().get(request, *args, **kwargs)

    def get_base_queryset(self):
        return restrict_to_scope(self, super().get_base_queryset())

    def get_export_base_queryset(self):
        """What an export of this listing starts from: by default the listing's own rows."""
        return self.get_base_queryset()

    def rows_to_export(self):
        """The rows the export of this listing holds, with its filters and search. (The export
        sorts them itself, so the listing's ordering is not applied.)"""
        return self.search_queryset(self.filter_queryset(self.get_export_base_queryset()))

    def export_url(self, file_format: str) -> str:
        """Our export of the rows this listing shows (same filters and search)."""
        query = self.request.GET.copy()
        for name in ("p", "export"):
            query.pop(name, None)
        query["format"] = file_format
        return f"{reverse('governance_export', args=[self.registry_type.key])}?{query.urlencode()}"

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.registry_type is None:
            return buttons
        scope = scope_for(self.request)
        if scope.allows_anywhere(EXPORT):
            for file_format, label in (("xlsx", _("Export to Excel")), ("csv", _("Export to CSV"))):
                url = self.export_url(file_format)
                buttons.append(Button(label, url=url, icon_name="download"))
        if scope.allows_anywhere(IMPORT):
            buttons.append(
                Button(
                    _("Import from a spreadsheet"),
                    url=reverse("governance_import_upload", args=[self.registry_type.key]),
                    icon_name="upload",
                )
            )
        return buttons


class ScopedInspectView(ScopedObjectMixin, snippet_views.InspectView):
    object_action = VIEW

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        # An empty date or number would print as Python's "None".
        return "—" if value is None or value == "" else value


class ScopedEditView(ScopedObjectMixin, snippet_views.EditView):
    object_action = CHANGE

    def post(self, request, *args, **kwargs):
        # One transaction from the form's check to the save: the check locks the record's row
        # (`RegistryForm.clean`), so two saves at the same instant cannot both pass it.
        with transaction.atomic():
            return super().post(request, *args, **kwargs)


class ScopedDeleteView(ScopedObjectMixin, snippet_views.DeleteView):
    object_action = DELETE


class ScopedHistoryView(ScopedObjectMixin, snippet_views.HistoryView):
    """Whoever may read a record may read its history: entries never hold a phone value."""

    object_action = VIEW
    any_permission_required = [VIEW]

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


def is_record_id(value) -> bool:
    """Digits that fit a database id: anything else in a URL names no record."""
    text = str(value)
    return text.isdigit() and int(text) < 2**63


class ScopedChosenView(ScopedObjectMixin, chooser_views.SnippetChosenView):
    object_action = VIEW

    def get_object(self, pk):
        if not is_record_id(pk):
            raise Http404
        return super().get_object(pk)


class ScopedChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        ids = [pk for pk in pks if is_record_id(pk)]
        return restrict_to_scope(self, super().get_objects(ids))


class ScopedChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView

    def get_urlpatterns(self):
        # Records are created through their own forms, which place them in the tree and check
        # the scope; the chooser offers no "create" tab, so its endpoint is not served at all.
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]


class GridScopedSnippetViewSet(snippet_views.SnippetViewSet):
    """Base of every registry viewset whose rows belong to a grid node."""

    #: set by `governance.registry_types` when the type's viewset is made
    registry_type = None

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
    # Exports go through the scoped export of governance/views/spreadsheets.py only.
    list_export = []

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(registry_type=self.registry_type, **kwargs)


def limit_grid_field(form, field_name="grid", action=ADD):
    """Offer only grids the form's user may write to."""
    field = form.fields.get(field_name)
    if field is None or form.for_user is None:
        return
    field.queryset = scope_for(form.for_user).visible_grids(action).order_by("path")
    field.widget.choices = field.choices


__all__ = ["Grid", "GridScopedSnippetViewSet", "limit_grid_field", "restrict_to_scope"]
