from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from governance.care.forms import HouseholdForm
from governance.care.models import Household
from governance.care.viewsets.choosers import HouseholdChooserViewSet
from governance.viewsets.columns import RecordTitleColumn
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet


class HouseholdFilterSet(InSubtreeFilterSet):
    class Meta:
        model = Household
        fields = ["within", "tags"]


class HouseholdViewSet(GridScopedSnippetViewSet):
    model = Household
    icon = "home"
    chooser_viewset_class = HouseholdChooserViewSet
    menu_order = 30
    filterset_class = HouseholdFilterSet
    search_fields = ["building", "room"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn(
            "address", label=_("address"), url_namespace="wagtailsnippets_care_household"
        ),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("resident_count", label=_("residents")),
        Column("tag_names", label=_("tags")),
    ]
    inspect_view_fields = ["grid", "building", "unit", "room", "tags", "notes"]
    edit_handler = ObjectList(
        [
            FieldPanel("grid"),
            FieldRowPanel([FieldPanel("building"), FieldPanel("unit"), FieldPanel("room")]),
            FieldPanel("tags"),
            FieldPanel("notes"),
        ],
        base_form_class=HouseholdForm,
    )

    def get_queryset(self, request):
        return (
            Household.objects.select_related("grid")
            .prefetch_related("tags")
            .annotate(resident_count=Count("residents"))
        )
