from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from governance.models import Grid, ReportLayout
from governance.periods import Period
from governance.services.reports import ReportError, report_build


class Command(BaseCommand):
    help = (
        "Builds a PDF report: --layout NAME --grid CODE --period 2026-10|2026-Q3|2026 --output FILE"
    )

    def add_arguments(self, parser):
        parser.add_argument("--layout", required=True, help="report layout name")
        parser.add_argument("--grid", required=True, help="unified code of the grid node")
        parser.add_argument("--period", required=True, help="2026-10, 2026-Q3 or 2026")
        parser.add_argument("--output", required=True, help="where to write the PDF")

    def handle(self, *args, **options):
        layout = ReportLayout.objects.filter(name=options["layout"]).first()
        if layout is None:
            names = "、".join(ReportLayout.objects.values_list("name", flat=True)) or _("(none)")
            raise CommandError(
                _("Report layout “%(name)s” does not exist. Available: %(names)s")
                % {"name": options["layout"], "names": names}
            )
        node = Grid.objects.filter(code=options["grid"]).first()
        if node is None:
            raise CommandError(
                _("Grid code “%(code)s” does not exist.") % {"code": options["grid"]}
            )
        try:
            period = Period.parse(options["period"])
            built = report_build(layout=layout, node=node, period=period, user=None)
        except (ValueError, ReportError) as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.write_bytes(built.pdf)
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote %(file)s: %(node)s %(period)s, %(pages)d pages, SHA-256 %(checksum)s…")
                % {
                    "file": output,
                    "node": node.name,
                    "period": period.label,
                    "pages": built.page_count,
                    "checksum": built.checksum[:12],
                }
            )
        )
