from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.services.tally_summaries import Difference, check, rebuild


def side(figures: tuple[int, int] | None) -> str:
    if figures is None:
        return _("none")
    value, entries = figures
    return _("%(value)s from %(entries)s entries") % {"value": value, "entries": entries}


def describe(difference: Difference) -> str:
    months = f"{difference.month:%Y-%m}"
    if difference.end_month != difference.month:
        months += f"..{difference.end_month:%Y-%m}"
    return _("%(node)s, %(kind)s, %(months)s: summary %(stored)s, entries %(expected)s") % {
        "node": difference.node or "?",
        "kind": difference.kind.name if difference.kind else "?",
        "months": months,
        "stored": side(difference.stored),
        "expected": side(difference.expected),
    }


class Command(BaseCommand):
    help = (
        "Rebuilds the tally summary (totals per grid, kind and month) from the entries; "
        "--check only reports where it differs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="report differences, change nothing"
        )

    def handle(self, *args, **options):
        if not options["check"]:
            rows = rebuild()
            self.stdout.write(
                self.style.SUCCESS(_("Tally summary rebuilt: %(rows)d rows.") % {"rows": rows})
            )
            return
        found = check()
        if not found.count:
            self.stdout.write(self.style.SUCCESS(_("The tally summary matches the entries.")))
            return
        for difference in found.shown:
            self.stdout.write(describe(difference))
        raise CommandError(
            _(
                "The tally summary differs from the entries in %(count)d rows: run "
                "rebuild_tally_summaries without --check to rebuild it."
            )
            % {"count": found.count}
        )
