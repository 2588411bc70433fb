"""个人信息访问记录: who saw residents' personal data in full, or exported it, when and why."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.care.models import PersonalDataAccess


class AccessLogIndexView(snippet_views.IndexView):
    """Only the entries the policy lets this reader see (their districts')."""

    def get_base_queryset(self):
        allowed = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "view"
        )
        return super().get_base_queryset().filter(pk__in=allowed.values("pk"))


class AccessLogInspectView(snippet_views.InspectView):
    def get_object(self, *args, **kwargs):
        entry = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", entry
        ):
            raise PermissionDenied
        return entry


class AccessLogViewSet(SnippetViewSet):
    model = PersonalDataAccess
    index_view_class = AccessLogIndexView
    inspect_view_class = AccessLogInspectView
    icon = "view"
    menu_order = 70
    inspect_view_enabled = True
    list_filter = ["action"]
    search_fields = ["what", "reason", "user__username"]
    search_backend_name = None
    list_display = [
        "what",
        DateColumn("at", label=_("at")),
        Column("user", label=_("user")),
        Column("get_action_display", label=_("action")),
        Column("reason", label=_("reason")),
        Column("row_count", label=_("rows")),
    ]
    inspect_view_fields = ["at", "user", "action", "what", "reason", "row_count"]
    ordering = ["-at", "-pk"]

    def get_queryset(self, request):
        return PersonalDataAccess.objects.select_related("user")
