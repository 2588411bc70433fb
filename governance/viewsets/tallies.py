from django.utils.translation import gettext_lazy as _
from django_filters import DateFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, UserColumn
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from governance.forms import RegistryForm
from governance.models import TallyEntry, TallyKind
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet


class TallyEntryFilterSet(InSubtreeFilterSet):
    kind = ModelChoiceFilter(label=_("tally kind"), queryset=TallyKind.objects.all())
    period_start = DateFilter(label=_("from"), field_name="period_start", lookup_expr="gte")
    period_end = DateFilter(label=_("until"), field_name="period_end", lookup_expr="lte")

    class Meta:
        model = TallyEntry
        fields = ["within", "kind", "period_start", "period_end"]


class TallyEntryCreateView(CreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.instance.entered_by = self.request.user
        return form


class TallyEntryViewSet(GridScopedSnippetViewSet):
    model = TallyEntry
    icon = "list-ol"
    menu_order = 500
    add_view_class = TallyEntryCreateView
    filterset_class = TallyEntryFilterSet
    search_fields = ["grid__name", "kind__name", "note"]
    search_backend_name = None
    list_display = [
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("kind", label=_("tally kind"), accessor="kind.name"),
        Column("period_label", label=_("period")),
        Column("value", label=_("value"), sort_key="value"),
        Column("unit", label=_("unit"), accessor="kind.unit"),
        # Entries of a kind counted from records are the figures from before the records.
        BooleanColumn("is_historical", label=_("historical figure")),
        UserColumn("entered_by", label=_("entered by")),
    ]
    inspect_view_fields = [
        "grid",
        "kind",
        "period_start",
        "period_end",
        "value",
        "note",
        "entered_by",
        "created_at",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("grid")]),
            FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            FieldPanel("value"),
            FieldPanel("note"),
        ],
        base_form_class=RegistryForm,
    )

    def get_queryset(self, request):
        return TallyEntry.objects.select_related("grid", "kind", "entered_by")


class TallyKindViewSet(SnippetViewSet):
    model = TallyKind
    icon = "list-ol"
    menu_order = 510
    list_display = ["name", "unit", "computed_from", "is_active", "sort_order"]
    search_fields = ["name", "description"]
    search_backend_name = None
