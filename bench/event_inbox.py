"""我的待办 for a street editor with 100,000 events in the tree (PostgreSQL), against one indexed
query selecting the same page of rows and their total. BENCH_INBOX_EVENTS sets the number of
events; a third of the street's open events are assigned, so the assignee names are read too."""

import datetime
import os
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.data import bulk_tree
from bench.event_figures import bulk_events
from bench.harness import median_seconds
from governance.events.models import OPEN_STATES, Event
from governance.events.selectors import InboxFilters, inbox_page
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment, Grid, GridLevel

NEEDS = "postgresql"
EVENTS = int(os.environ.get("BENCH_INBOX_EVENTS", "100000"))
PER_PAGE = 50

RAW_PAGE = f"""
    SELECT e.id, count(*) OVER (), e.number, e.title, e.address, e.state, e.deadline,
           c.name, g.name, h.name, d.name, u.username, u.first_name, u.last_name
    FROM {Event._meta.db_table} e
    JOIN events_eventcategory c ON c.id = e.category_id
    JOIN governance_grid g ON g.id = e.grid_id
    LEFT JOIN governance_grid h ON h.id = e.handling_grid_id
    LEFT JOIN events_department d ON d.id = e.handling_department_id
    LEFT JOIN auth_user u ON u.id = e.assignee_id
    WHERE e.handling_path LIKE %(prefix)s AND e.state = ANY(%(open)s)
    ORDER BY e.deadline, e.id
    LIMIT {PER_PAGE}
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
    open_here = Event.objects.filter(handling_path__startswith=street.path, state__in=OPEN_STATES)
    assigned = open_here.order_by("pk").values_list("pk", flat=True)[::3]
    Event.objects.filter(pk__in=assigned).update(assignee=user)
    at = timezone.make_aware(datetime.datetime(2026, 6, 1))
    print(
        f"data: {EVENTS:,} events in the tree, "
        f"{Event.objects.filter(handling_path__startswith=street.path).count():,} at one street "
        f"({time.perf_counter() - started:.0f} s to load)"
    )

    def ours():
        page = inbox_page(user, InboxFilters(), at=at, page=1, per_page=PER_PAGE)
        return [row.pk for row in page.object_list], page.paginator.count

    def raw():
        params = {"prefix": f"{street.path}%", "open": [str(state) for state in OPEN_STATES]}
        with connection.cursor() as cursor:
            cursor.execute(RAW_PAGE, params)
            rows = cursor.fetchall()
            return [row[0] for row in rows], rows[0][1]

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
