"""Import jobs: the uploaded file, kept privately, previewed and then applied; small files run
inline, large ones in the background task worker with progress saved on the job."""

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from governance.models import ImportJob, ImportMode, ImportStatus
from governance.services.imports import ImportReport, registry_import
from governance.spreadsheets.reading import read_spreadsheet


def job_create(
    *,
    type_key: str,
    file_name: str,
    content: bytes,
    user,
    mode=ImportMode.PREVIEW,
    preview_of: ImportJob | None = None,
    total_rows: int = 0,
) -> ImportJob:
    job = ImportJob(
        type_key=type_key,
        mode=mode,
        file_name=file_name,
        user=user,
        preview_of=preview_of,
        total_rows=total_rows,
    )
    job.file.save(file_name, ContentFile(content), save=False)
    job.save()
    return job


def job_start(job: ImportJob) -> None:
    """Runs the job now when it is small, else hands it to the background worker."""
    if job.total_rows <= settings.IMPORT_INLINE_ROWS:
        job_run(job.pk)
        return
    from governance.tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))


def progress_key(job_pk: int) -> str:
    return f"import-job-progress:{job_pk}"


def save_progress(job_pk: int, rows_done: int) -> None:
    # The import runs inside one transaction, so a progress row written to the database would
    # stay invisible until the end: the cache (Redis, or a shared file cache) carries it.
    cache.set(progress_key(job_pk), rows_done, 60 * 60)


def rows_done(job: ImportJob) -> int:
    if job.is_finished:
        return job.total_rows
    return cache.get(progress_key(job.pk), job.processed_rows)


def job_run(job_pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("user").get(pk=job_pk)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    try:
        with job.file.open("rb") as handle:
            dataset = read_spreadsheet(handle.read(), job.file_name)
        report = registry_import(
            type_key=job.type_key,
            dataset=dataset,
            user=job.user,
            dry_run=job.mode == ImportMode.PREVIEW,
            progress=lambda done: save_progress(job.pk, done),
        )
    except Exception as error:  # noqa: BLE001 - the job records any failure for the user
        report = ImportReport(type_key=job.type_key, dry_run=job.mode == ImportMode.PREVIEW)
        report.file_errors.append(str(error))
        status = ImportStatus.FAILED
    else:
        status = ImportStatus.SUCCEEDED if report.ok else ImportStatus.REJECTED
    job.status = status
    job.finished_at = timezone.now()
    job.total_rows = report.total or job.total_rows
    job.processed_rows = job.total_rows
    job.new_rows, job.updated_rows = report.new, report.updated
    job.unchanged_rows, job.error_rows = report.unchanged, report.error_rows
    job.report = report.as_dict()
    job.save()
    return job
