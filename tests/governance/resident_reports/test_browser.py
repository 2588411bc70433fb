"""The issue's acceptance, in Chromium at 360×740: an anonymous resident reports a problem with a
photo from the 华府社区 page; the grid worker finds it in the inbox and resolves it with a reply;
the resident reads the reply on the private status page and rates it; the community page's
满意率 moves."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from content.factories import build_site
from governance.events.factories import make_category, make_event
from tests.content.test_browser import (  # the phone-sized Chromium
    browser_page,  # noqa: F401
    wagtail_root,
)
from tests.governance.permission_world import build_world

PASSWORD = "pw-matrix-2026!"  # the permission world's users


@pytest.fixture
def huafu(transactional_db, tmp_path):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    world = build_world()
    pages = build_site(world.nodes["d1"])
    clutter = make_category(name="楼道堆物", code="clutter")
    earlier = make_event(grid=world.nodes["g1111"], category=clutter, title="5号楼楼道堆物")
    photo = tmp_path / "楼道.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 90, 60)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    community = next(page for page in pages["communities"] if page.title == "华府社区")
    return {"community_url": community.url, "photo": str(photo), "earlier": earlier.number}


def satisfaction(page) -> str:
    figure = page.locator(".event-figures li", has_text="满意率")
    return figure.locator("strong").inner_text()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_resident_report_goes_round_the_loop_and_moves_the_satisfaction_rate(
    live_server,
    huafu,
    browser_page,  # noqa: F811
):
    page = browser_page
    community = live_server.url + huafu["community_url"]

    # 1. An anonymous resident reports from the community page, with a photo.
    page.goto(community)
    assert satisfaction(page) == "—"
    page.get_by_role("link", name="我要反映").first.click()
    page.get_by_label("网格").select_option(label="华府1号网格")
    page.get_by_label("问题类型").select_option(label="楼道堆物")
    # The same kind at the same grid was reported earlier: the form says so before sending.
    expect(page.locator("[data-similar]")).to_contain_text(huafu["earlier"])
    page.get_by_label("问题描述").fill("3号楼二单元楼道堆满纸箱，堵住了消防通道")
    page.get_by_label("照片").set_input_files(huafu["photo"])
    page.get_by_label("匿名反映").check()
    assert page.locator(".report-form__previews img").count() == 1
    assert fits_the_phone(page)
    page.wait_for_timeout(3100)  # a person takes longer than the form's minimum fill time
    page.get_by_role("button", name="提交反映").click()
    page.wait_for_url("**/report/t/**")
    number = page.locator(".report-number").inner_text()
    status_url = page.url.split("?")[0]
    assert "/report/t/" in status_url and fits_the_phone(page)

    # 2–3. The grid worker finds it in the inbox, accepts it and resolves it with a reply.
    worker = page.context.browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    worker.goto(live_server.url + "/admin/login/")
    worker.fill("#id_username", "u_grid_worker")
    worker.fill("#id_password", PASSWORD)
    worker.locator("button[type=submit]").click()
    worker.goto(live_server.url + "/admin/events/inbox/")
    worker.locator("tr", has_text=number).get_by_role("link").first.click()
    expect(worker.locator(".events-photos img")).to_have_count(1)  # the resident's photo
    worker.locator("details:has(form[action$='/move/accept/']) > summary").click()
    worker.locator("form[action$='/move/accept/'] button[type=submit]").click()
    worker.locator("details:has(form[action$='/move/resolve/']) > summary").click()
    worker.locator("#id_resolve-note").fill("已联系物业清走纸箱，消防通道已畅通。")
    worker.locator("form[action$='/move/resolve/'] button[type=submit]").click()
    expect(worker.locator(".events-facts")).to_contain_text("已办结")

    # 4. The resident reads the reply and rates it.
    page.goto(status_url)
    assert "已联系物业清走纸箱" in page.content()
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".report-facts")).to_contain_text("您的评价")
    assert fits_the_phone(page)

    # 5. The community page's 满意率 changes.
    page.goto(community)
    assert satisfaction(page) == "100%"
    assert fits_the_phone(page)


def test_a_grid_and_kind_chosen_before_the_form_script_runs_still_get_the_hint(
    live_server,
    huafu,
    browser_page,  # noqa: F811
):
    """The script is deferred: on a slow phone the resident may choose both before it runs."""
    page = browser_page
    held_back = []
    page.route("**/report_form*.js", lambda route: held_back.append(route))
    page.goto(live_server.url + "/report/?community=410101001001", wait_until="commit")
    page.get_by_label("网格").select_option(label="华府1号网格")
    page.get_by_label("问题类型").select_option(label="楼道堆物")
    expect(page.locator("[data-similar]")).to_be_hidden()
    for route in held_back:
        route.continue_()
    expect(page.locator("[data-similar]")).to_contain_text(huafu["earlier"])
