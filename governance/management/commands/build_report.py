from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

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
            names = "、".join(ReportLayout.objects.values_list("name", flat=True)) or "（无）"
            raise CommandError(f"报告模板“{options['layout']}”不存在。可用：{names}")
        node = Grid.objects.filter(code=options["grid"]).first()
        if node is None:
            raise CommandError(f"网格编码“{options['grid']}”不存在。")
        try:
            period = Period.parse(options["period"])
            built = report_build(layout=layout, node=node, period=period, user=None)
        except (ValueError, ReportError) as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        output.write_bytes(built.pdf)
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {output}：{node.name} {period.label}，{built.page_count} 页，"
                f"SHA-256 {built.checksum[:12]}…"
            )
        )
