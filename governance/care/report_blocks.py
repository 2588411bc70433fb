"""Care blocks for PDF report layouts, listed in settings.REPORT_EXTRA_BLOCKS.

Only block definitions live here: the core builds its StreamField from them while the models
load, so this module imports no model. The gatherer (governance/care/reports.py) is imported
when a report is built.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CareCoverageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="走访覆盖")

    report_name = "care_coverage"
    report_gatherer = "governance.care.reports.coverage_table"
    report_template = "care/reports/coverage_table.html"

    class Meta:
        icon = "table"
        label = _("care: visit coverage by grid below")
