"""The care ledger's clock: for each resident, the shortest visit cycle of the special groups they
are in today, their last visit, and the day the next one is due.

These three columns on `Resident` are what the due list and the coverage figures read, so they
must stay exact: every visit, membership and group change refreshes the residents it touches
(signals in `care/signals.py`, imports call `refresh` for their rows), and a daily job refreshes
the ledger for memberships that start or end with the date.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Max, Min, Q
from django.utils import timezone

from governance.care.models import CareMembership, Resident, Visit

CHUNK = 500


def active_on(day: datetime.date) -> Q:
    return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))


def due_date(
    *, cycle_days: int | None, last_visited: datetime.date | None, ledger_since
) -> datetime.date | None:
    """Due a cycle after the last visit; never visited: due from the day they joined."""
    if cycle_days is None:
        return None
    if last_visited is None:
        return ledger_since
    return last_visited + datetime.timedelta(days=cycle_days)


def refresh(resident_ids: Iterable[int], today: datetime.date | None = None) -> int:
    """Recompute the clock of these residents; returns how many changed."""
    today = today or timezone.localdate()
    ids = sorted(set(resident_ids))
    changed = 0
    for start in range(0, len(ids), CHUNK):
        changed += _refresh_chunk(ids[start : start + CHUNK], today)
    return changed


def _refresh_chunk(ids: list[int], today: datetime.date) -> int:
    groups = {
        row["resident_id"]: row
        for row in CareMembership.objects.filter(active_on(today), resident_id__in=ids)
        .values("resident_id")
        .annotate(cycle=Min("group__visit_cycle_days"), since=Min("start_date"))
        .order_by()
    }
    last_visits = dict(
        Visit.objects.filter(resident_id__in=ids)
        .values("resident_id")
        .annotate(last=Max("visited_at"))
        .order_by()
        .values_list("resident_id", "last")
    )
    residents = list(
        Resident.objects.filter(pk__in=ids).only(
            "id", "care_cycle_days", "last_visited_on", "next_visit_due"
        )
    )
    stale = []
    for resident in residents:
        group = groups.get(resident.pk)
        last = last_visits.get(resident.pk)
        last_day = timezone.localtime(last).date() if last else None
        cycle = group["cycle"] if group else None
        due = due_date(
            cycle_days=cycle, last_visited=last_day, ledger_since=group and group["since"]
        )
        state = (cycle, last_day, due)
        if state != (resident.care_cycle_days, resident.last_visited_on, resident.next_visit_due):
            resident.care_cycle_days, resident.last_visited_on, resident.next_visit_due = state
            stale.append(resident)
    Resident.objects.bulk_update(
        stale, ["care_cycle_days", "last_visited_on", "next_visit_due"], batch_size=CHUNK
    )
    return len(stale)


def refresh_ledger(today: datetime.date | None = None) -> int:
    """Every resident who is or was in a special group: memberships begin and end with dates."""
    ids = set(CareMembership.objects.values_list("resident_id", flat=True).distinct())
    ids |= set(Resident.objects.in_ledger().values_list("pk", flat=True))
    return refresh(ids, today)
