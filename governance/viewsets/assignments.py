from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.models import Assignment


class AssignmentViewSet(SnippetViewSet):
    """Only superusers (or holders of the Django permission) manage who works where."""

    model = Assignment
    icon = "key"
    menu_order = 900
    list_display = [
        Column("user", label=_("user")),
        Column("group", label=_("group")),
        Column("grid", label=_("grid"), accessor="grid.name"),
        Column("get_role_display", label=_("access role")),
    ]
    list_filter = ["role"]

    def get_queryset(self, request):
        return Assignment.objects.select_related("user", "group", "grid")
