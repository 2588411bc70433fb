"""Issue 14's acceptance on a 360×740 phone (headless Chromium): 华府5号网格员 opens 本月待走访,
records a visit to an 独居老人, raises an event from it, and the coverage on the dashboard goes
up."""

import re

import pytest
from django.utils import timezone

from governance.care.demo import seed_care
from governance.care.models import Resident, Visit
from governance.demo import seed_demo_users, seed_registry
from governance.events.demo import seed_categories
from governance.events.models import Event, EventSource
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401
from tests.governance.events.test_acceptance_phone import PASSWORD, fits_the_phone, sign_in


@pytest.fixture
def demo(transactional_db, monkeypatch):
    wagtail_root()
    seed_registry(today=timezone.localdate())
    seed_demo_users(PASSWORD)
    seed_categories()
    seed_care(now=timezone.now())
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The 独居老人 of 华府5号网格 who has waited longest.
    return (
        Resident.objects.in_ledger()
        .filter(grid__name="华府社区5号网格", memberships__group__name="独居老人")
        .order_by("next_visit_due", "id")
        .first()
    )


def test_due_list_visit_event_and_coverage_on_a_phone(
    live_server,
    demo,
    browser_page,  # noqa: F811
):
    page, base, elder = browser_page, live_server.url, demo
    assert elder is not None and elder.next_visit_due <= timezone.localdate()

    sign_in(page, base, "huafu5_worker")
    before = page.locator(".care-coverage").inner_text()

    # 1. 本月待走访 from the menu's address, on the phone.
    page.goto(f"{base}/admin/care/due/")
    assert fits_the_phone(page)
    card = page.locator(".care-due__card", has_text=elder.name).first
    assert "独居老人" in card.inner_text()

    # 2. The visit, and 3. the event raised from it, in one form.
    card.get_by_role("link", name="记录走访").click()
    page.wait_for_load_state()
    assert fits_the_phone(page)
    for method in ("上门走访", "电话关心"):
        # Each radio beside its own words, on a row a thumb can hit.
        radio = page.get_by_label(method).bounding_box()
        row = page.locator("label", has_text=method).bounding_box()
        assert row["height"] >= 44 and radio["width"] < 60
        assert row["y"] <= radio["y"] and radio["y"] + radio["height"] <= row["y"] + row["height"]
    page.get_by_label("上门走访").check()
    page.get_by_label(re.compile("^走访情况")).fill("老人独居，家中电路老化，插座发烫。")
    page.get_by_label(re.compile("^提出的需求")).fill("希望社区帮助更换电线。")
    page.locator("summary", has_text="由此次走访上报事件").click()
    page.get_by_label(re.compile("^类别")).select_option(label="消防安全")
    page.get_by_label(re.compile("^发生了什么")).fill("独居老人家中电路老化")
    page.get_by_role("button", name="保存走访记录").click()
    page.wait_for_load_state()

    visit = Visit.objects.filter(resident=elder).latest("created_at")
    event = Event.objects.get(pk=visit.event_id)
    assert page.url.endswith(f"/admin/events/{event.pk}/") and fits_the_phone(page)
    assert event.source == EventSource.VISIT and "插座发烫" in event.description
    assert elder.name not in event.description

    # 4. The coverage on the dashboard changes.
    page.goto(f"{base}/admin/")
    after = page.locator(".care-coverage").inner_text()
    assert covered_count(after) == covered_count(before) + 1
    assert Resident.objects.get(pk=elder.pk).next_visit_due > timezone.localdate()


def covered_count(panel_text: str) -> int:
    """N of the panel's 台账 M 人中已按期走访 N 人."""
    return int(re.search(r"已按期走访\s*(\d+)", panel_text).group(1))
