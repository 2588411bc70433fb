"""The signed-in user's own notifications: a list, opening one (which marks it read), read all."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from governance.events.models import Notification
from governance.events.services.notifications import notifications_mark_read


def notification_list(request):
    notifications = Notification.objects.for_user(request.user).select_related("event")
    page = Paginator(notifications, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "events/admin/notifications.html",
        {
            "page": page,
            "unread": Notification.objects.for_user(request.user).unread().count(),
        },
    )


def notification_open(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notifications_mark_read(user=request.user, pks=[notification.pk])
    return redirect(notification.event_url)


@require_POST
def notification_read_all(request):
    notifications_mark_read(user=request.user)
    return redirect("events_notifications")
