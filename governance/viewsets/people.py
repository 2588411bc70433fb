from django.utils.translation import gettext_lazy as _
from django_filters import BooleanFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.forms import RegistryForm
from governance.models import Person, Role
from governance.permissions import PERSONAL_DATA, scope_for
from governance.viewsets.columns import PhoneColumn, RecordTitleColumn
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import (
    GridScopedSnippetViewSet,
    ScopedIndexView,
    ScopedInspectView,
)

# Fewer digits than this match half the registry's numbers (a "1", a "13").
PHONE_QUERY_MIN_DIGITS = 4


class PersonFilterSet(InSubtreeFilterSet):
    role = ModelChoiceFilter(label=_("role"), queryset=Role.objects.all())
    phone_public = BooleanFilter(label=_("phone is public"))

    class Meta:
        model = Person
        fields = ["within", "role", "phone_public"]


class PersonIndexView(ScopedIndexView):
    def search_queryset(self, queryset):
        """Names, units, grids and roles, and phone numbers the user may read: a public phone,
        or a private one where the user sees personal data. A hidden number is never a clue."""
        found = super().search_queryset(queryset)
        query = self.search_query.strip() if self.is_searching else ""
        if not (query.isdigit() and len(query) >= PHONE_QUERY_MIN_DIGITS):
            return found
        by_phone = queryset.filter(phone__contains=query)
        readable = by_phone.filter(phone_public=True) | scope_for(self.request).restrict(
            by_phone, PERSONAL_DATA, path_field="grid__path"
        )
        return found | readable


class PersonInspectView(ScopedInspectView):
    def get_phone_display_value(self):
        person = self.object
        if person.phone_public or scope_for(self.request).sees_personal_data(person.grid.path):
            return person.phone
        return person.masked_phone


class PersonViewSet(GridScopedSnippetViewSet):
    model = Person
    icon = "user"
    menu_order = 200
    index_view_class = PersonIndexView
    inspect_view_class = PersonInspectView
    filterset_class = PersonFilterSet
    search_fields = ["name", "unit", "grid__name", "role__name"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn(
            "name", label=_("name"), url_namespace="wagtailsnippets_governance_person"
        ),
        Column("role", label=_("role")),
        Column("grid", label=_("grid"), accessor="grid.name"),
        PhoneColumn(),
        Column("unit", label=_("home unit")),
        Column("end_date", label=_("end date")),
    ]
    inspect_view_fields = [
        "name",
        "role",
        "grid",
        "phone",
        "phone_public",
        "unit",
        "start_date",
        "end_date",
        "notes",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
            FieldPanel("grid"),
            FieldRowPanel([FieldPanel("phone"), FieldPanel("phone_public")]),
            FieldPanel("unit"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            FieldPanel("notes"),
        ],
        base_form_class=RegistryForm,
    )

    def get_queryset(self, request):
        return Person.objects.select_related("role", "grid")


class RoleViewSet(SnippetViewSet):
    model = Role
    icon = "group"
    menu_order = 210
    list_display = ["name", "contact_card_order", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
