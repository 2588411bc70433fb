"""年轻干部 and their 六员 log: who is posted where, for how long, signing in as whom; the log
filtered per official, with a quick form for the phone."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views import snippets as snippet_views

from governance.officials.forms.records import DutyLogEditForm, YoungOfficialForm
from governance.officials.models import Duty, DutyLog, YoungOfficial
from governance.officials.viewsets.columns import NameColumn
from governance.officials.viewsets.tasks import officials_in_scope
from governance.viewsets.columns import RecordTitleColumn
from governance.viewsets.filters import InSubtreeFilterSet
from governance.viewsets.scoped import GridScopedSnippetViewSet

OFFICIALS = "wagtailsnippets_officials_youngofficial"
DUTY_LOG = "wagtailsnippets_officials_dutylog"


class OfficialFilterSet(InSubtreeFilterSet):
    def filter_within(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(person__grid__path__startswith=value.path)

    class Meta:
        model = YoungOfficial
        fields = ["within"]


class PeriodColumn(Column):
    """The posting: from the person's start date to the end date."""

    def get_value(self, instance):
        start, end = instance.person.start_date, instance.person.end_date
        if not start and not end:
            return "—"
        return f"{start or '…'} – {end or '…'}"


class DutyLogLinkColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}?official={}">{}</a>',
            reverse(f"{DUTY_LOG}:list"),
            instance.pk,
            _("Six-duty log"),
        )


class YoungOfficialViewSet(GridScopedSnippetViewSet):
    model = YoungOfficial
    icon = "user"
    menu_order = 50
    copy_view_enabled = False
    filterset_class = OfficialFilterSet
    search_fields = ["person__name", "person__unit"]
    search_backend_name = None
    list_display = [
        RecordTitleColumn("person", label=_("name"), url_namespace=OFFICIALS),
        Column("home_unit", label=_("home unit")),
        Column("grid", label=_("grid"), accessor="person.grid.name"),
        PeriodColumn("period", label=_("period")),
        NameColumn("user", label=_("sign-in account"), accessor="user.username"),
        DutyLogLinkColumn("duty_log", label=_("six-duty log")),
    ]
    inspect_view_fields = ["person", "user", "created_at"]
    edit_handler = ObjectList(
        [FieldPanel("person"), FieldPanel("user")], base_form_class=YoungOfficialForm
    )

    def get_queryset(self, request):
        return YoungOfficial.objects.select_related("person__grid", "user")


class DutyLogFilterSet(InSubtreeFilterSet):
    official = ModelChoiceFilter(label=_("young official"), queryset=officials_in_scope)
    duty = ChoiceFilter(label=_("duty"), choices=Duty.choices)

    class Meta:
        model = DutyLog
        fields = ["official", "duty", "within"]


class DutyLogCreateView(snippet_views.CreateView):
    """One form for a new entry: the quick one."""

    def dispatch(self, request, *args, **kwargs):
        # The quick form checks whom the user may log for.
        return redirect("officials_duty_add")


class DutyLogViewSet(GridScopedSnippetViewSet):
    model = DutyLog
    icon = "date"
    menu_order = 60
    add_view_class = DutyLogCreateView
    copy_view_enabled = False
    filterset_class = DutyLogFilterSet
    search_fields = ["note"]
    search_backend_name = None
    list_display = [
        DateColumn("done_on", label=_("date")),
        RecordTitleColumn("get_duty_display", label=_("duty"), url_namespace=DUTY_LOG),
        Column("official", label=_("young official"), accessor="official.person.name"),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("note", label=_("what was done")),
    ]
    inspect_view_fields = ["official", "grid", "duty", "done_on", "note", "created_by"]
    edit_handler = ObjectList(
        [FieldRowPanel([FieldPanel("duty"), FieldPanel("done_on")]), FieldPanel("note")],
        base_form_class=DutyLogEditForm,
    )

    def get_queryset(self, request):
        return DutyLog.objects.select_related("official__person", "grid")
