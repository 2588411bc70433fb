"""The dashboard's panel 需求 → 任务 → 项目: this month and this year for the user's subtrees and
their children, linking to the lists' admin."""

import datetime
import re

import pytest

from governance.models import AccessRole
from governance.officials.factories import make_need, make_project, make_task
from governance.officials.services import workflow
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


TODAY = datetime.date(2026, 5, 15)


@pytest.fixture
def world(monkeypatch):
    monkeypatch.setattr(workflow, "today", lambda: TODAY)
    world = build_world()
    n = world.nodes
    make_need(n["g1111"], collected_on=TODAY)
    make_need(n["g1111"], collected_on=datetime.date(2026, 5, 1))
    make_need(n["g1121"], collected_on=datetime.date(2026, 5, 31))
    make_need(n["g1121"], collected_on=datetime.date(2026, 2, 3))  # this year, not this month
    make_need(n["g1121"], collected_on=datetime.date(2025, 12, 31))  # neither
    make_task(n["g1112"], created_on=TODAY, due_on=datetime.date(2026, 5, 14))  # overdue
    make_task(n["g1112"], created_on=TODAY, due_on=TODAY)  # due today: not yet overdue
    make_project(n["c112"], claimed_on=datetime.date(2026, 1, 2))
    make_need(n["s21"], collected_on=TODAY)  # another district
    return world


def panel(client, *, links=False) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('class="w-panel officials-lists"')
    html = html[start : html.index("</section>", start)]
    return html if links else re.sub(r"</?a[^>]*>", "", html)


def test_dashboard__the_three_lists_of_the_scope_and_its_children(client, world):
    client.force_login(world.users[AccessRole.STREET_EDITOR])

    html = panel(client)

    assert "需求 → 任务 → 项目" in html
    assert (
        "2026年5月：需求 <strong>3</strong> → 任务 <strong>2</strong> → 项目 <strong>0</strong>"
        in html
    )
    assert (
        "2026年：需求 <strong>4</strong> → 任务 <strong>2</strong> → 项目 <strong>1</strong>"
        in html
    )
    assert "本年有 1 项任务已超过期限" in html
    assert '<th scope="row">华府社区</th><td>2 → 2 → 0</td><td>2 → 2 → 0</td>' in html
    assert '<th scope="row">邻居社区</th><td>1 → 0 → 0</td><td>2 → 0 → 1</td>' in html
    assert "二街道" not in html and "三街道" not in html


def test_dashboard__a_worker_sees_their_grid(client, world):
    client.force_login(world.users[AccessRole.GRID_WORKER])

    html = panel(client)

    assert "2026年5月：需求 <strong>2</strong> → 任务 <strong>0</strong>" in html
    assert "超过期限" not in html


def test_dashboard__a_superuser_compares_the_districts(client, world, admin_user):
    client.force_login(admin_user)

    html = panel(client)

    assert '<th scope="row">一区</th><td>3 → 2 → 0</td><td>4 → 2 → 1</td>' in html
    assert '<th scope="row">二区</th><td>1 → 0 → 0</td><td>1 → 0 → 0</td>' in html


def test_dashboard__links_to_the_lists(client, world):
    client.force_login(world.users[AccessRole.STREET_EDITOR])

    html = panel(client, links=True)

    assert '<a href="/admin/snippets/officials/need/">需求</a>' in html
    assert '<a href="/admin/snippets/officials/task/">任务</a>' in html
    assert '<a href="/admin/snippets/officials/project/">项目</a>' in html
    assert 'href="/admin/snippets/officials/task/?overdue=true">本年有 1 项任务已超过期限' in html


def test_dashboard__no_panel_without_grids(client, world, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody", is_staff=True))

    assert "officials-lists" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("records", [1, 10])
def test_dashboard__queries_do_not_grow_with_the_records(
    client, world, records, django_assert_max_num_queries
):
    client.force_login(world.users[AccessRole.STREET_EDITOR])
    client.get("/admin/")  # whatever the dashboard caches per user
    for index in range(records):
        grid = world.nodes[("g1111", "g1121")[index % 2]]
        make_need(grid, collected_on=TODAY)
        make_task(grid, created_on=TODAY)
        make_project(grid, claimed_on=TODAY)

    with django_assert_max_num_queries(60) as captured:
        client.get("/admin/")

    queries = [q["sql"] for q in captured.captured_queries if "officials_" in q["sql"]]
    assert len(queries) == 6  # one grouped query per list, for the month and for the year
