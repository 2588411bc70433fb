"""The figures the officials app offers to tally kinds (governance/figures.py): 需求, 任务 and
项目 counted from the three lists instead of typed by hand (which records count, and when: see
selectors/figures.py)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from governance.figures import Figure
from governance.officials.selectors.figures import (
    NEEDS,
    PROJECTS,
    TASKS,
    CountedList,
    by_child_prefix,
    monthly,
    records_start,
)


def counted(key: str, label, counted_list: CountedList) -> Figure:
    return Figure(
        key=key,
        label=label,
        by_month=partial(monthly, counted_list),
        by_child=partial(by_child_prefix, counted_list),
        records_start=partial(records_start, counted_list),
    )


OFFICIALS_FIGURES = (
    counted("officials.needs", _("Needs collected"), NEEDS),
    counted("officials.tasks", _("Tasks taken on"), TASKS),
    counted("officials.projects", _("Projects claimed"), PROJECTS),
)
