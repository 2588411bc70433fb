"""Finding a report again (by its private token, or by number and phone) and what its reporter
sees of it: states and official replies, never internal notes or staff names."""

import hmac
from dataclasses import dataclass

from django.utils.translation import gettext as _

from governance.events.models import EventMove, MoveAction
from governance.resident_reports.models import ResidentReport
from governance.resident_reports.services.secrets import secret_hash

TOKEN_MAX = 64


def report_by_token(token: str) -> ResidentReport | None:
    if not token or len(token) > TOKEN_MAX:
        return None
    return (
        ResidentReport.objects.select_related("event__category", "event__grid")
        .filter(token_hash=secret_hash(token))
        .first()
    )


def report_by_number_and_phone(number: str, last_digits: str) -> ResidentReport | None:
    """The report of that number whose reporter's phone ends with the four digits given."""
    number, last_digits = number.strip().upper(), last_digits.strip()
    if len(last_digits) != 4 or not last_digits.isdigit() or len(number) > 20:
        return None
    report = (
        ResidentReport.objects.select_related("event__category", "event__grid")
        .filter(event__number=number, is_anonymous=False)
        .first()
    )
    phone = report.event.reporter_phone if report else ""
    if len(phone) < 4 or not hmac.compare_digest(phone[-4:], last_digits):
        return None
    return report


@dataclass(frozen=True)
class PublicStep:
    at: object
    label: str
    # What the handling side wrote for the reporter: a reply, the result, why it was refused.
    reply: str = ""
    node: str = ""


# The moves a reporter sees, with what they are told; the others (assignments, internal passing
# between the rungs of one community) show as one "being handled" step at most.
PUBLIC_LABELS = {
    MoveAction.REPORT: lambda: _("Report received"),
    MoveAction.ACCEPT: lambda: _("Accepted"),
    MoveAction.REJECT: lambda: _("Not accepted"),
    MoveAction.DUPLICATE: lambda: _("Handled together with an earlier report"),
    MoveAction.ASSIGN: lambda: _("Being handled"),
    MoveAction.ESCALATE: lambda: _("Passed to a higher level"),
    MoveAction.TO_DEPARTMENT: lambda: _("Passed to a functional department"),
    MoveAction.RESOLVE: lambda: _("Resolved"),
    MoveAction.REPLY: lambda: _("Reply"),
    MoveAction.RATE: lambda: _("Rated"),
    MoveAction.CLOSE: lambda: _("Closed"),
    MoveAction.REOPEN: lambda: _("Reopened"),
}
REPLIES = {MoveAction.RESOLVE, MoveAction.REPLY, MoveAction.REJECT}
# Where the event went is public (a grid, a department); who moved it is not.
SHOWS_NODE = {MoveAction.ESCALATE, MoveAction.TO_DEPARTMENT}


def public_timeline(report: ResidentReport) -> list[PublicStep]:
    moves = EventMove.objects.filter(event_id=report.event_id, action__in=PUBLIC_LABELS).only(
        "action", "at", "note", "to_node"
    )
    steps = []
    for move in moves:
        if move.action == MoveAction.ASSIGN and steps and steps[-1].label == _("Being handled"):
            continue
        steps.append(
            PublicStep(
                at=move.at,
                label=PUBLIC_LABELS[move.action](),
                reply=move.note if move.action in REPLIES else "",
                node=move.to_node if move.action in SHOWS_NODE else "",
            )
        )
    return steps
