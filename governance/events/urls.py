from django.urls import path

from governance.events.views import event, inbox, report

# Mounted under /admin/ by the app's wagtail_hooks; /admin/events/inbox/ is a stable address.
urlpatterns = [
    path("events/inbox/", inbox.inbox, name="events_inbox"),
    path("events/inbox/assign/", inbox.bulk_assign, name="events_bulk_assign"),
    path("events/report/", report.quick_report, name="events_quick_report"),
    path("events/<str:pk>/", event.event_page, name="events_event"),
    path("events/<str:pk>/move/<str:action>/", event.event_move, name="events_move"),
    path("events/attachments/<str:pk>/", event.attachment_file, name="events_attachment"),
]
