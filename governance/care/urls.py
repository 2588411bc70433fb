from django.urls import path

from governance.care.views import due
from governance.care.views.visit import visit_new

# Mounted under /admin/care/ by the app's wagtail_hooks; /admin/care/due/ is a stable address.
urlpatterns = [
    path("due/", due.due, name="care_due"),
    path("visits/new/<str:resident_id>/", visit_new, name="care_visit_new"),
]
