from django.urls import path

from governance.officials.views import duties, needs, projects, sources, tasks

# Mounted under /admin/officials/ by the app's wagtail_hooks; these addresses are stable.
urlpatterns = [
    path("needs/from-visits/", sources.visits_with_needs, name="officials_visits_with_needs"),
    path(
        "needs/from-visits/<str:visit_id>/",
        sources.need_from_visit,
        name="officials_need_from_visit",
    ),
    path("needs/<str:pk>/", needs.need_page, name="officials_need"),
    path("needs/<str:pk>/triage/<str:move>/", needs.need_triage, name="officials_need_triage"),
    path("tasks/<str:pk>/", tasks.task_page, name="officials_task"),
    path("tasks/<str:pk>/<str:move>/", tasks.task_move, name="officials_task_move"),
    path("projects/<str:pk>/", projects.project_page, name="officials_project"),
    path("projects/<str:pk>/<str:move>/", projects.project_move, name="officials_project_move"),
    path("duties/add/", duties.duty_add, name="officials_duty_add"),
]
