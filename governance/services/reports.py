"""Building PDF reports: gather the registry data, render HTML, let WeasyPrint typeset it.

One code path for the admin (through the background task), the command line and the tests.
"""

import hashlib
import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from functools import cache

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from governance.heartbeat import Heartbeat, is_stale
from governance.models import Grid, Report, ReportLayout, ReportStatus
from governance.periods import Period
from governance.permissions import REPORT, scope_for
from governance.reports.data import gather

logger = logging.getLogger(__name__)


class ReportError(RuntimeError):
    """The report cannot be built; the message says why, in Chinese."""


@cache
def cjk_font_family() -> str:
    """The first Chinese font fontconfig knows; without one every character is an empty box."""
    if shutil.which("fc-list"):
        output = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
        ).stdout
        families = sorted(
            {line.split(",")[0].strip() for line in output.splitlines() if line.strip()},
            # Simplified-Chinese glyph forms first, then any other CJK family.
            key=lambda name: (name != "Noto Sans CJK SC", not name.startswith("Noto"), name),
        )
        if families:
            return families[0]
    raise ReportError(
        _("No Chinese font is installed: install fonts-noto-cjk (apt-get install fonts-noto-cjk).")
    )


@dataclass
class BuiltReport:
    pdf: bytes
    page_count: int
    checksum: str
    html: str
    refused_urls: list[str] = field(default_factory=list)


def report_html(*, layout: ReportLayout, node: Grid, period: Period) -> str:
    return render_to_string(
        "reports/report.html",
        {
            "layout": layout,
            "node": node,
            "breadcrumbs": node.breadcrumbs(),
            "period": period,
            "blocks": gather(layout, node, period),
            "generated_at": timezone.localtime(),
            "font_family": cjk_font_family(),
        },
    )


def render_pdf(html: str) -> BuiltReport:
    # WeasyPrint (and our fetcher built on it) adds ~25 MB to a process: only report builds
    # load it, not every web and worker process.
    from weasyprint import HTML

    from governance.reports.fetcher import REPORT_BASE_URL, ProjectFilesFetcher

    fetcher = ProjectFilesFetcher()
    document = HTML(string=html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render()
    pdf = document.write_pdf()
    return BuiltReport(
        pdf=pdf,
        page_count=len(document.pages),
        checksum=hashlib.sha256(pdf).hexdigest(),
        html=html,
        refused_urls=fetcher.refused,
    )


def report_build(*, layout: ReportLayout, node: Grid, period: Period, user) -> BuiltReport:
    """`user` None means the server operator (the command line)."""
    if user is not None and not scope_for(user).allows(REPORT, node.path):
        raise PermissionDenied(_("You may not build reports for %(grid)s.") % {"grid": node.name})
    return render_pdf(report_html(layout=layout, node=node, period=period))


def report_enqueue(report: Report) -> None:
    """Hands the build to the background worker (in the caller's transaction)."""
    build_report_task.enqueue(report.pk)


def heartbeat_key(report_pk: int) -> str:
    return f"report-heartbeat:{report_pk}"


def report_run(report_pk: int) -> Report:
    """Builds a queued report and stores its file; failures are kept with their reason."""
    report = Report.objects.select_related("layout", "grid", "requested_by").get(pk=report_pk)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.BUILDING)
    with Heartbeat(heartbeat_key(report.pk)):
        try:
            built = report_build(
                layout=report.layout,
                node=report.grid,
                period=Period.parse(report.period),
                user=report.requested_by,
            )
        except (ReportError, PermissionDenied, ValueError) as error:
            report.status, report.failure_reason = ReportStatus.FAILED, str(error)
        except Exception as error:  # noqa: BLE001 - any failure is shown to the user, then logged
            logger.exception("report %s failed", report.pk)
            report.status = ReportStatus.FAILED
            report.failure_reason = _("Unexpected error: %(error)s") % {
                "error": type(error).__name__
            }
        else:
            report.file.save(f"report-{report.pk}.pdf", ContentFile(built.pdf), save=False)
            report.status, report.failure_reason = ReportStatus.READY, ""
            report.page_count, report.checksum = built.page_count, built.checksum
    report.finished_at = timezone.now()
    report.save()
    return report


@task()
def build_report_task(report_pk: int) -> None:
    report_run(report_pk)


def reports_recover_stale() -> int:
    """Reports left "building" by a worker that died become failed; asking again rebuilds."""
    stale = [
        report.pk
        for report in Report.objects.filter(status=ReportStatus.BUILDING)
        if is_stale(heartbeat_key(report.pk), started_at=None)
    ]
    return Report.objects.filter(pk__in=stale, status=ReportStatus.BUILDING).update(
        status=ReportStatus.FAILED,
        failure_reason=_(
            "The background worker stopped while building this report; save it again to rebuild."
        ),
        finished_at=timezone.now(),
    )
