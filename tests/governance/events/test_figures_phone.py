"""The dashboard's event charts on a phone (360×740, headless Chromium): all three fit the
screen and their links lead to the inbox."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from django.test import Client

from governance.factories import make_tree
from governance.groups import ensure_staff_groups
from governance.models import AccessRole, Assignment
from tests.content.test_browser import browser_page  # noqa: F401  (the phone fixture)
from tests.governance.events.figures_world import build_figures_world


@pytest.fixture
def street_editor(transactional_db, clock):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    # A transactional test before this one may have flushed the permissions without re-creating
    # them (with a serialized rollback, Django skips post_migrate): re-create them, as migrate
    # would, so that the staff group opens the admin.
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    User = get_user_model()
    tree = make_tree(streets=2, communities=2, grids=2, micros=1)
    admin = User.objects.create_superuser("boss", "boss@example.com", "pw-boss-123!")
    world = build_figures_world(tree, clock, admin, User)
    user = User.objects.create_user("street_ed", password="pw-street-123!", is_staff=True)
    user.groups.add(ensure_staff_groups()[0])
    Assignment.objects.create(
        user=user, grid=world.tree["street"][0], role=AccessRole.STREET_EDITOR
    )
    # Signed in here rather than through the form: the login throttle's counters live in the
    # process's cache, which other tests of the run may have filled.
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_street_editor_on_a_phone_sees_three_charts_that_fit(
    live_server,
    street_editor,
    browser_page,  # noqa: F811
):
    page = browser_page
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": street_editor, "url": live_server.url}]
    )
    page.goto(live_server.url + "/admin/")

    charts = page.locator(".event-figures__chart svg")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box["width"] <= 360 and box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert box["height"] > 150
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    links = page.locator(".event-figures figcaption a")
    assert all("/admin/events/inbox/" in links.nth(i).get_attribute("href") for i in range(4))
    for index in range(3):
        charts.nth(index).screenshot(path=f"/tmp/wt_figures_chart_{index}.png")
