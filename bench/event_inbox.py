"""我的待办 for a street editor with 100,000 events in the tree (PostgreSQL), against one indexed
query selecting the same page of rows. BENCH_INBOX_EVENTS sets the number of events."""

import datetime
import os
import time

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.data import bulk_tree
from bench.event_figures import bulk_events
from bench.harness import median_seconds
from governance.events.models import OPEN_STATES, Event
from governance.events.selectors import InboxFilters, inbox_events
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment, Grid, GridLevel

NEEDS = "postgresql"
EVENTS = int(os.environ.get("BENCH_INBOX_EVENTS", "100000"))
PER_PAGE = 50

RAW_PAGE = f"""
    SELECT e.id, e.number, e.title, e.deadline, c.name, g.name, h.name
    FROM {Event._meta.db_table} e
    JOIN events_eventcategory c ON c.id = e.category_id
    JOIN governance_grid g ON g.id = e.grid_id
    LEFT JOIN governance_grid h ON h.id = e.handling_grid_id
    WHERE e.handling_path LIKE %(prefix)s AND e.state = ANY(%(open)s)
    ORDER BY e.deadline, e.id
    LIMIT {PER_PAGE}
"""
RAW_COUNT = f"""
    SELECT count(*) FROM {Event._meta.db_table}
    WHERE handling_path LIKE %(prefix)s AND state = ANY(%(open)s)
"""


def street_editor(street: Grid):
    user = get_user_model().objects.create_user("bench_street", password="x", is_staff=True)
    user.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(user=user, grid=street, role=AccessRole.STREET_EDITOR)
    return user


def run():
    started = time.perf_counter()
    district = bulk_tree(code="419903", streets=20, communities=10, grids=10, micros=0)
    bulk_events(district, EVENTS)
    street = Grid.objects.subtree(district).filter(level=GridLevel.STREET).first()
    user = street_editor(street)
    at = timezone.make_aware(datetime.datetime(2026, 6, 1))
    print(
        f"data: {EVENTS:,} events in the tree, "
        f"{Event.objects.filter(handling_path__startswith=street.path).count():,} at one street "
        f"({time.perf_counter() - started:.0f} s to load)"
    )

    def ours():
        events = inbox_events(user, InboxFilters(), at=at)
        page = Paginator(events, PER_PAGE).get_page(1)
        return [event.pk for event in page.object_list], page.paginator.count

    def raw():
        params = {"prefix": f"{street.path}%", "open": [str(state) for state in OPEN_STATES]}
        with connection.cursor() as cursor:
            cursor.execute(RAW_COUNT, params)
            count = cursor.fetchone()[0]
            cursor.execute(RAW_PAGE, params)
            return [row[0] for row in cursor.fetchall()], count

    ours_seconds, ours_rows = median_seconds(ours, repeat=9)
    raw_seconds, raw_rows = median_seconds(raw, repeat=9)
    assert ours_rows == raw_rows, "the inbox and the raw query chose different rows"
    print(
        f"inbox page of {PER_PAGE} (of {ours_rows[1]:,} open): ours {ours_seconds * 1000:.1f} ms"
        f" · indexed raw SQL {raw_seconds * 1000:.1f} ms"
        f" · ours/raw = {ours_seconds / raw_seconds:.2f}×"
    )

    client = Client()
    client.force_login(user)
    assert client.get("/admin/events/inbox/").status_code == 200
    view_seconds, _ = median_seconds(lambda: client.get("/admin/events/inbox/"), repeat=5)
    print(f"the whole inbox page (admin chrome, filters, 50 rows): {view_seconds * 1000:.0f} ms")
