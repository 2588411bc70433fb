"""A real worker process killed in the middle of applying an import: nothing is half-written, the
next worker marks the job "failed (can be retried)", and a retry from the admin finishes it with
the file already stored.

The workers are separate processes (`manage.py db_worker`) sharing this test's database: on
PostgreSQL the test database itself, on SQLite a file copied to and from the in-memory one.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.urls import reverse

from governance.factories import RoleFactory
from governance.models import ImportMode, ImportStatus, Person
from governance.services import import_jobs
from tests.governance.spreadsheets import xlsx_bytes

ROWS = 6_000
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SharedDatabase:
    """This test's database as other processes can open it."""

    def __init__(self, folder):
        self.file = folder / "shared.sqlite3"
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{self.file}"
        else:
            db = connection.settings_dict
            self.url = (
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            )

    def push(self):
        """Makes what this test wrote visible to the workers."""
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(self.file) as target:
                connection.connection.backup(target)

    def pull(self):
        """Makes what the workers wrote visible to this test."""
        if connection.vendor == "sqlite":
            with sqlite3.connect(self.file) as source:
                source.backup(connection.connection)


def worker(env, *extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", *extra],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(condition, timeout=90, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_apply_leaves_nothing_half_written_and_the_job_retryable(
    admin_client, admin_user, tree, tmp_path, settings
):
    RoleFactory(name="网格员")
    codes = [grid.code for grid in tree["grid"]]
    rows = [[codes[i % len(codes)], f"居民{i}", "网格员"] for i in range(ROWS)]
    settings.TASKS = DATABASE_TASKS
    job = import_jobs.job_create(
        type_key="people",
        file_name="花名册.xlsx",
        content=xlsx_bytes(["网格编码", "姓名", "角色"], rows),
        user=admin_user,
        mode=ImportMode.APPLY,
    )
    import_jobs.job_enqueue(job)
    database = SharedDatabase(tmp_path)
    database.push()
    cache_dir = tmp_path / "cache"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civicgrid.settings.dev",
        # The workers open this test's database: its ID-number sample was made with this key.
        "PERSONAL_DATA_KEY": settings.PERSONAL_DATA_KEY,
        "DATABASE_URL": database.url,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "CACHE_DIR": str(cache_dir),
        "REDIS_URL": "",
        "TASKS_BACKEND": "database",
        "JOB_STALE_AFTER_SECONDS": "2",
    }
    shared_cache = FileBasedCache(str(cache_dir), {})

    first = worker(env)
    try:
        wait_for(
            lambda: (shared_cache.get(import_jobs.progress_key(job.pk)) or 0) >= 500,
            what="the first worker to be half-way through the file",
        )
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()

    database.pull()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert not Person.objects.exists()  # the transaction died with the worker

    # A supervisor restarts the worker at once, before the heartbeat has gone stale: the new
    # worker keeps watching and marks the job when it does.
    second = worker(env)
    try:

        def interrupted():
            database.pull()
            job.refresh_from_db()
            return job.status == ImportStatus.INTERRUPTED

        wait_for(interrupted, what="the restarted worker to mark the job")
    finally:
        second.terminate()
        second.wait()
    assert not Person.objects.exists()

    retry = admin_client.post(reverse("governance_import_retry", args=[job.pk]))
    assert retry.status_code == 302
    database.push()
    third = worker(env, "--batch")
    assert third.wait(timeout=120) == 0, third.stderr.read().decode()
    database.pull()
    job.refresh_from_db()
    assert job.status == ImportStatus.SUCCEEDED, job.report
    assert job.attempts == 1
    assert Person.objects.count() == ROWS
