from django.urls import path

from governance.resident_reports import views

app_name = "resident_reports"

urlpatterns = [
    path("", views.report_form, name="report"),
    path("similar/", views.similar, name="similar"),
    path("track/", views.lookup, name="lookup"),
    path("track/<str:number>/", views.status_by_number, name="tracked"),
    path("t/<str:token>/", views.status_by_token, name="status"),
]
