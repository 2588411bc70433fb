"""Telling the reporter, through the outbox, when a report is accepted, resolved, reopened, or
closed without a rating. One message per move: the move's id is the deduplication key."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.events.models import Event, EventMove, MoveAction
from governance.events.services.outbox import outbox_enqueue
from governance.resident_reports.models import ResidentReport

NEWS = {
    MoveAction.ACCEPT: lambda: _("has been accepted"),
    MoveAction.RESOLVE: lambda: _("has been resolved: please rate how it was handled"),
    MoveAction.REOPEN: lambda: _("has been reopened and is being handled again"),
    MoveAction.CLOSE: lambda: _("has been closed without a rating"),
}


def tell_reporter(sender, *, event: Event, move: EventMove, **kwargs) -> None:
    if move.action not in NEWS or not event.reporter_phone:
        return
    if not ResidentReport.objects.filter(event_id=event.pk).exists():
        return  # staff's own reports and hotline records are not told here
    lookup = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("resident_reports:lookup")
    subject = _("Your report %(number)s %(news)s") % {
        "number": event.number,
        "news": NEWS[move.action](),
    }
    body = _(
        "%(subject)s. Follow it with the number and the last four digits of your phone at %(link)s"
    ) % {"subject": subject, "link": lookup}
    outbox_enqueue(
        channel=settings.RESIDENT_REPORT_CHANNEL,
        recipient=event.reporter_phone,
        subject=subject,
        body=body,
        dedupe_key=f"resident-report:{event.pk}:{move.pk}",
        at=move.at,
    )
