from django.urls import path

from governance.care.views.visit import visit_new

urlpatterns = [
    path("visits/new/<str:resident_id>/", visit_new, name="care_visit_new"),
]
