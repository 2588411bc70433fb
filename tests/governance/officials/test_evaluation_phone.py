"""The leaderboard, the evaluation sheet and the assessors' marks on a 360×740 phone (headless
Chromium): wide tables scroll inside their own box, never the page."""

import pytest

from governance.officials.services import workflow
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401
from tests.governance.events.test_acceptance_phone import fits_the_phone
from tests.governance.officials.evaluation_world import TODAY, build_evaluation_world


@pytest.fixture
def evaluation_live(transactional_db, monkeypatch):
    wagtail_root()
    monkeypatch.setattr(workflow, "today", lambda: TODAY)
    world = build_evaluation_world()
    # The browser runs in this thread's event loop; the ORM reads between its steps are ours.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return world


def sign_in(page, base_url, username, password):
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/admin/")


def scrolls_inside(page, selector: str) -> bool:
    return page.locator(selector).first.evaluate("box => box.scrollWidth > box.clientWidth")


def test_an_assessor_ranks_opens_a_sheet_and_scores_on_a_phone(
    live_server,
    evaluation_live,
    browser_page,  # noqa: F811
):
    page, base = browser_page, live_server.url
    sign_in(page, base, "assessor_s11", "pw-assess-2026!")

    page.goto(f"{base}/admin/officials/leaderboard/?period=2026-Q3")
    assert fits_the_phone(page)
    assert scrolls_inside(page, ".officials-eval__scroll")
    assert "王小明" in page.locator(".officials-eval__table tbody tr").first.inner_text()

    page.get_by_role("link", name="王小明").click()
    page.wait_for_load_state()
    assert fits_the_phone(page)
    assert "一街道 2 人中排第 1 名" in page.locator(".sheet").inner_text()

    page.get_by_role("link", name="2026年9月").click()
    page.wait_for_load_state()
    assert fits_the_phone(page)
    page.get_by_label("得分").first.fill("10")
    page.get_by_role("button", name="保存打分").click()
    page.wait_for_load_state()

    assert "/evaluation/?period=2026-09" in page.url and fits_the_phone(page)
    assert "已保存王小明 2026年9月的考评打分" in page.content()
    assert "总分\n28" in page.locator(".sheet-header").inner_text().replace("\t", "\n")
