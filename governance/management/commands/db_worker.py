"""The background worker (django-tasks-db's `db_worker`), which first marks the imports and
reports that a killed worker left "running" as failed, so they can be retried."""

from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from governance.services.import_jobs import jobs_recover_stale
from governance.services.reports import reports_recover_stale


class Command(DatabaseWorkerCommand):
    def handle(self, *args, **options):
        imports, reports = jobs_recover_stale(), reports_recover_stale()
        if imports or reports:
            self.stderr.write(
                _(
                    "Marked %(imports)d import(s) and %(reports)d report(s) left running by a "
                    "stopped worker as failed (they can be retried)."
                )
                % {"imports": imports, "reports": reports}
            )
        super().handle(*args, **options)
