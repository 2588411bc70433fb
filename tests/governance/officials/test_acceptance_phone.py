"""On a 360×740 phone (headless Chromium): a community editor triages a need into a task, and a
young official logs a duty; neither screen scrolls sideways."""

import re

import pytest

from governance.models import AccessRole
from governance.officials.models import DutyLog, NeedStatus
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401
from tests.governance.events.test_acceptance_phone import PASSWORD, fits_the_phone, sign_in
from tests.governance.officials.officials_world import build_officials_world


@pytest.fixture
def world(transactional_db, monkeypatch):
    wagtail_root()
    world = build_officials_world()
    for user in world.users.values():
        user.set_password(PASSWORD)
        user.save()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return world


def test_triage_and_the_duty_log_fit_a_phone(live_server, world, browser_page):  # noqa: F811
    page, base = browser_page, live_server.url
    need = world.needs["g1111"]

    sign_in(page, base, world.users[AccessRole.COMMUNITY_EDITOR].username)
    page.goto(f"{base}/admin/officials/needs/{need.pk}/")
    assert fits_the_phone(page)
    page.locator("summary", has_text="转为任务").click()
    assert fits_the_phone(page)
    form = page.locator("details[open] form")
    form.get_by_label("志愿服务队").check()
    form.get_by_label(re.compile("^服务队")).select_option(label="服务队g1111 · 华府1号网格")
    form.get_by_label(re.compile("^办理时限")).fill("5")
    page.screenshot(path="/tmp/officials-triage.png", full_page=True)
    form.get_by_role("button", name="转为任务").click()
    page.wait_for_load_state()
    need.refresh_from_db()
    assert need.status == NeedStatus.TASKED and need.task.owner_team == world.teams["g1111"]
    assert fits_the_phone(page)

    sign_in(page, base, world.users[AccessRole.GRID_WORKER].username)
    page.goto(f"{base}/admin/officials/duties/add/")
    assert fits_the_phone(page)
    radio = page.get_by_label("矛盾调解员").bounding_box()
    row = page.locator("label", has_text="矛盾调解员").bounding_box()
    assert row["height"] >= 44 and radio["width"] < 60
    page.get_by_label("矛盾调解员").check()
    page.get_by_label(re.compile("^履职内容")).fill("调解邻里漏水纠纷")
    page.screenshot(path="/tmp/officials-duty.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert DutyLog.objects.filter(note="调解邻里漏水纠纷", duty="mediation").exists()
    assert fits_the_phone(page)
