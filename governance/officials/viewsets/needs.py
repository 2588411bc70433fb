"""需求清单: the needs of the user's grids, those awaiting triage first; each opens its page,
where it is triaged. New needs are typed in here or raised from a visit."""

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.widgets.button import HeaderButton

from governance.officials.forms.records import NeedForm
from governance.officials.models import Need, NeedSource, NeedStatus
from governance.officials.viewsets.columns import NameColumn
from governance.officials.viewsets.creating import ServiceCreateView
from governance.permissions import ADD, scope_for
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet, ScopedIndexView


class NeedFilterSet(InSubtreeFilterSet):
    status = ChoiceFilter(label=_("status"), choices=NeedStatus.choices)
    source = ChoiceFilter(label=_("source"), choices=NeedSource.choices)

    class Meta:
        model = Need
        fields = ["status", "source", "within"]


class NeedIndexView(ScopedIndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if scope_for(self.request).allows_anywhere(ADD):
            buttons.append(
                HeaderButton(
                    _("Needs from visits"),
                    url=reverse("officials_visits_with_needs"),
                    icon_name="user",
                )
            )
        return buttons


class NeedViewSet(GridScopedSnippetViewSet):
    model = Need
    icon = "help"
    menu_order = 10
    index_view_class = NeedIndexView
    add_view_class = ServiceCreateView
    inspect_view_enabled = False
    # A copy would be saved by the form, not by the workflow.
    copy_view_enabled = False
    filterset_class = NeedFilterSet
    # Titles only: a description copied from a visit is personal, and a search would reveal
    # it to readers who see it masked.
    search_fields = ["title"]
    search_backend_name = None
    list_display = [
        TitleColumn("title", label=_("title"), url_name="officials_need"),
        StatusTagColumn(
            "get_status_display",
            label=_("status"),
            primary=lambda need: need.status == NeedStatus.NEW,
        ),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("get_source_display", label=_("source")),
        NameColumn("collected_by", label=_("collected by")),
        DateColumn("collected_on", label=_("collected on")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("grid"),
            FieldRowPanel([FieldPanel("source"), FieldPanel("source_note")]),
            FieldPanel("responsibility"),
            FieldRowPanel([FieldPanel("collected_by"), FieldPanel("collected_on")]),
        ],
        base_form_class=NeedForm,
    )

    def get_queryset(self, request):
        # 待分拣 first: the queue is what people open the list for.
        waiting_first = Case(
            When(status=NeedStatus.NEW, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (
            Need.objects.select_related("grid", "collected_by__person")
            .annotate(waiting_first=waiting_first)
            .order_by("waiting_first", "-collected_on", "-pk")
        )
