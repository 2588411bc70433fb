"""The officials' block for PDF report layouts, listed in settings.REPORT_EXTRA_BLOCKS.

Only the block definition lives here: the core builds its StreamField from it while the models
load, so this module imports no model. The gatherer (governance/officials/reports.py) is
imported when a report is built.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class OfficialsListsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="三张清单")
    chart = blocks.BooleanBlock(
        label=_("with a chart of needs, tasks and projects"), required=False, default=True
    )

    report_name = "officials_lists"
    report_gatherer = "governance.officials.reports.lists_table"
    report_template = "officials/reports/lists_table.html"

    class Meta:
        icon = "list-ul"
        label = _("young officials: needs → tasks → projects by grid below")


class OfficialsEvaluationBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="年轻干部考评")

    report_name = "officials_evaluation"
    report_gatherer = "governance.officials.reports.evaluation_block"
    report_template = "officials/reports/evaluation_block.html"

    class Meta:
        icon = "list-ol"
        label = _("young officials: leaderboard and evaluation sheets")
