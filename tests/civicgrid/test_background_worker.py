"""Without a background worker the site must still be whole, and must say that tasks wait."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.tasks import update_reference_index_task

from governance.events.services.outbox import outbox_enqueue

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def no_worker(settings):
    """Tasks go to the database queue, as in production, and nothing takes them."""
    settings.TASKS = DATABASE_QUEUE
    settings.TASKS_MAX_QUEUE_AGE = 600


def queue_task(waited=timedelta(0), run_after=None):
    task = update_reference_index_task
    if run_after is not None:
        task = task.using(run_after=run_after)
    result = task.enqueue("auth", "user", "1")
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - waited)
    return result


@pytest.mark.django_db
def test_seed_demo__without_a_worker_leaves_the_demo_searchable(client, no_worker):
    call_command("seed_demo", stdout=io.StringIO())

    response = client.get("/search/", {"q": "停水"})
    health = client.get("/healthz").json()

    assert "华府小区停水通知" in response.content.decode()
    assert health["tasks"]["backlog"] == 0


@pytest.mark.django_db
def test_healthz__reports_an_empty_queue(client, no_worker):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "tasks": {
            "status": "ok",
            "backlog": 0,
            "oldest_age_seconds": None,
            "max_age_seconds": 600,
            "waiting": {"outbox": 0},
        },
    }


@pytest.mark.django_db
def test_healthz__messages_left_unsent_mean_no_worker_too(client, admin_client, no_worker):
    # No task waits: only the outbox, which the worker's periodic job delivers.
    outbox_enqueue(
        channel="sms",
        recipient="13800001234",
        subject="您的反映已受理",
        body="……",
        dedupe_key="health-1",
        at=timezone.now() - timedelta(minutes=11),
    )

    response = client.get("/healthz")
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert response.status_code == 503 and response.json()["tasks"]["status"] == "stuck"
    assert response.json()["tasks"]["waiting"] == {"outbox": 1}
    assert "13800001234" not in response.content.decode()
    assert "发件箱" in html and "python manage.py db_worker" in html


@pytest.mark.django_db
def test_healthz__a_young_backlog_is_healthy(client, no_worker):
    queue_task(waited=timedelta(minutes=2))
    queue_task()

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["tasks"]["backlog"] == 2
    assert 120 <= response.json()["tasks"]["oldest_age_seconds"] < 600


@pytest.mark.django_db
def test_healthz__503_when_the_oldest_task_waited_too_long(client, no_worker):
    queue_task(waited=timedelta(minutes=11))
    queue_task()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert response.json()["tasks"]["status"] == "stuck"
    assert response.json()["tasks"]["backlog"] == 2
    assert response.json()["tasks"]["oldest_age_seconds"] >= 660


@pytest.mark.django_db
def test_healthz__finished_and_deferred_tasks_are_not_waiting(client, no_worker):
    done = queue_task(waited=timedelta(hours=2))
    DBTaskResult.objects.get(pk=done.id).set_successful(None)
    queue_task(waited=timedelta(hours=1), run_after=timezone.now() + timedelta(hours=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["tasks"]["backlog"] == 0


@pytest.mark.django_db
def test_healthz__a_deferred_task_waits_from_its_run_after_time(client, no_worker):
    queue_task(waited=timedelta(hours=1), run_after=timezone.now() - timedelta(minutes=1))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert 60 <= response.json()["tasks"]["oldest_age_seconds"] < 600


@pytest.mark.django_db
def test_dashboard__superusers_are_warned_of_a_stuck_queue(admin_client, no_worker):
    queue_task(waited=timedelta(minutes=45))
    queue_task()

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "后台任务" in html
    assert "有 2 个后台任务在排队" in html
    assert "已等 45\xa0分钟" in html
    assert "python manage.py db_worker" in html


@pytest.mark.django_db
def test_dashboard__no_warning_while_the_queue_moves(admin_client, no_worker):
    queue_task(waited=timedelta(minutes=2))

    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "db_worker" not in html


@pytest.mark.django_db
def test_dashboard__other_staff_get_no_queue_warning(client, no_worker, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    queue_task(waited=timedelta(hours=3))

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "db_worker" not in response.content.decode()
