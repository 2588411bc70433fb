"""Admin pages for spreadsheets: upload → dry-run preview → confirm; export; templates; history."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance import registry_types
from governance.models import GridLevel, ImportJob, ImportMode, ImportStatus
from governance.permissions import EXPORT, IMPORT, scope_for
from governance.services.exports import CONTENT_TYPES, registry_export, render, template_workbook
from governance.services.import_jobs import (
    job_apply,
    job_create,
    job_enqueue,
    job_is_stale,
    job_mark_interrupted,
    job_retry,
    rows_done,
)
from governance.services.imports import ImportReport
from governance.spreadsheets.formats import SPREADSHEETS
from governance.spreadsheets.reading import MB, Limits, SpreadsheetError
from governance.views.downloads import set_attachment_name

# A job still queued after this long means no worker is taking jobs: the page says so.
QUEUE_PATIENCE = datetime.timedelta(seconds=30)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, files_taken=SPREADSHEETS, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = files_taken.upload_label
        self.fields["file"].widget.attrs["accept"] = files_taken.accept


class ExportReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the export"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def require_type(type_key: str) -> registry_types.RegistryType:
    try:
        return registry_types.get(type_key)
    except KeyError:
        raise Http404 from None


def require_right(request, action: str) -> None:
    if not scope_for(request).allows_anywhere(action):
        raise PermissionDenied


def attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    return set_attachment_name(response, file_name, f"registry.{file_name.rsplit('.', 1)[-1]}")


def import_upload(request, type_key):
    registry_type = require_type(type_key)
    require_right(request, IMPORT)
    files = registry_type.files
    form = UploadForm(request.POST or None, request.FILES or None, files_taken=files)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            limits = Limits.from_settings()
            try:
                # Only what costs nothing is checked here; the worker reads the rows.
                if upload.size > limits.max_bytes:
                    raise SpreadsheetError(
                        _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
                        % {"size": upload.size / MB, "limit": limits.max_bytes / MB}
                    )
                content = upload.read()
                files.check(content, upload.name, limits=limits)
            except SpreadsheetError as error:
                form.add_error("file", str(error))
            else:
                job = job_create(
                    type_key=type_key, file_name=upload.name, content=content, user=request.user
                )
                job_enqueue(job)
                return redirect("governance_import_job", pk=job.pk)
        status = 400
    resource = registry_type.resource()
    return TemplateResponse(
        request,
        "governance/admin/import_upload.html",
        {
            "form": form,
            "type_key": type_key,
            "type_label": registry_type.label,
            "files": files,
            "columns": resource.get_export_headers(),
            "required": resource.required_columns,
            "recent": visible_jobs(request).filter(type_key=type_key)[:10],
            "export_within": export_choices(request) if "geojson" in files.export_formats else (),
        },
        status=status,
    )


def visible_jobs(request):
    jobs = ImportJob.objects.select_related("user")
    if request.user.is_superuser:
        return jobs
    return jobs.filter(user=request.user)


def get_job(request, pk) -> ImportJob:
    return get_object_or_404(visible_jobs(request), pk=pk)


def export_choices(request):
    """The districts, streets and communities whose subtree the user may export."""
    scope = scope_for(request)
    return scope.visible_grids(EXPORT).filter(level__lte=GridLevel.COMMUNITY).order_by("path")


def type_label(type_key: str) -> str:
    try:
        return registry_types.get(type_key).label
    except KeyError:
        return type_key


def by_feature(type_key: str) -> bool:
    try:
        return registry_types.get(type_key).files.by_feature
    except KeyError:
        return False


def import_job(request, pk):
    job = get_job(request, pk)
    if job_is_stale(job):
        job_mark_interrupted(job)
        job.refresh_from_db()
    report = ImportReport.from_dict(job.report) if job.report else None
    applied_by = job.applications.order_by("-pk").first()
    waiting = timezone.now() - job.created_at if job.status == ImportStatus.QUEUED else None
    return TemplateResponse(
        request,
        "governance/admin/import_job.html",
        {
            "job": job,
            "report": report,
            "type_label": type_label(job.type_key),
            "by_feature": by_feature(job.type_key),
            "rows_done": rows_done(job),
            "can_confirm": job.mode == ImportMode.PREVIEW
            and job.status == ImportStatus.SUCCEEDED
            and applied_by is None,
            "can_retry": job.can_retry and scope_for(request).allows_anywhere(IMPORT),
            "applied_by": applied_by,
            "worker_missing": waiting is not None and waiting > QUEUE_PATIENCE,
        },
    )


@require_POST
def import_confirm(request, pk):
    preview = get_job(request, pk)
    require_right(request, IMPORT)
    if preview.mode != ImportMode.PREVIEW or preview.status != ImportStatus.SUCCEEDED:
        raise PermissionDenied
    job = job_apply(preview, user=request.user)
    return redirect("governance_import_job", pk=job.pk)


@require_POST
def import_retry(request, pk):
    job = get_job(request, pk)
    require_right(request, IMPORT)
    if not job_retry(job):
        messages.warning(request, _("This import is not waiting for a retry."))
    return redirect("governance_import_job", pk=job.pk)


def import_history(request):
    require_right(request, IMPORT)
    return TemplateResponse(
        request,
        "governance/admin/import_history.html",
        {"jobs": visible_jobs(request)[:200]},
    )


def filtered_listing(request, registry_type):
    """The rows the admin listing shows for the same query string: its own filters and search.
    A type without a registry viewset (its app has its own admin) exports all it may."""
    if registry_type.viewset is None:
        return None
    index_view = registry_type.model.snippet_viewset.index_view
    listing = index_view.view_class(**index_view.view_initkwargs)
    listing.setup(request)
    return listing.rows_to_export()


def export_listing(request, type_key):
    registry_type = require_type(type_key)
    require_right(request, EXPORT)
    formats = registry_type.files.export_formats
    file_format = request.GET.get("format", formats[0])
    if file_format not in formats:
        raise Http404
    within = None
    if registry_type.viewset is None and "within" in request.GET:
        # Types without a listing of their own narrow the export to a subtree here.
        pk = request.GET["within"]
        grids = scope_for(request).visible_grids(EXPORT)
        within = get_object_or_404(grids, pk=pk) if pk.isdigit() else None
        if pk and within is None:
            raise Http404
    reason = ""
    if registry_type.asks_reason:
        form = ExportReasonForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "governance/admin/export_reason.html",
                {"form": form, "type_label": registry_type.label},
                status=400 if request.method == "POST" else 200,
            )
        reason = form.cleaned_data["reason"]
    dataset = registry_export(
        type_key=type_key,
        user=request.user,
        queryset=filtered_listing(request, registry_type),
        within=within,
    )
    if registry_type.on_export is not None:
        registry_type.on_export(request.user, registry_type, len(dataset), reason)
    label = registry_type.label
    file_label = f"{label}-{within.name}" if within is not None else label
    return attachment(
        render(dataset, file_format, sheet_title=label),
        CONTENT_TYPES[file_format],
        f"{file_label}.{file_format}",
    )


def download_template(request, type_key):
    registry_type = require_type(type_key)
    require_right(request, IMPORT)
    if not registry_type.files.has_template:
        raise Http404
    label = registry_type.label
    return attachment(template_workbook(type_key), CONTENT_TYPES["xlsx"], f"{label}导入模板.xlsx")
