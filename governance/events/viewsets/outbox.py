"""The outbox in the admin: every message to a reporter or a worker, what became of it, and the
messages recorded while no SMS sender is configured (read-only; superusers only, since it holds
phone numbers: `SuperuserReadOnlyPolicy`, registered in the app's ready())."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from governance.events.models import OutboxMessage


class OutboxViewSet(SnippetViewSet):
    model = OutboxMessage
    icon = "mail"
    menu_label = _("Outbox")
    inspect_view_enabled = True
    list_filter = ["status", "channel"]
    search_fields = None
    list_display = [
        "subject",  # the title column: a link to the whole message
        DateColumn("created_at", label=_("created at")),
        Column("channel", label=_("channel")),
        Column("recipient", label=_("recipient")),
        Column("get_status_display", label=_("status")),
        Column("attempts", label=_("attempts")),
    ]
    inspect_view_fields = [
        "created_at",
        "channel",
        "recipient",
        "subject",
        "body",
        "status",
        "attempts",
        "last_error",
        "sent_at",
    ]
    ordering = ["-created_at", "-pk"]
