from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.forms import RegistryForm
from governance.models import Amenity, ServicePoint, ServicePointKind, WalkingRing
from governance.viewsets.columns import RecordTitleColumn
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet


class ServicePointFilterSet(InSubtreeFilterSet):
    kind = ModelChoiceFilter(label=_("kind"), queryset=ServicePointKind.objects.all())
    walking_minutes = ChoiceFilter(label=_("walking ring"), choices=WalkingRing.choices)
    is_active = BooleanFilter(label=_("open"))

    class Meta:
        model = ServicePoint
        fields = ["within", "kind", "walking_minutes", "is_active"]


class ServicePointViewSet(GridScopedSnippetViewSet):
    model = ServicePoint
    icon = "site"
    menu_order = 400
    filterset_class = ServicePointFilterSet
    search_fields = ["name", "address"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn(
            "name", label=_("name"), url_namespace="wagtailsnippets_governance_servicepoint"
        ),
        Column("kind", label=_("kind")),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("get_walking_minutes_display", label=_("walking ring"), sort_key="walking_minutes"),
        Column("opening_hours", label=_("opening hours")),
        BooleanColumn("is_active", label=_("open")),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldPanel("grid"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            FieldRowPanel([FieldPanel("walking_minutes"), FieldPanel("opening_hours")]),
            FieldPanel("phone"),
            FieldPanel("amenities"),
            FieldPanel("description"),
            FieldPanel("is_active"),
        ],
        base_form_class=RegistryForm,
    )

    def get_queryset(self, request):
        return ServicePoint.objects.select_related("kind", "grid")


class ServicePointKindViewSet(SnippetViewSet):
    model = ServicePointKind
    icon = "tag"
    menu_order = 410
    list_display = ["name", "slug", "is_warm_station", "sort_order"]


class AmenityViewSet(SnippetViewSet):
    model = Amenity
    icon = "tag"
    menu_order = 420
    list_display = ["name", "sort_order"]
