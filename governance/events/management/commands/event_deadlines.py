from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from governance.events.services.deadlines import deadlines_run


class Command(BaseCommand):
    help = (
        "Sends reminders before event deadlines and alerts after them, closes resolved events "
        "left unrated, and delivers the outbox. Run it every few minutes; a rerun sends nothing "
        "twice."
    )

    def handle(self, *args, **options):
        report = deadlines_run()
        self.stdout.write(
            _(
                "%(reminders)d reminder(s), %(alerts)d overdue alert(s), %(closed)d event(s) "
                "closed; %(sent)d message(s) sent, %(failed)d failed."
            )
            % {
                "reminders": report.reminders,
                "alerts": report.alerts,
                "closed": report.closed,
                "sent": report.delivery.sent,
                "failed": report.delivery.failed,
            }
        )
