"""The background worker (django-tasks-db's `db_worker`), made to survive what the demo's SQLite
does to it and to notice work that a killed worker left behind.

- On start, and then every half of `JOB_STALE_AFTER_SECONDS`, imports and reports left "running"
  by a worker that died are marked failed (an import as "failed (can be retried)"). Checking
  only on start would miss a job whose worker is restarted at once, as a supervisor does.
- SQLite lets one writer at a time: when another process holds the database longer than the
  busy timeout (a long import), the worker waits and goes on instead of exiting.
"""

import threading
import time

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

from governance.services.import_jobs import jobs_recover_stale
from governance.services.reports import reports_recover_stale

LOCKED_DATABASE_PAUSE_SECONDS = 1


class Command(DatabaseWorkerCommand):
    def handle(self, *args, **options):
        self.recover()
        stop = threading.Event()
        if not options["batch"]:  # a batch run ends when the queue is empty
            threading.Thread(
                target=self.keep_recovering, args=[stop], name="stale jobs", daemon=True
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
