"""Event blocks for PDF report layouts, listed in settings.REPORT_EXTRA_BLOCKS.

Only block definitions live here: the core builds its StreamField from them while the models
load, so this module imports no model. Each names the function that gathers its data
(governance/events/reports.py), imported when a report is built.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class EventsTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="事件办理情况")

    report_name = "events_table"
    report_gatherer = "governance.events.reports.events_table"
    report_template = "events/reports/events_table.html"

    class Meta:
        icon = "table"
        label = _("events: figures by grid below")


class EventCategoriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="事件类别排行")
    limit = blocks.IntegerBlock(label=_("how many"), min_value=1, max_value=20, default=5)

    report_name = "event_categories"
    report_gatherer = "governance.events.reports.event_categories"
    report_template = "events/reports/event_categories.html"

    class Meta:
        icon = "list-ol"
        label = _("events: top categories")


class OverdueEventsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="超期未办结事件")
    limit = blocks.IntegerBlock(label=_("at most"), min_value=1, max_value=200, default=50)

    report_name = "overdue_events"
    report_gatherer = "governance.events.reports.overdue"
    report_template = "events/reports/overdue_events.html"

    class Meta:
        icon = "warning"
        label = _("events: overdue list")
