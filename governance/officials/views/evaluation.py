"""考评表 at /admin/officials/officials/<id>/evaluation/?period=<2026-10 | 2026-Q3 | 2026>: one
official's rules × months with counts and points, the totals, the assessors' comments and the
rank in the street; as PDF (…/evaluation/download/pdf/) and Excel (…/download/xlsx/). Whoever
sees the official's grid may read it (analysts too: officials are staff), and the official
their own."""

from django.template.response import TemplateResponse
from django.urls import reverse

from governance.officials.reports import evaluation_pdf
from governance.officials.selectors.evaluation import Sheet, evaluation_sheet
from governance.officials.services import workflow
from governance.officials.services.marks import may_assess
from governance.officials.views.choosing import (
    Refusal,
    official_from,
    period_choices,
    period_from,
    refusal_response,
    this_month,
)
from governance.officials.views.downloads import pdf_response, xlsx_response
from governance.officials.workbooks import sheet_workbook
from governance.permissions import scope_for
from governance.services.reports import ReportError


def sheet_from(request, pk) -> Sheet:
    official = official_from(request, scope_for(request), pk)
    period = period_from(request.GET.get("period"), default=this_month(workflow.today()))
    return evaluation_sheet(official, period)


def file_names(sheet: Sheet, extension: str) -> tuple[str, str]:
    key = sheet.period.key
    return (
        f"{sheet.official.person.name}考评表{key}.{extension}",
        f"evaluation-{sheet.official.pk}-{key}.{extension}",
    )


def evaluation(request, pk):
    try:
        sheet = sheet_from(request, pk)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    query = f"?period={sheet.period.key}"
    today = workflow.today()
    marks_url = reverse("officials_marks", args=[sheet.official.pk])
    return TemplateResponse(
        request,
        "officials/admin/evaluation.html",
        {
            "sheet": sheet,
            "period_key": sheet.period.key,
            "period_groups": period_choices(today, sheet.period),
            "pdf_url": reverse("officials_evaluation_pdf", args=[sheet.official.pk]) + query,
            "xlsx_url": reverse("officials_evaluation_xlsx", args=[sheet.official.pk]) + query,
            # The months an assessor may mark from here: those begun.
            "mark_links": [
                (month, f"{marks_url}?month={month:%Y-%m}")
                for month in sheet.months
                if month <= today
            ]
            if may_assess(request.user, sheet.official)
            else [],
        },
    )


def evaluation_pdf_download(request, pk):
    try:
        sheet = sheet_from(request, pk)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    try:
        pdf = evaluation_pdf(sheet)
    except ReportError as error:  # no Chinese font on the server: say so, not a broken PDF
        return refusal_response(request, Refusal(str(error), 503))
    return pdf_response(pdf, *file_names(sheet, "pdf"))


def evaluation_xlsx_download(request, pk):
    try:
        sheet = sheet_from(request, pk)
    except Refusal as refusal:
        return refusal_response(request, refusal)
    return xlsx_response(sheet_workbook(sheet), *file_names(sheet, "xlsx"))
