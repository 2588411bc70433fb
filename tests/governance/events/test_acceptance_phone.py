"""Issue 12's acceptance, as the demo's people would do it on a 360×740 phone (headless Chromium):
华府5号网格员 reports an event and passes it up to 华府社区, the community passes it up to
人和路街道, the street editor resolves it; 闭环流转 and 办结率 change on the dashboard, in the
stats API and in a rebuilt PDF."""

import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from governance.demo import seed_demo_users, seed_registry
from governance.events.demo import seed_categories
from governance.events.models import Event, EventState
from governance.models import Grid, ReportLayout
from governance.periods import Period
from governance.services.reports import report_build
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401

PASSWORD = "pw-acceptance-2026!"


@pytest.fixture
def demo(transactional_db, monkeypatch):
    wagtail_root()
    seed_registry(today=timezone.localdate())
    seed_demo_users(PASSWORD)
    seed_categories()
    # The browser runs in this thread's event loop; the ORM reads between its steps are ours.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    return {
        "street": Grid.objects.get(name="人和路街道"),
        "community": Grid.objects.get(name="华府社区"),
        "period": Period.parse(timezone.localdate().strftime("%Y-%m")),
    }


def sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/admin/")


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def move(page, action_label, note_label, note):
    page.locator("summary", has_text=action_label).first.click()
    form = page.locator("details[open] form")
    # Required fields carry a star after their label.
    form.get_by_label(re.compile(f"^{note_label}")).fill(note)
    form.get_by_role("button", name=action_label).click()
    page.wait_for_load_state()


def stats(street, period):
    answer = Client().get(
        "/api/registry/event-stats/", {"grid": street.code, "period": f"{period.start:%Y-%m}"}
    )
    assert answer.status_code == 200
    return answer.json()["figures"]


def pdf_text(street, period) -> str:
    layout = ReportLayout.objects.get(name="街道季度工作汇总")
    pdf = report_build(layout=layout, node=street, period=period, user=None).pdf
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def dashboard_figures(page, base_url) -> dict[str, str]:
    page.goto(f"{base_url}/admin/")
    summary = page.locator(".event-figures__summary")
    terms = summary.locator("dt").all_inner_texts()
    values = summary.locator("dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def test_reported_on_a_phone_passed_up_twice_resolved_and_counted(
    live_server,
    demo,
    browser_page,  # noqa: F811
):
    page, base = browser_page, live_server.url
    street, period = demo["street"], demo["period"]
    before_api = stats(street, period)

    sign_in(page, base, "renhe_editor")
    before_dashboard = dashboard_figures(page, base)

    # 1. The grid worker reports on the phone: the quick report form.
    sign_in(page, base, "huafu5_worker")
    page.goto(f"{base}/admin/events/report/")
    assert fits_the_phone(page)
    page.get_by_label(re.compile("^类别")).select_option(label="消防安全")
    page.get_by_label(re.compile("^发生了什么")).fill("5号楼消防通道堵塞")
    page.get_by_label(re.compile("^楼栋或地址")).fill("5号楼")
    page.get_by_role("button", name="上报").click()
    page.wait_for_load_state()
    event = Event.objects.get(title="5号楼消防通道堵塞")
    assert page.url.endswith(f"/admin/events/{event.pk}/")
    assert event.state == EventState.PENDING and fits_the_phone(page)

    # 2. Passed up to 华府社区 by the worker, then to 人和路街道 by the community.
    move(page, "转办", "原因", "需社区协调物业")
    assert Event.objects.get(pk=event.pk).handling_grid == demo["community"]
    sign_in(page, base, "huafu_editor")
    page.goto(f"{base}/admin/events/inbox/")
    page.get_by_role("link", name=event.title).click()
    move(page, "转办", "原因", "需街道消防专班处置")
    assert Event.objects.get(pk=event.pk).handling_grid == street

    # 3. The street editor accepts and resolves it.
    sign_in(page, base, "renhe_editor")
    page.goto(f"{base}/admin/events/{event.pk}/")
    assert fits_the_phone(page)
    page.locator("summary", has_text="受理").first.click()
    page.locator("details[open] form").get_by_role("button", name="受理").click()
    page.wait_for_load_state()
    move(page, "办结", "处置结果", "已清理堆物，通道畅通")
    event.refresh_from_db()
    assert event.state == EventState.RESOLVED and event.escalated
    timeline = page.locator(".events-timeline").inner_text()
    assert "华府社区5号网格 → 华府社区" in timeline and "华府社区 → 人和路街道" in timeline

    # 4. 闭环流转 and 办结率 change: the dashboard, the stats API, a rebuilt PDF.
    after_dashboard = dashboard_figures(page, base)
    assert fits_the_phone(page)
    after_api = stats(street, period)
    assert after_api["along_the_loop"] == before_api["along_the_loop"] + 1
    assert after_api["resolution_rate"] == 1.0 and before_api["resolution_rate"] is None
    assert after_dashboard["闭环流转"] == "1" and after_dashboard["办结率"] == "100.0%"
    assert before_dashboard["闭环流转"] == "0" and before_dashboard["办结率"] == "—"
    text = pdf_text(street, period)
    assert re.search(r"华府社区 1 1 1 0 1 100%", text), text
