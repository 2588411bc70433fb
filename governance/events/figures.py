"""The figures the events app offers to tally kinds (governance/figures.py): 上报事件,
自行处置事件 and 闭环流转事件 counted from the records instead of typed by hand."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.events.models import DONE_STATES
from governance.events.selectors import by_child_prefix, monthly, records_start
from governance.figures import Figure

ON_THE_SPOT = Q(state__in=DONE_STATES, escalated=False)
ALONG_THE_LOOP = Q(state__in=DONE_STATES, escalated=True)


def counted(key: str, label, condition: Q | None) -> Figure:
    return Figure(
        key=key,
        label=label,
        by_month=lambda paths, period: monthly(paths, period, condition),
        by_child=lambda path, length, period: by_child_prefix(path, length, period, condition),
        records_start=records_start,
    )


EVENT_FIGURES = (
    counted("events.reported", _("Events reported"), None),
    counted("events.on_the_spot", _("Events resolved on the spot"), ON_THE_SPOT),
    counted("events.along_the_loop", _("Events resolved along the closed loop"), ALONG_THE_LOOP),
)
