"""走访人次: visits counted from the records, by month and by child node.

Which period a visit counts in: the local (Asia/Shanghai) date of its `visited_at`. A visit
counts where it was made (its own `grid`), even if the resident has moved or been erased since.
"""

import datetime
from collections.abc import Sequence

from django.db.models import Count
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from governance.care.models import Visit, VisitMethod
from governance.figures import in_subtrees
from governance.periods import Period


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def visits_in(period: Period, paths: Sequence[str]):
    return Visit.objects.filter(
        in_subtrees(paths),
        visited_at__gte=day_start(period.start),
        visited_at__lt=day_start(period.end + datetime.timedelta(days=1)),
    )


def local_month(value) -> datetime.date:
    """TruncMonth's value as the first day of the local month."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def visits_monthly(paths: Sequence[str], period: Period) -> dict[datetime.date, int]:
    """{first day of month: visits} under `paths`: one query."""
    rows = (
        visits_in(period, paths)
        .annotate(month=TruncMonth("visited_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {local_month(row["month"]): row["n"] for row in rows}


def visits_by_child(node_path: str, length: int, period: Period) -> dict[str, int]:
    """{child path: visits} under `node_path` (children's paths are `length` long): one query."""
    rows = (
        visits_in(period, [node_path])
        .annotate(child_path=Substr("grid__path", 1, length))
        .values("child_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["child_path"]: row["n"] for row in rows}


def visits_by_child_and_method(
    node_path: str, length: int, period: Period
) -> dict[str, dict[str, int]]:
    """{child path: {method: visits}}: one query."""
    rows = (
        visits_in(period, [node_path])
        .annotate(child_path=Substr("grid__path", 1, length))
        .values("child_path", "method")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["child_path"], {})[row["method"]] = row["n"]
    return found


def visits_by_method(paths: Sequence[str], period: Period) -> dict[str, int]:
    """{method: visits} for every method (0 when none): one query."""
    rows = visits_in(period, paths).values("method").annotate(n=Count("pk")).order_by()
    found = {row["method"]: row["n"] for row in rows}
    return {str(method): found.get(method, 0) for method in VisitMethod.values}


def records_start(district_path: str) -> datetime.date | None:
    """The local date of the first visit made in a district."""
    first = (
        Visit.objects.filter(grid__path__startswith=district_path)
        .order_by("visited_at")
        .values_list("visited_at", flat=True)
        .first()
    )
    return timezone.localtime(first).date() if first else None
