"""The notification list in the admin: its URLs and a menu item carrying the unread count."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from governance.events.services.notifications import unread_count
from governance.events.views import notifications


class NotificationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_authenticated

    def render_component(self, request):
        component = super().render_component(request)
        # Menu items are shared between requests: the count goes on this request's copy only.
        count = unread_count(request.user)
        if count:
            component.label = _("Notifications (%(count)d unread)") % {"count": count}
        return component


@hooks.register("register_admin_urls")
def notification_urls():
    return [
        path("notifications/", notifications.notification_list, name="events_notifications"),
        path(
            "notifications/<int:pk>/open/",
            notifications.notification_open,
            name="events_notification_open",
        ),
        path(
            "notifications/read-all/",
            notifications.notification_read_all,
            name="events_notifications_read_all",
        ),
    ]


@hooks.register("register_admin_menu_item")
def notifications_menu_item():
    return NotificationsMenuItem(
        gettext_lazy("Notifications"),
        reverse("events_notifications"),
        name="event-notifications",
        icon_name="warning",
        order=90,
    )
