from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from governance.models import Report, ReportStatus
from governance.permissions import REPORT, scope_for
from governance.views.downloads import set_attachment_name


def report_download(request, pk):
    report = get_object_or_404(Report.objects.select_related("grid", "layout"), pk=pk)
    if not scope_for(request).allows(REPORT, report.grid.path):
        raise PermissionDenied
    if report.status != ReportStatus.READY or not report.file:
        raise Http404
    response = FileResponse(report.file.open("rb"), content_type="application/pdf")
    return set_attachment_name(response, report.download_name, f"report-{report.pk}.pdf")
