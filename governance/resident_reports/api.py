"""`/api/reports/{token}/`: what a mini program needs beyond Open311, which has no timeline,
rating or reopening. The secret token Open311's POST (and the web form) gave the reporter is the
only key: the answers are the reporter's own status page as JSON, never cached or shared."""

from datetime import datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from governance.events.services.workflow import MoveRefused
from governance.resident_reports.models import ResidentReport
from governance.resident_reports.private_answers import private, report_or_404
from governance.resident_reports.services.follow_up import (
    COMMENT_MAX,
    may_rate,
    may_reopen,
    resident_answer,
    resident_rate,
    resident_reopen,
)
from governance.resident_reports.services.tracking import public_timeline

router = Router(tags=["resident reports"])


class StepOut(Schema):
    at: datetime
    label: str = Field(examples=["已受理"])
    reply: str = Field(description="what the handling side wrote for the reporter, or empty")
    node: str = Field(description="where it was passed to, or empty")


class ReportStatusOut(Schema):
    number: str = Field(examples=["SJ20261206-0001"])
    category: str = Field(examples=["楼道堆物"])
    grid: str = Field(examples=["华府5号网格"])
    state: str = Field(examples=["resolved"])
    state_label: str = Field(examples=["已办结"])
    reported_at: datetime
    rating: str | None = Field(description="the reporter's rating, once given", examples=["满意"])
    may_rate: bool
    may_reopen: bool
    steps: list[StepOut]


class RatingIn(Schema):
    answer: Literal["satisfied", "fairly", "dissatisfied"] = Field(
        description="满意 / 基本满意 / 不满意"
    )
    comment: str = Field("", max_length=COMMENT_MAX)


class ReopenIn(Schema):
    reason: str = Field(..., min_length=1, max_length=COMMENT_MAX)


def status_out(report: ResidentReport) -> ReportStatusOut:
    event = report.event
    return ReportStatusOut(
        number=event.number,
        category=event.category.name,
        grid=event.grid.name if event.grid else "",
        state=event.state,
        state_label=event.get_state_display(),
        reported_at=event.reported_at,
        rating=str(answer.label) if (answer := resident_answer(event.rating)) else None,
        may_rate=may_rate(report),
        may_reopen=may_reopen(report),
        steps=[StepOut(**step.__dict__) for step in public_timeline(report)],
    )


def refused_as_409(move):
    try:
        move()
    except MoveRefused as refused:
        raise HttpError(409, str(refused)) from refused


@router.get(
    "/{token}/",
    response=ReportStatusOut,
    summary="A resident's report: its state and public timeline (by its secret token)",
    operation_id="resident_report_status",
)
def report_status(request, token: str, response: HttpResponse):
    private(response)
    return status_out(report_or_404(token))


@router.post(
    "/{token}/rating/",
    response=ReportStatusOut,
    summary="The reporter rates a resolved report (once); 409 when it cannot be rated",
    operation_id="resident_report_rate",
)
def report_rate(request, token: str, rating: RatingIn, response: HttpResponse):
    private(response)
    report = report_or_404(token)
    refused_as_409(lambda: resident_rate(report, answer=rating.answer, comment=rating.comment))
    return status_out(report_or_404(token))


@router.post(
    "/{token}/reopen/",
    response=ReportStatusOut,
    summary="The reporter reopens a resolved report within the reopening window; else 409",
    operation_id="resident_report_reopen",
)
def report_reopen(request, token: str, reopening: ReopenIn, response: HttpResponse):
    private(response)
    report = report_or_404(token)
    refused_as_409(lambda: resident_reopen(report, reason=reopening.reason))
    return status_out(report_or_404(token))
