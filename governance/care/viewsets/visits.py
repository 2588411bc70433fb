from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn

from governance.care.models import Visit
from governance.care.viewsets.columns import ResidentNameColumn
from governance.forms import RegistryForm
from governance.permissions import scope_for
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet, ScopedInspectView


class VisitFilterSet(InSubtreeFilterSet):
    class Meta:
        model = Visit
        fields = ["within", "method"]


class VisitInspectView(ScopedInspectView):
    """What was said at a visit is personal: only for those holding personal_data there."""

    def sees(self) -> bool:
        return scope_for(self.request).sees_personal_data(self.object.grid.path)

    def get_findings_display_value(self):
        return self.object.findings if self.sees() else "***"

    def get_needs_display_value(self):
        return self.object.needs if self.sees() else "***"

    def get_resident_display_value(self):
        resident = self.object.resident
        if resident is None:
            return _("(erased)")
        return resident.name if self.sees() else resident.masked_name


class VisitViewSet(GridScopedSnippetViewSet):
    """Visits are recorded from the due list's phone form; here they are read, corrected and
    (by editors) deleted."""

    model = Visit
    icon = "doc-full"
    menu_order = 40
    inspect_view_class = VisitInspectView
    filterset_class = VisitFilterSet
    list_display = [
        DateColumn("visited_at", label=_("visited at")),
        ResidentNameColumn("resident", label=_("resident"), resident=lambda visit: visit.resident),
        Column("method", label=_("method"), accessor="get_method_display"),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("visited_by", label=_("visited by"), accessor="visited_by_name"),
    ]
    inspect_view_fields = [
        "resident",
        "grid",
        "visited_by",
        "visited_at",
        "method",
        "findings",
        "needs",
        "event",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("visited_at"),
            FieldPanel("method"),
            FieldPanel("findings"),
            FieldPanel("needs"),
        ],
        base_form_class=RegistryForm,
    )

    def get_queryset(self, request):
        return Visit.objects.select_related("resident__grid", "grid", "visited_by")
