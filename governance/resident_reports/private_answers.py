"""What the status page and the mini program's API share: a report found by its secret token,
and an answer that only its reporter may read."""

from django.http import Http404
from django.utils.translation import gettext as _

from governance.resident_reports.models import ResidentReport
from governance.resident_reports.services.tracking import report_by_token


def report_or_404(token: str) -> ResidentReport:
    report = report_by_token(token)
    if report is None:
        raise Http404(_("No report has this link."))
    return report


def private(response):
    """An answer reached by a secret link: not cached (by a shared cache nor by ours,
    civicgrid/response_cache.py), not indexed, never a referrer to another site. Not
    "no-referrer": browsers then post its forms with `Origin: null`, which CSRF protection
    refuses (a resident could not rate)."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
