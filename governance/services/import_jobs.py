"""Import jobs: an uploaded file, kept privately, previewed and then applied by the background
worker, with progress and a heartbeat while it runs. The web request only stores the file: all
reading of its contents happens in the worker, whatever the file's size.

A job whose worker dies is marked "failed (can be retried)" when the next worker starts (or when
someone opens it); retrying runs the stored file again, without a new upload.
"""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from governance import registry_types
from governance.heartbeat import Heartbeat, is_stale
from governance.models import ImportJob, ImportMode, ImportStatus
from governance.models.imports import RETRYABLE_STATUSES
from governance.services.imports import ImportReport, registry_import
from governance.spreadsheets.reading import SpreadsheetError


def job_create(
    *,
    type_key: str,
    file_name: str,
    content: bytes,
    user,
    mode=ImportMode.PREVIEW,
    preview_of: ImportJob | None = None,
) -> ImportJob:
    job = ImportJob(
        type_key=type_key, mode=mode, file_name=file_name, user=user, preview_of=preview_of
    )
    job.file.save(file_name, ContentFile(content), save=False)
    job.save()
    return job


def job_enqueue(job: ImportJob) -> None:
    """Hands the job to the background worker. The database backend's queue row is written in
    the caller's transaction, so a worker never sees a job that was not committed."""
    run_import_job.enqueue(job.pk)


@transaction.atomic
def job_apply(preview: ImportJob, *, user) -> ImportJob:
    """The one application of a previewed file; a second confirm (a double click, two tabs)
    finds the first."""
    existing = preview.applications.order_by("-pk").first()
    if existing is not None:
        return existing
    with preview.file.open("rb") as handle:
        content = handle.read()
    try:
        with transaction.atomic():
            job = job_create(
                type_key=preview.type_key,
                file_name=preview.file_name,
                content=content,
                user=user,
                mode=ImportMode.APPLY,
                preview_of=preview,
            )
    except IntegrityError:
        return preview.applications.get()
    job_enqueue(job)
    return job


def job_retry(job: ImportJob) -> bool:
    """Queues a failed job again with the file it already has. False when it is not retryable
    (it was retried already, or it is running)."""
    retried = ImportJob.objects.filter(pk=job.pk, status__in=RETRYABLE_STATUSES).update(
        status=ImportStatus.QUEUED,
        attempts=F("attempts") + 1,
        started_at=None,
        finished_at=None,
        processed_rows=0,
        report={},
    )
    if retried:
        cache.delete(progress_key(job.pk))
        job_enqueue(job)
    return bool(retried)


def progress_key(job_pk: int) -> str:
    return f"import-job-progress:{job_pk}"


def heartbeat_key(job_pk: int) -> str:
    return f"import-job-heartbeat:{job_pk}"


def save_progress(job_pk: int, rows_done: int) -> None:
    # The import runs inside one transaction, so a progress row written to the database would
    # stay invisible until the end: the cache (Redis, or a shared file cache) carries it.
    cache.set(progress_key(job_pk), rows_done, 60 * 60)


def rows_done(job: ImportJob) -> int:
    if job.is_finished:
        return job.total_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def job_run(job_pk: int) -> ImportJob | None:
    """Reads and previews or applies one job. Runs in the worker; returns None when the job was
    no longer waiting (another worker took it, or it was cancelled)."""
    claimed = ImportJob.objects.filter(pk=job_pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("user").get(pk=job_pk)
    preview = job.mode == ImportMode.PREVIEW
    with Heartbeat(heartbeat_key(job.pk)):
        try:
            files = registry_types.get(job.type_key).files
            with job.file.open("rb") as handle:
                sheet = files.read(handle.read(), job.file_name)
            # Outside the import's transaction, so the page can show the size while it runs.
            ImportJob.objects.filter(pk=job.pk).update(total_rows=len(sheet))
            report = registry_import(
                type_key=job.type_key,
                sheet=sheet,
                user=job.user,
                dry_run=preview,
                progress=lambda done: save_progress(job.pk, done),
                job=job,
            )
        except SpreadsheetError as error:
            report = ImportReport(type_key=job.type_key, dry_run=preview)
            report.file_errors.append(str(error))
            status = ImportStatus.REJECTED
        except Exception as error:  # noqa: BLE001 - the job records any failure for the user
            report = ImportReport(type_key=job.type_key, dry_run=preview)
            report.file_errors.append(
                _("The import stopped with an error (%(error)s); nothing was written.")
                % {"error": type(error).__name__}
            )
            status = ImportStatus.FAILED
        else:
            status = ImportStatus.SUCCEEDED if report.ok else ImportStatus.REJECTED
    job.refresh_from_db(fields=["total_rows"])
    job.status = status
    job.finished_at = timezone.now()
    job.total_rows = report.total or job.total_rows
    job.processed_rows = job.total_rows
    job.new_rows, job.updated_rows = report.new, report.updated
    job.unchanged_rows, job.error_rows = report.unchanged, report.error_rows
    job.report = report.as_dict()
    job.save()
    return job


@task()
def run_import_job(job_pk: int) -> None:
    job_run(job_pk)


def job_is_stale(job: ImportJob) -> bool:
    return job.status == ImportStatus.RUNNING and is_stale(heartbeat_key(job.pk), job.started_at)


def jobs_recover_stale() -> int:
    """Marks running jobs whose worker died "failed (can be retried)"; returns how many."""
    recovered = 0
    for job in ImportJob.objects.filter(status=ImportStatus.RUNNING):
        if job_is_stale(job):
            recovered += job_mark_interrupted(job)
    return recovered


def job_mark_interrupted(job: ImportJob) -> int:
    report = ImportReport(type_key=job.type_key, dry_run=job.mode == ImportMode.PREVIEW)
    report.file_errors.append(
        _(
            "The background worker stopped while it was working on this file (it was killed or "
            "restarted). Nothing was written. Retry to run the same file again."
        )
    )
    return ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
        status=ImportStatus.INTERRUPTED, finished_at=timezone.now(), report=report.as_dict()
    )
