"""The registry's site-wide audit log: filter by user, node, action and date, within one's scope."""

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.admin.views.reports import ReportView

from governance.models import Grid, RegistryLogEntry
from governance.permissions import VIEW, scope_for
from governance.viewsets.columns import ChangesColumn
from governance.viewsets.filters import subtree_choices

ACTION_CHOICES = [
    ("wagtail.create", _("Created")),
    ("wagtail.edit", _("Edited")),
    ("wagtail.delete", _("Deleted")),
    ("civicgrid.import", _("Imported")),
]


def users_in_log(request):
    ids = (
        scope_for(request)
        .restrict(RegistryLogEntry.objects.all(), VIEW, path_field="grid_path")
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=ids).order_by("username")


class RegistryLogFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(label=_("user"), queryset=users_in_log)
    within = django_filters.ModelChoiceFilter(
        label=_("within"), queryset=subtree_choices, method="filter_within"
    )
    action = django_filters.ChoiceFilter(label=_("action"), choices=ACTION_CHOICES)
    timestamp = django_filters.DateFromToRangeFilter(label=_("date"), widget=DateRangePickerWidget)

    class Meta:
        model = RegistryLogEntry
        fields = ["user", "within", "action", "timestamp"]

    def filter_within(self, queryset, name, value: Grid):
        return queryset.filter(grid_path__startswith=value.path) if value else queryset


class RegistryLogView(ReportView):
    page_title = _("Registry audit log")
    header_icon = "history"
    filterset_class = RegistryLogFilterSet
    index_url_name = "governance_audit_log"
    index_results_url_name = "governance_audit_log_results"
    paginate_by = 50
    list_export = ["timestamp", "label", "object_verbose_name", "action", "user_display_name"]
    export_headings = {
        "timestamp": _("date"),
        "label": _("record"),
        "object_verbose_name": _("type"),
        "action": _("action"),
        "user_display_name": _("user"),
    }
    columns = [
        DateColumn("timestamp", label=_("date")),
        Column("label", label=_("record")),
        Column("object_verbose_name", label=_("type")),
        Column("message", label=_("action")),
        UserColumn("user", label=_("user")),
        ChangesColumn(),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not scope_for(request).allows_anywhere(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "registry-audit-log"

    def get_queryset(self):
        entries = RegistryLogEntry.objects.select_related("user", "content_type")
        return scope_for(self.request).restrict(entries, VIEW, path_field="grid_path")
