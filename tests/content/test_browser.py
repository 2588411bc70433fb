"""A resident on a phone (360×740, headless Chromium): home → community → contact card → search;
what the community got done (我们办成的事) fits the screen."""

import datetime
import io
import shutil

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from content.demo import page_editor_group, seed_survey
from content.factories import add_notice, build_site
from governance.factories import PersonFactory, RoleFactory, make_tree
from governance.officials.factories import make_official, make_project
from governance.officials.models import ProjectPhoto, ProjectStatus

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wagtail_root() -> None:
    """What Wagtail's migrations create and a transactional test's flush removes. Restoring it
    with a serialized rollback instead fails once an earlier transactional test's flush has
    re-created the staff groups (post_migrate): the restore inserts them a second time."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
    if not Page.objects.filter(depth=1).exists():
        locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True
        )
        yield context.new_page()
        browser.close()


@pytest.fixture
def resident_world(transactional_db):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    tree = make_tree(streets=1, communities=2, grids=3)
    site = build_site(tree["district"][0])
    grid = tree["grid"][1]
    grid.coverage = "33号楼\n34号楼"
    grid.save()
    chief = RoleFactory(name="网格长", contact_card_order=1)
    PersonFactory(grid=grid, role=chief, name="马洋", phone="13800130039", phone_public=True)
    add_notice(site["notice_lists"][0], "小区停水通知", "<p>因管网维修，本周六小区停水一天。</p>")
    return {
        "community": site["communities"][0],
        "guide_url": site["guides"][0].url,
        "notices_url": site["notice_lists"][0].url,
        "grid": grid,
    }


def test_resident_finds_the_contact_card_and_searches_for_a_water_cut(
    live_server, resident_world, browser_page
):
    community, grid = resident_world["community"], resident_world["grid"]
    page = browser_page

    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name=community.title).first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == community.title
    page.get_by_role("link", name="服务指南 · 连心卡").click()
    page.get_by_label("查找我的网格").fill("33号楼")
    page.get_by_role("button", name="查找").click()
    card = page.locator(".contact-card").first
    assert grid.name in card.inner_text()
    assert "马洋" in card.inner_text() and "13800130039" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_role("searchbox").first.fill("停水")
    page.get_by_role("button", name="搜索").first.click()
    page.get_by_role("link", name="小区停水通知").click()
    assert page.locator("h1").inner_text() == "小区停水通知"
    assert "停水一天" in page.content()


def test_resident_on_a_phone_taps_breadcrumbs_and_notice_titles_of_a_thumbs_height(
    live_server, resident_world, browser_page
):
    page = browser_page

    page.goto(live_server.url + resident_world["notices_url"])

    links = [*page.locator(".breadcrumbs a").all(), *page.locator(".notice-list__item > a").all()]
    assert len(links) >= 4
    assert min(link.bounding_box()["height"] for link in links) >= 44


def test_resident_on_a_phone_sees_the_finder_first_and_opens_one_grid_card(
    live_server, resident_world, browser_page
):
    page = browser_page
    grid = resident_world["grid"]

    page.goto(live_server.url + resident_world["guide_url"])
    finder = page.get_by_label("查找我的网格").bounding_box()
    grid_row = page.locator(".grid-index details", has_text=grid.name)
    phone = grid_row.get_by_text("13800130039")
    assert finder["y"] + finder["height"] <= 740
    assert not phone.is_visible()

    grid_row.locator("summary").click()
    buildings = grid_row.locator(".contact-card__buildings li")

    assert phone.is_visible()
    assert buildings.nth(0).bounding_box()["y"] == buildings.nth(1).bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def editor_world(transactional_db, django_user_model):
    wagtail_root()
    tree = make_tree(streets=1, communities=2, grids=1)
    site = build_site(tree["district"][0])
    editor = django_user_model.objects.create_user("phone_editor", password="pw-editor-2026!")
    editor.groups.add(page_editor_group(site["communities"][0]))
    notice = add_notice(site["notice_lists"][0], "楼道照明维修通知", expires_in=5)
    add_notice(site["notice_lists"][1], "邻社区通知")
    return {"notice_id": notice.pk}


def test_editor_on_a_phone_filters_the_content_overview_and_opens_a_notice(
    live_server, editor_world, browser_page
):
    page = browser_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "phone_editor")
    page.fill("input[name=password]", "pw-editor-2026!")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(live_server.url + "/admin/content-overview/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.get_by_role("link", name="楼道照明维修通知").is_visible()
    assert page.get_by_role("link", name="邻社区通知").count() == 0

    page.locator(".overview-filter summary", has_text="有效期").click()
    page.get_by_role("link", name="7 天内到期").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="楼道照明维修通知").click()
    page.wait_for_load_state()
    assert f"/admin/pages/{editor_world['notice_id']}/edit/" in page.url


@pytest.fixture
def survey_url(transactional_db):
    wagtail_root()
    tree = make_tree(streets=1, communities=1, grids=1)
    site = build_site(tree["district"][0])
    return seed_survey(site["communities"][0]).url


def test_resident_on_a_phone_ticks_survey_options_beside_their_labels(
    live_server, survey_url, browser_page
):
    page = browser_page
    page.goto(live_server.url + survey_url)
    options = page.locator("fieldset.field--choices label.choice")

    assert page.locator("fieldset.field--choices legend").inner_text().startswith("最需要的服务")
    assert options.count() == 5
    for index in range(options.count()):
        row = options.nth(index).bounding_box()
        box = options.nth(index).locator("input").bounding_box()
        # The box sits on its label's row, and the whole row is a thumb's height.
        assert row["y"] <= box["y"] and box["y"] + box["height"] <= row["y"] + row["height"]
        assert row["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("您所在的楼栋").fill("33号楼")
    options.filter(has_text="助餐").click()  # a tap on the words ticks the box
    page.wait_for_timeout(3100)  # a person takes longer than the form's minimum fill time
    page.get_by_role("button", name="提交").click()
    page.get_by_role("link", name="返回").click()
    assert page.locator("h1").inner_text() == "测试1-1社区"


@pytest.fixture
def searchable_world(transactional_db):
    """Like resident_world, with the buildings in place before the guides are indexed."""
    wagtail_root()
    tree = make_tree(streets=1, communities=2, grids=3)
    grid = tree["grid"][1]
    grid.coverage = "33号楼\n34号楼"
    grid.save()
    build_site(tree["district"][0])
    chief = RoleFactory(name="网格长", contact_card_order=1)
    PersonFactory(grid=grid, role=chief, name="马洋", phone="13800130039", phone_public=True)
    return {"grid": grid}


def test_resident_on_a_phone_searches_a_building_and_lands_on_its_card(
    live_server, searchable_world, browser_page
):
    """Issue 17's acceptance: ?q=33号楼 leads to the guide with that building's card open."""
    page, resident_world = browser_page, searchable_world

    page.goto(live_server.url + "/search/?q=33号楼")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(".search-results a[href*='find=']").first.click()
    page.wait_for_load_state()

    card = page.locator(".contact-card").first
    assert resident_world["grid"].name in card.inner_text()
    assert "马洋" in card.inner_text() and "13800130039" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def projects_world(transactional_db):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    tree = make_tree(streets=1, communities=1, grids=2)
    site = build_site(tree["district"][0])
    grid = tree["grid"][0]
    picture = io.BytesIO()
    # A wide photo: the page must shrink it to the card, not widen the page.
    PillowImage.new("RGB", (1600, 900), (30, 120, 60)).save(picture, "JPEG")
    image = get_image_model().objects.create(
        title="加装电梯", file=ImageFile(picture, name="lift.jpg")
    )
    lift = make_project(
        grid,
        title="老旧小区加装电梯",
        official=make_official(grid, name="王小明"),
        status=ProjectStatus.DONE,
        finished_on=datetime.date(2026, 9, 30),
        outcome="两部电梯已投入使用，惠及 48 户；" * 4,
        is_public=True,
    )
    ProjectPhoto.objects.create(project=lift, image=image, caption="新装的电梯")
    make_project(
        grid,
        title="一个很长很长的项目名称用来检查窄屏上的换行是否正常显示不会撑破页面",
        status=ProjectStatus.DONE,
        finished_on=datetime.date(2026, 10, 8),
        outcome="楼道杂物清理完毕。",
        is_public=True,
    )
    return {"community_url": site["communities"][0].url}


def test_resident_on_a_phone_reads_what_the_community_got_done(
    live_server, projects_world, browser_page
):
    page = browser_page

    page.goto(live_server.url + projects_world["community_url"])
    section = page.locator(".done-projects")
    photo = section.locator("img").bounding_box()

    assert section.get_by_role("heading", name="我们办成的事").is_visible()
    assert section.locator(".done-project").count() == 2
    assert "王小明 领题 · 2026年9月30日 办结" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert photo["x"] >= 0 and photo["x"] + photo["width"] <= 360
