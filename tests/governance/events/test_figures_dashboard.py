"""The dashboard's event charts: drawn on the server, scoped to the user's subtrees, linked to
the filtered inbox."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.events.factories import make_event
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment
from tests.governance.events.figures_world import build_figures_world


@pytest.fixture
def world(tree, clock, admin_user, django_user_model):
    return build_figures_world(tree, clock, admin_user, django_user_model)


def staff_on(django_user_model, grid, role, username):
    user = django_user_model.objects.create_user(username, password="pw-x-123!", is_staff=True)
    user.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(user=user, grid=grid, role=role)
    return user


def panel(client) -> str:
    html = client.get("/admin/").content.decode()
    start = html.index('class="w-panel event-figures"')
    return html[start : html.index("</section>", start)]


def test_dashboard__three_inline_svg_charts_without_scripts_or_cdn(client, world):
    client.force_login(world.admin)

    html = panel(client)

    assert html.count("<svg") == 3
    assert "办结率" in html and "及时率" in html and "在待办中查看超期事件" in html
    assert "<script" not in html
    assert not re.search(r"(src|href)=\"https?://(?!www\.w3\.org)", html)
    assert "events/css/dashboard.css" in client.get("/admin/").content.decode()


def test_dashboard__a_street_user_sees_the_rates_of_its_communities_only(
    client, world, django_user_model
):
    street_a, street_b = world.tree["street"]
    client.force_login(staff_on(django_user_model, street_a, AccessRole.STREET_EDITOR, "a_ed"))

    html = unescape(panel(client))

    assert "测试1-1社区" in html
    assert "测试2-1社区" not in html and "测试2街道" not in html
    # The monthly bars count street A's five November events, not the district's six.
    assert re.search(r"class=\"value[^>]*>5<", html)
    assert not re.search(r"class=\"value[^>]*>6<", html)


def test_dashboard__charts_link_to_the_filtered_inbox(client, world, django_user_model):
    street_a = world.tree["street"][0]
    community = world.tree["community"][0]
    client.force_login(staff_on(django_user_model, street_a, AccessRole.STREET_EDITOR, "a_ed"))

    html = unescape(panel(client))

    inbox = "/admin/events/inbox/?scope=all&"
    assert f"{inbox}grid={street_a.code}&period=2026-11" in html
    assert f"{inbox}grid={community.code}&period=2026-07-01..2026-12-31" in html
    assert f"{inbox}grid={street_a.code}&overdue=1" in html
    assert f"{inbox}grid={street_a.code}&state=open" in html


def test_dashboard__a_bar_and_the_list_it_links_to_count_the_same_events(
    client, world, django_user_model
):
    """Found by an outside tester: the links opened 我的待办 (events waiting for me), so a bar
    of 6 led to a list of 0."""
    street_a = world.tree["street"][0]
    client.force_login(staff_on(django_user_model, street_a, AccessRole.STREET_EDITOR, "a_ed"))
    html = unescape(panel(client))
    link = re.search(r'href="(/admin/events/inbox/\?[^"]*period=2026-11)"', html)[1]

    listing = client.get(link).content.decode()

    assert re.search(r"共\s*5\s*件", listing), link


def test_dashboard__no_panel_for_a_user_without_grids(client, django_user_model, db):
    user = django_user_model.objects.create_user("nobody", password="pw-n-123!", is_staff=True)
    user.groups.add(ensure_staff_groups()[0])
    client.force_login(user)

    answer = client.get("/admin/")

    assert "event-figures" not in answer.content.decode()


def test_dashboard__queries_do_not_grow_with_the_events(client, world):
    client.force_login(world.admin)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as before:
        client.get("/admin/")
    for index in range(20):
        make_event(grid=world.tree["grid"][index % 8], category=world.categories["city"])

    with CaptureQueriesContext(connection) as after:
        answer = client.get("/admin/")

    assert answer.status_code == 200
    assert len(after) == len(before)
