"""Import jobs in the background: stale jobs after a killed worker, retries, double confirms."""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance.factories import RoleFactory
from governance.models import (
    ImportJob,
    ImportMode,
    ImportStatus,
    Person,
    Report,
    ReportLayout,
    ReportStatus,
)
from governance.services import import_jobs
from governance.services import reports as report_service
from governance.services.import_jobs import job_create, job_run
from tests.governance.spreadsheets import xlsx_bytes

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def roster_bytes(tree, count=3) -> bytes:
    codes = [g.code for g in tree["grid"]]
    rows = [[codes[i % len(codes)], f"居民{i}", "网格员"] for i in range(count)]
    return xlsx_bytes(["网格编码", "姓名", "角色"], rows)


def running_job(tree, user, *, started_minutes_ago=10, mode=ImportMode.APPLY) -> ImportJob:
    """A job a killed worker left "running": started long ago, no heartbeat since."""
    job = job_create(
        type_key="people", file_name="花名册.xlsx", content=roster_bytes(tree), user=user, mode=mode
    )
    started = timezone.now() - datetime.timedelta(minutes=started_minutes_ago)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=started)
    return job


@pytest.fixture
def people_role(db):
    return RoleFactory(name="网格员")


# The worker closes connections that are inside a transaction: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_worker_start__marks_a_stale_running_job_retryable(tree, admin_user, people_role, settings):
    settings.TASKS = DATABASE_TASKS
    job = running_job(tree, admin_user)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED
    assert job.get_status_display() == "失败（可重试）"
    assert "后台工作进程在处理此文件时停止" in job.report["file_errors"][0]
    assert not Person.objects.exists()


# The worker closes connections that are inside a transaction: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_worker_start__leaves_a_job_that_is_still_beating_alone(
    tree, admin_user, people_role, settings
):
    settings.TASKS = DATABASE_TASKS
    job = running_job(tree, admin_user)
    cache.set(import_jobs.heartbeat_key(job.pk), timezone.now().timestamp())

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING


@pytest.mark.django_db
def test_job_page__shows_a_stale_job_as_retryable_and_retry_runs_the_stored_file(
    admin_client, tree, admin_user, people_role
):
    job = running_job(tree, admin_user)
    url = reverse("governance_import_job", args=[job.pk])

    page = admin_client.get(url).content.decode()
    retried = admin_client.post(reverse("governance_import_retry", args=[job.pk]))
    again = admin_client.post(reverse("governance_import_retry", args=[job.pk]), follow=True)

    assert "失败（可重试）" in page and "用同一文件重试" in page
    assert retried.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED and job.attempts == 1
    assert Person.objects.count() == 3
    assert "此导入当前不能重试" in again.content.decode()


@pytest.mark.django_db
def test_retry__refused_to_users_without_the_import_right(client, tree, admin_user, people_role):
    job = running_job(tree, admin_user)
    import_jobs.jobs_recover_stale()
    client.force_login(admin_user)
    admin_user.is_superuser = False
    admin_user.save()

    response = client.post(reverse("governance_import_retry", args=[job.pk]))

    assert response.status_code in (302, 403, 404)
    job.refresh_from_db()
    assert job.status == ImportStatus.INTERRUPTED


@pytest.mark.django_db
def test_confirm__twice_applies_the_preview_once(admin_client, tree, admin_user, people_role):
    preview = job_create(
        type_key="people", file_name="花名册.xlsx", content=roster_bytes(tree), user=admin_user
    )
    job_run(preview.pk)
    confirm = reverse("governance_import_confirm", args=[preview.pk])

    first = admin_client.post(confirm)
    second = admin_client.post(confirm)

    assert first["Location"] == second["Location"]
    assert ImportJob.objects.filter(mode=ImportMode.APPLY).count() == 1
    assert Person.objects.count() == 3


@pytest.mark.django_db
def test_job_run__a_job_that_is_no_longer_queued_is_not_run_twice(tree, admin_user, people_role):
    job = job_create(
        type_key="people", file_name="花名册.xlsx", content=roster_bytes(tree), user=admin_user
    )
    job_run(job.pk)

    assert job_run(job.pk) is None


@pytest.mark.django_db
def test_job_page__says_when_no_worker_has_taken_a_queued_job(admin_client, tree, admin_user):
    job = job_create(
        type_key="people", file_name="花名册.xlsx", content=roster_bytes(tree), user=admin_user
    )
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    page = admin_client.get(reverse("governance_import_job", args=[job.pk])).content.decode()

    assert "python manage.py db_worker" in page


# The worker closes connections that are inside a transaction: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_worker_start__fails_a_report_left_building(tree, settings):
    settings.TASKS = DATABASE_TASKS
    layout = ReportLayout.objects.create(name="月报", blocks=[])
    report = Report.objects.create(
        layout=layout, grid=tree["community"][0], period="2026-10", status=ReportStatus.BUILDING
    )

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "重新保存" in report.failure_reason
    assert report_service.reports_recover_stale() == 0
