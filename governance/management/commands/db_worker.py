"""The background worker (django-tasks-db's `db_worker`), made to survive what the demo's SQLite
does to it and to notice work that a killed worker left behind.

- On start, and then every half of `JOB_STALE_AFTER_SECONDS`, imports and reports left "running"
  by a worker that died are marked failed (an import as "failed (can be retried)"). Checking
  only on start would miss a job whose worker is restarted at once, as a supervisor does.
- SQLite lets one writer at a time: when another process holds the database longer than the
  busy timeout (a long import), the worker waits and goes on instead of exiting.
- The periodic jobs the apps register (`governance.periodic`, e.g. the events' deadlines pass)
  run in another thread on their own timers, so the demo needs no cron.
"""

import threading
import time
import traceback

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

from governance import periodic
from governance.services.import_jobs import jobs_recover_stale
from governance.services.reports import reports_recover_stale

LOCKED_DATABASE_PAUSE_SECONDS = 1
PERIODIC_TICK_SECONDS = 1


class Command(DatabaseWorkerCommand):
    def handle(self, *args, **options):
        self.recover()
        stop = threading.Event()
        if not options["batch"]:  # a batch run ends when the queue is empty
            threading.Thread(
                target=self.keep_recovering, args=[stop], name="stale jobs", daemon=True
            ).start()
            threading.Thread(
                target=self.keep_running_periodic_jobs,
                args=[stop],
                name="periodic jobs",
                daemon=True,
            ).start()
        try:
            while True:
                try:
                    return super().handle(*args, **options)
                except OperationalError as error:
                    if not is_locked_database_exception(error):
                        raise
                    self.stderr.write(_("The database is busy; the worker waits and goes on."))
                    close_old_connections()
                    time.sleep(LOCKED_DATABASE_PAUSE_SECONDS)
        finally:
            stop.set()

    def recover(self) -> None:
        imports, reports = jobs_recover_stale(), reports_recover_stale()
        if imports or reports:
            self.stderr.write(
                _(
                    "Marked %(imports)d import(s) and %(reports)d report(s) left running by a "
                    "stopped worker as failed (they can be retried)."
                )
                % {"imports": imports, "reports": reports}
            )

    def keep_recovering(self, stop: threading.Event) -> None:
        while not stop.wait(max(1, settings.JOB_STALE_AFTER_SECONDS / 2)):
            try:
                self.recover()
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
            finally:
                close_old_connections()

    def keep_running_periodic_jobs(self, stop: threading.Event) -> None:
        next_run: dict[str, float] = {}
        while not stop.wait(PERIODIC_TICK_SECONDS):
            next_run = self.run_due_jobs(next_run, time.monotonic())

    def run_due_jobs(self, next_run: dict[str, float], clock: float) -> dict[str, float]:
        """Runs each job whose time has come (all of them on the first call); returns when each
        is due next. A failing job is reported and tried again at its next turn."""
        for job in periodic.jobs():
            if next_run.get(job.name, clock) > clock:
                continue
            try:
                job.run()
            except Exception:  # noqa: BLE001 - one failed pass must not stop the worker
                self.stderr.write(
                    _("The periodic job “%(name)s” failed; it runs again at its next turn.")
                    % {"name": job.name}
                )
                self.stderr.write(traceback.format_exc())
            finally:
                close_old_connections()
            next_run[job.name] = clock + max(1, job.every())
        return next_run
