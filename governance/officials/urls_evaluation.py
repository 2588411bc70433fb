from django.urls import path

from governance.officials.views import evaluation, leaderboard, marks

# 考评 screens, mounted under /admin/officials/ by the app's wagtail_hooks; the leaderboard's
# and the sheet's addresses (with ?grid= and ?period=) are stable: other pages link to them.
urlpatterns = [
    path("leaderboard/", leaderboard.leaderboard, name="officials_leaderboard"),
    path("leaderboard/export/", leaderboard.leaderboard_xlsx, name="officials_leaderboard_xlsx"),
    path("officials/<str:pk>/marks/", marks.marks, name="officials_marks"),
    path("officials/<str:pk>/evaluation/", evaluation.evaluation, name="officials_evaluation"),
    path(
        "officials/<str:pk>/evaluation/download/pdf/",
        evaluation.evaluation_pdf_download,
        name="officials_evaluation_pdf",
    ),
    path(
        "officials/<str:pk>/evaluation/download/xlsx/",
        evaluation.evaluation_xlsx_download,
        name="officials_evaluation_xlsx",
    ),
]
