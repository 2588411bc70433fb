from django.urls import path

from governance.care.views import due

# Mounted under /admin/care/ by the app's wagtail_hooks; /admin/care/due/ is a stable address.
urlpatterns = [
    path("due/", due.due, name="care_due"),
]
