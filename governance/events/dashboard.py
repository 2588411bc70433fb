"""The dashboard's event panel: three charts of the user's subtrees, each linking to the
filtered inbox. Registered from the app's own wagtail_hooks.py."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from governance.events.charts import age_chart, monthly_chart, rates_chart
from governance.events.selectors import (
    figures_by_child,
    figures_by_node,
    figures_within,
    open_by_age,
    reported_and_resolved_by_month,
)
from governance.events.services import workflow
from governance.periods import Period
from governance.permissions import VIEW, scope_for

MONTHS_SHOWN = 6
# The oldest age bucket has no lower bound; the inbox's period needs one.
EARLIEST = datetime.date(2000, 1, 1)


def inbox_url(**params) -> str:
    """The inbox (/admin/events/inbox/) filtered by `state`, `category`, `level`, `overdue`,
    `source`, `period` and `grid` (a unified code)."""
    # The figures count every event in the user's subtrees, not only those waiting for them:
    # their links open the list of all events the user may see.
    params = {"scope": "all", **params}
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return reverse("events_inbox") + (f"?{query}" if query else "")


def recent_months(today: datetime.date, count: int = MONTHS_SHOWN) -> Period:
    year, month = today.year, today.month - (count - 1)
    while month < 1:
        year, month = year - 1, month + 12
    last = Period.month(today.year, today.month)
    return Period(datetime.date(year, month, 1), last.end, "")


def period_param(period: Period) -> str:
    return f"{period.start:%Y-%m-%d}..{period.end:%Y-%m-%d}"


def age_period(bucket) -> str:
    """The local dates an age bucket's events were reported on, as the inbox's period."""
    since = timezone.localdate(bucket.reported_from) if bucket.reported_from else EARLIEST
    return f"{since:%Y-%m-%d}..{timezone.localdate(bucket.reported_until):%Y-%m-%d}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def summary(figures) -> list[tuple[str, str]]:
    """The window's headline figures, as words beside the pictures."""
    return [
        (_("Reported"), str(figures.reported)),
        (_("Handled on the spot"), str(figures.on_the_spot)),
        (_("Passed along the loop"), str(figures.along_the_loop)),
        (_("Resolution rate"), percent(figures.resolution_rate)),
        (_("Timeliness rate"), percent(figures.timeliness_rate)),
        (_("Satisfaction rate"), percent(figures.satisfaction_rate)),
    ]


class EventFiguresPanel(Component):
    name = "event_figures"
    order = 60
    template_name = "events/admin/dashboard_panel.html"

    class Media:
        css = {"all": ["events/css/dashboard.css"]}

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        scope = scope_for(self.request)
        now = workflow.now()
        window = recent_months(timezone.localdate(now))
        nodes, single = scope.root_nodes()
        paths = scope.roots(VIEW)
        code = single.code if single else ""

        months = reported_and_resolved_by_month(paths, window)
        month_urls = [inbox_url(grid=code, period=f"{m:%Y-%m}") for m, _r, _d in months]
        monthly = monthly_chart(
            _("Events reported and resolved, by month reported"),
            [f"{m.month}月" for m, _r, _d in months],
            [
                (_("Reported"), [r for _m, r, _d in months], month_urls),
                (_("Resolved"), [d for _m, _r, d in months], month_urls),
            ],
        )

        rows = figures_by_child(single, window) if single else figures_by_node(nodes, window)
        rows = [(grid, figures) for grid, figures in rows if figures.reported]
        node_urls = [inbox_url(grid=grid.code, period=period_param(window)) for grid, _f in rows]
        rates = rates_chart(
            _("Resolution and timeliness rates, last %(count)d months") % {"count": MONTHS_SHOWN},
            [grid.name for grid, _f in rows],
            [
                (_("Resolution rate"), [f.resolution_rate for _g, f in rows], node_urls),
                (_("Timeliness rate"), [f.timeliness_rate for _g, f in rows], node_urls),
            ],
        )

        buckets = open_by_age(paths, now)
        age_urls = [
            inbox_url(grid=code, state="open", period=age_period(bucket)) for bucket in buckets
        ]
        ages = age_chart(
            _("Open events by days since reported"),
            [b.label for b in buckets],
            [b.count for b in buckets],
            age_urls,
        )
        in_window = inbox_url(grid=code, period=period_param(window))
        return {
            "summary": summary(figures_within(paths, window)),
            "months_shown": MONTHS_SHOWN,
            "charts": [
                {"svg": monthly, "links": [(_("These events in the inbox"), in_window)]},
                {"svg": rates, "links": [(_("These events in the inbox"), in_window)]},
                {
                    "svg": ages,
                    "links": [
                        (_("Open events in the inbox"), inbox_url(grid=code, state="open")),
                        (_("Overdue events in the inbox"), inbox_url(grid=code, overdue=1)),
                    ],
                },
            ],
        }


@hooks.register("construct_homepage_panels")
def add_event_figures(request, panels):
    if scope_for(request).allows_anywhere(VIEW):
        panels.append(EventFiguresPanel(request))
