"""What a reporter may do with a resolved report: rate it, or reopen it within the window."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.events.models import DONE_STATES, Rating
from governance.events.services.workflow import event_rate, event_reopen, within_reopen_window
from governance.resident_reports.models import ResidentReport
from governance.text import typed_text

COMMENT_MAX = 200


class ResidentRating(models.TextChoices):
    """The three answers residents are asked for, on the events' five-point rating."""

    SATISFIED = "satisfied", _("Satisfied")
    FAIRLY_SATISFIED = "fairly", _("Fairly satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


RATING_VALUES = {
    ResidentRating.SATISFIED: Rating.VERY_SATISFIED,
    ResidentRating.FAIRLY_SATISFIED: Rating.SATISFIED,
    ResidentRating.DISSATISFIED: Rating.DISSATISFIED,
}


def resident_answer(rating: int | None) -> ResidentRating | None:
    """The resident's own words for a rating on the five-point scale (staff may rate 3 or 1)."""
    if rating is None:
        return None
    if rating >= Rating.VERY_SATISFIED:
        return ResidentRating.SATISFIED
    if rating >= Rating.SATISFIED:
        return ResidentRating.FAIRLY_SATISFIED
    return ResidentRating.DISSATISFIED


def may_rate(report: ResidentReport) -> bool:
    return report.event.state in DONE_STATES and report.event.rating is None


def may_reopen(report: ResidentReport) -> bool:
    return report.event.state in DONE_STATES and within_reopen_window(report.event)


def resident_rate(report: ResidentReport, *, answer: str, comment: str = ""):
    """MoveRefused (with a Chinese message) when the event is not resolved or already rated."""
    return event_rate(
        report.event,
        by=None,
        rating=RATING_VALUES[ResidentRating(answer)],
        note=typed_text(comment)[:COMMENT_MAX],
        check_scope=False,
    )


def resident_reopen(report: ResidentReport, *, reason: str):
    return event_reopen(
        report.event, by=None, reason=typed_text(reason)[:COMMENT_MAX], check_scope=False
    )
