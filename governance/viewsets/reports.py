"""Reports in the admin: ask for one (layout + grid + period), watch its status, download it."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, UserColumn
from wagtail.snippets.action_menu import SaveMenuItem
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.forms import RegistryForm
from governance.models import Report, ReportLayout, ReportStatus
from governance.permissions import REPORT
from governance.services.reports import report_enqueue
from governance.viewsets.scoped import (
    GridScopedSnippetViewSet,
    ScopedDeleteView,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
    restrict_to_scope,
)


class ReportForm(RegistryForm):
    grid_action = REPORT

    def save(self, commit=True):
        report = self.instance
        if report._state.adding and self.for_user is not None:
            report.requested_by = self.for_user
        report.status, report.failure_reason = ReportStatus.QUEUED, ""
        report = super().save(commit=commit)
        report_enqueue(report)
        return report


class StatusColumn(Column):
    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        if instance.status == ReportStatus.READY:
            url = reverse("governance_report_download", args=[instance.pk])
            context["value"] = format_html(
                '<a href="{}">{}（{} 页）</a>', url, _("Download PDF"), instance.page_count
            )
        elif instance.status == ReportStatus.FAILED:
            context["value"] = format_html(
                "{}：{}", instance.get_status_display(), instance.failure_reason
            )
        else:
            context["value"] = instance.get_status_display()
        return context


PENDING_STATUSES = frozenset({ReportStatus.QUEUED, ReportStatus.BUILDING})


class GenerateReportMenuItem(SaveMenuItem):
    """Saving a report's form asks the worker to build it (again): the button says so."""

    label = _("Generate report")
    icon_name = "doc-full"
    template_name = "governance/admin/generate_report_button.html"


def generate_not_save(menu_items, request, context):
    if context.get("model") is not Report:
        return
    for index, item in enumerate(menu_items):
        if type(item) is SaveMenuItem:
            menu_items[index] = GenerateReportMenuItem(order=item.order)


class ReportIndexView(ScopedIndexView):
    def get_base_queryset(self):
        queryset = snippet_views.IndexView.get_base_queryset(self)
        return restrict_to_scope(self, queryset, REPORT)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports_pending"] = any(
            report.status in PENDING_STATUSES for report in context["object_list"]
        )
        return context


class ReportInspectView(ScopedInspectView):
    object_action = REPORT


class ReportDeleteView(ScopedDeleteView):
    object_action = REPORT


class ReportEditView(ScopedEditView):
    object_action = REPORT


class ReportViewSet(GridScopedSnippetViewSet):
    model = Report
    icon = "doc-full"
    menu_label = _("PDF reports")
    menu_order = 600
    index_view_class = ReportIndexView
    index_template_name = "governance/admin/report_index.html"
    inspect_view_class = ReportInspectView
    delete_view_class = ReportDeleteView
    edit_view_class = ReportEditView
    copy_view_enabled = False
    list_filter = ["status", "layout"]
    list_display = [
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("period_label", label=_("period")),
        Column("layout", label=_("report layout")),
        StatusColumn("status", label=_("status")),
        UserColumn("requested_by", label=_("requested by")),
        DateColumn("requested_at", label=_("requested at")),
    ]
    inspect_view_fields = [
        "layout",
        "grid",
        "period",
        "status",
        "failure_reason",
        "requested_by",
        "requested_at",
        "finished_at",
        "page_count",
        "checksum",
    ]
    edit_handler = ObjectList(
        [FieldPanel("layout"), FieldPanel("grid"), FieldPanel("period")],
        base_form_class=ReportForm,
    )

    def get_queryset(self, request):
        return Report.objects.select_related("grid", "layout", "requested_by")


class ReportLayoutViewSet(SnippetViewSet):
    model = ReportLayout
    icon = "doc-full-inverse"
    menu_label = _("Report layouts")
    menu_order = 610
    list_display = ["name", "description", "updated_at"]
