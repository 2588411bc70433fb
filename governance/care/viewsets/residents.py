"""居民: the register. Listings show masked ID numbers and phones to everyone (and masked names
to those without personal_data); opening a record shows them in full to those who may see
them, and every such view is written to the personal-data access log."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column

from governance.care.forms import ResidentForm
from governance.care.id_numbers import SHAPE, normalise
from governance.care.models import Resident
from governance.care.services.access_log import record_access
from governance.care.viewsets.columns import ResidentTitleColumn
from governance.permissions import PERSONAL_DATA, scope_for
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import (
    GridScopedSnippetViewSet,
    ScopedEditView,
    ScopedIndexView,
    ScopedInspectView,
)


def log_unmasked_view(request, resident, how: str) -> bool:
    """Whether the user sees this resident's personal data in full; if so, the view is logged."""
    if not scope_for(request).sees_personal_data(resident.grid.path):
        return False
    if resident.id_number_encrypted or resident.phone:
        record_access(
            request.user,
            action="view",
            what=_("%(how)s resident #%(id)d") % {"how": how, "id": resident.pk},
            grid_path=resident.grid.path,
        )
    return True


class ResidentFilterSet(InSubtreeFilterSet):
    class Meta:
        model = Resident
        fields = ["within"]


class ResidentIndexView(ScopedIndexView):
    def search_queryset(self, queryset):
        """An ID number finds its resident by the keyed hash, and only where the user may see
        personal data; anything else searches names."""
        if not self.is_searching:
            return queryset
        # Whoever sees only 王** must not learn by searching whether 王秀英 is on the ledger:
        # names and numbers are searched only where the user may see them.
        queryset = scope_for(self.request).restrict(
            queryset, PERSONAL_DATA, path_field="grid__path"
        )
        query = normalise(self.search_query)
        if SHAPE.match(query):
            return queryset.with_id_number(query)
        return super().search_queryset(queryset)


class ResidentInspectView(ScopedInspectView):
    def get_context_data(self, **kwargs):
        self.unmasked = log_unmasked_view(self.request, self.object, _("Opened"))
        return super().get_context_data(**kwargs)

    def get_id_number_masked_display_value(self):
        return self.object.id_number if self.unmasked else self.object.id_number_masked

    def get_phone_display_value(self):
        return self.object.phone if self.unmasked else self.object.masked_phone

    def get_name_display_value(self):
        return self.object.name if self.unmasked else self.object.masked_name

    def get_birth_date_display_value(self):
        # With the birth date, the mask's eight characters and the district's code the number
        # could be worked out: only those who may see it whole see the date.
        return self.object.birth_date if self.unmasked else "—"


class ResidentEditView(ScopedEditView):
    def get(self, request, *args, **kwargs):
        log_unmasked_view(request, self.object, _("Edited"))
        return super().get(request, *args, **kwargs)


class ResidentViewSet(GridScopedSnippetViewSet):
    model = Resident
    icon = "user"
    menu_order = 20
    index_view_class = ResidentIndexView
    inspect_view_class = ResidentInspectView
    edit_view_class = ResidentEditView
    filterset_class = ResidentFilterSet
    search_fields = ["name"]
    search_backend_name = None
    list_display = [
        ResidentTitleColumn(
            "name", label=gettext_lazy("name"), url_namespace="wagtailsnippets_care_resident"
        ),
        Column("household", label=gettext_lazy("household"), accessor="household.address"),
        Column("grid", label=gettext_lazy("grid"), accessor="grid.name"),
        Column("id_number_masked", label=gettext_lazy("ID number")),
        Column("masked_phone", label=gettext_lazy("phone")),
        Column("next_visit_due", label=gettext_lazy("next visit due")),
    ]
    inspect_view_fields = [
        "name",
        "household",
        "grid",
        "id_number_masked",
        "birth_date",
        "birth_year",
        "sex",
        "phone",
        "relation",
        "last_visited_on",
        "next_visit_due",
        "notes",
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("relation")]),
            FieldPanel("household"),
            FieldRowPanel([FieldPanel("id_number"), FieldPanel("phone")]),
            FieldPanel("notes"),
            InlinePanel(
                "memberships",
                label=gettext_lazy("special groups"),
                heading=gettext_lazy("special groups"),
            ),
        ],
        base_form_class=ResidentForm,
    )

    def get_queryset(self, request):
        return Resident.objects.select_related("household", "grid")
