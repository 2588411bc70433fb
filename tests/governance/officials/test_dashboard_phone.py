"""The dashboard's 需求 → 任务 → 项目 panel on a 360×740 phone (headless Chromium): a street
editor reads this month's and this year's figures without scrolling sideways."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.officials.factories import make_need, make_project, make_task
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401
from tests.governance.events.test_acceptance_phone import PASSWORD, fits_the_phone, sign_in
from tests.governance.permission_world import build_world


@pytest.fixture
def world(transactional_db):
    wagtail_root()
    world = build_world()
    n = world.nodes
    today = timezone.localdate()
    for grid in (n["g1111"], n["g1112"], n["g1121"]):
        make_need(grid, collected_on=today)
        make_task(grid, created_on=today)
    make_project(n["c112"], claimed_on=today)
    editor = get_user_model().objects.get(username="u_street_editor")
    editor.set_password(PASSWORD)
    editor.save()
    return world


def test_a_street_editor_reads_the_three_lists_on_a_phone(
    live_server,
    world,
    browser_page,  # noqa: F811
):
    page = browser_page

    sign_in(page, live_server.url, "u_street_editor")
    panel = page.locator(".officials-lists")

    assert panel.get_by_role("heading", name="需求 → 任务 → 项目").is_visible()
    assert "华府社区" in panel.inner_text() and "2 → 2 → 0" in panel.inner_text()
    assert fits_the_phone(page)
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
