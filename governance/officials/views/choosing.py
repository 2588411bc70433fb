"""What the evaluation screens read from their address (the node, the period, the month, the
official) and the refusals they answer with: a Chinese message inside the admin, with the status
saying what went wrong (400 a bad value, 403 outside the user's rights, 404 nothing there)."""

import datetime

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.models import Grid, GridLevel
from governance.officials.models import YoungOfficial
from governance.periods import MONTH_RE, QUARTER_RE, YEAR_RE, Period
from governance.permissions import VIEW, GridScope
from governance.viewsets.scoped import is_record_id

MONTHS_OFFERED, QUARTERS_OFFERED, YEARS_OFFERED = 12, 4, 3


class Refusal(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def refusal_response(request, refusal: Refusal) -> TemplateResponse:
    return TemplateResponse(
        request,
        "officials/admin/refusal.html",
        {"message": str(refusal)},
        status=refusal.status,
    )


def period_from(text: str | None, *, default: Period) -> Period:
    """A month, a quarter or a year (the reports' three); blank gives `default`."""
    text = (text or "").strip()
    if not text:
        return default
    if not any(pattern.match(text) for pattern in (MONTH_RE, QUARTER_RE, YEAR_RE)):
        raise Refusal(
            _(
                "“%(value)s” is not a period: use a month (2026-10), a quarter (2026-Q3) "
                "or a year (2026)."
            )
            % {"value": text[:40]},
            400,
        )
    try:
        return Period.parse(text)
    except ValueError as error:
        raise Refusal(str(error), 400) from error


def month_from(text: str | None, *, default: datetime.date) -> datetime.date:
    """The first day of a month given as 2026-10."""
    text = (text or "").strip()
    if not text:
        return default.replace(day=1)
    try:
        period = Period.parse(text) if MONTH_RE.match(text) else None
    except ValueError as error:
        raise Refusal(str(error), 400) from error
    if period is None:
        raise Refusal(
            _("“%(value)s” is not a month: use the form 2026-10.") % {"value": text[:40]}, 400
        )
    return period.start


def this_month(today: datetime.date) -> Period:
    return Period.month(today.year, today.month)


def period_choices(today: datetime.date, selected: Period) -> list[tuple[str, list[Period]]]:
    """The picker's groups: the last twelve months, four quarters and three years, and the
    chosen period wherever it lies."""
    months, year, month = [], today.year, today.month
    for _step in range(MONTHS_OFFERED):
        months.append(Period.month(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    quarters, year, quarter = [], today.year, (today.month - 1) // 3 + 1
    for _step in range(QUARTERS_OFFERED):
        quarters.append(Period.quarter(year, quarter))
        year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    years = [Period.year(today.year - step) for step in range(YEARS_OFFERED)]
    groups = [
        (gettext_lazy("Month"), months),
        (gettext_lazy("Quarter"), quarters),
        (gettext_lazy("Year"), years),
    ]
    if all(selected not in periods for _label, periods in groups):
        index = 0 if selected.is_single_month else (2 if selected.key.isdigit() else 1)
        groups[index][1].insert(0, selected)
    return groups


def node_from(scope: GridScope, code: str | None) -> Grid:
    """The node named by its unified code, which the user must see; none named: the top of
    the user's first subtree."""
    code = (code or "").strip()
    if not code:
        nodes, _single = scope.root_nodes(VIEW)
        if not nodes:
            raise Refusal(_("You have no grid to rank young officials in."), 403)
        return nodes[0]
    node = Grid.objects.filter(code=code).first()
    if node is None:
        raise Refusal(_("No grid has the unified code “%(code)s”.") % {"code": code[:40]}, 404)
    if not scope.allows(VIEW, node.path):
        raise Refusal(_("%(grid)s is outside your grids.") % {"grid": node.name}, 403)
    return node


def node_choices(scope: GridScope) -> list[Grid]:
    """Where a board can be drawn: the districts and streets the user sees, and the tops of
    the user's subtrees when they lie lower."""
    roots = [path for path in scope.roots(VIEW) if path]
    grids = scope.visible_grids(VIEW).filter(depth__lte=GridLevel.STREET)
    if roots:
        grids = grids | Grid.objects.filter(path__in=roots)
    return list(grids.order_by("path").only("pk", "name", "code", "path", "depth"))


def official_from(request, scope: GridScope, pk: str) -> YoungOfficial:
    """The official if the user may see their grid, or is that official; any other id, real
    or forged, is not found."""
    not_found = Refusal(_("No young official with this number is among those you may see."), 404)
    if not is_record_id(pk):
        raise not_found
    official = YoungOfficial.objects.select_related("person__grid", "user").filter(pk=pk).first()
    if official is None:
        raise not_found
    own = official.user_id is not None and official.user_id == request.user.pk
    if not (own or scope.allows(VIEW, official.grid.path)):
        raise not_found
    return official
