"""从走访登记需求: recent visits where a resident voiced needs that are not on the list yet."""

import datetime

from django.db.models import QuerySet

from governance.care.models import Visit
from governance.permissions import ADD, scope_for

RECENT_DAYS = 90


def visits_awaiting_a_need(user, *, today: datetime.date) -> QuerySet:
    """Visits in grids where the user may add needs, with needs written down and no need
    raised from them yet, the latest first."""
    since = today - datetime.timedelta(days=RECENT_DAYS)
    visits = (
        Visit.objects.exclude(needs="")
        .filter(visited_at__date__gte=since, official_needs__isnull=True)
        .select_related("resident", "grid", "visited_by")
        .order_by("-visited_at", "-pk")
    )
    return scope_for(user).restrict(visits, ADD, path_field="grid__path")
