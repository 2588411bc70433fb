"""Background tasks (django-tasks): run by `python manage.py db_worker` in production."""

from django_tasks import task


@task()
def run_import_job(job_pk: int) -> None:
    from governance.services.import_jobs import job_run

    job_run(job_pk)


@task()
def build_report_task(report_pk: int) -> None:
    from governance.services.reports import report_run

    report_run(report_pk)
