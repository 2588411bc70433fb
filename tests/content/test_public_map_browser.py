"""The issue's acceptance for the public map, in Chromium at 360×740: open 华府社区's map, tap
5号网格 and see its card, then with a faked position inside 5号网格 press 我在哪个网格 and get the
same card. Every request is recorded, and any to a host other than the test server fails the
test. The service guide has the map too; without JavaScript both pages are their lists."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.content.map_world import (
    IN_GRID_5,
    IN_MICRO_GRID,
    OUTSIDE,
    PRIVATE_PHONE,
    PUBLIC_PHONE,
    build_map_world,
)
from tests.content.test_browser import BROWSER_ARGS, CHROMIUM, wagtail_root

CHOSEN = 'path[stroke="#b3261e"]'  # public-map.js's CHOSEN_STYLE: the grid shown on the card
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "zh-CN", "is_mobile": True}


@pytest.fixture
def map_world(transactional_db):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    world = build_map_world()
    return {
        "community_url": world["community_page"].url,
        "guide_url": world["guide"].url,
        "grid_5": world["grids"][5].name,
    }


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def requests_seen():
    return []


@pytest.fixture
def phone(browser, live_server, requests_seen):
    """A phone whose every request is recorded; afterwards none may have gone to another host,
    and no script may have failed or been refused by the Content Security Policy."""
    context = browser.new_context(**PHONE, has_touch=True)
    context.on("request", lambda request: requests_seen.append(request.url))
    failures = []
    context.on(
        "page",
        lambda page: (
            page.on("pageerror", lambda error: failures.append(str(error))),
            page.on(
                "console",
                lambda message: (
                    "Content Security Policy" in message.text and failures.append(message.text)
                ),
            ),
        ),
    )
    yield context
    context.close()
    assert failures == []
    server = urlsplit(live_server.url).netloc
    elsewhere = [
        url
        for url in requests_seen
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != server
    ]
    assert requests_seen and elsewhere == []


def open_map(page, url):
    page.goto(url)
    section = page.locator(".public-map")
    expect(section).to_be_visible()
    expect(section.locator(".public-map__label", has_text="5号网格")).to_be_visible()
    return section


def tap_centre_of(page, locator):
    """A finger on the screen where `locator` is drawn (a label lets taps through to its grid)."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_resident_taps_grid_5_then_finds_it_by_position(live_server, map_world, phone):
    page = phone.new_page()

    # 1. 华府社区's map: six grids and the market, three rings, the points and a warm station.
    section = open_map(page, live_server.url + map_world["community_url"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    map_box = section.locator(".public-map__map").bounding_box()
    assert 260 <= map_box["height"] <= 480 and map_box["width"] <= 360
    assert section.locator(".public-map__label").count() == 7
    # The market's name is wider than the market on this screen: hidden, not over 1号网格's.
    market_label = section.locator(".public-map__label", has_text="农贸市场")
    expect(market_label).to_be_hidden()
    expect(section.locator(".public-map__label", has_text="1号网格")).to_be_visible()
    assert section.locator(".public-map__point").count() >= 4
    expect(section.locator(".leaflet-marker-pane .public-map__point--warm")).to_have_count(1)
    for colour in ("#2e7d32", "#d97706", "#1565c0"):
        expect(section.locator(f'path[stroke="{colour}"]')).to_have_count(1)
    legend = section.locator(".public-map__legend")
    for text in ("步行5分钟内（约400米）", "步行15分钟内（约1200米）", "暖心驿站", "超市"):
        expect(legend).to_contain_text(text)
    # The legend sits under the map, not over it; the scale bar is on it.
    assert legend.bounding_box()["y"] >= map_box["y"] + map_box["height"]
    expect(section.locator(".leaflet-control-scale")).to_be_visible()

    # 2. Tap 5号网格: its card, with the public phone only.
    tap_centre_of(page, section.locator(".public-map__label", has_text="5号网格"))
    card = section.locator(".public-map__card")
    expect(card).to_be_visible()
    expect(card.locator("h3")).to_contain_text(map_world["grid_5"])
    expect(card.locator(f'a[href="tel:{PUBLIC_PHONE}"]')).to_be_visible()
    assert PRIVATE_PHONE not in card.inner_text()
    expect(card.locator("h3")).to_be_focused()
    close = card.get_by_role("button", name="关闭连心卡")
    assert close.bounding_box()["height"] >= 24 and close.bounding_box()["width"] >= 24
    heading = card.locator("h3").bounding_box()
    assert heading["x"] + heading["width"] <= close.bounding_box()["x"]  # its focus ring too
    close.click()
    expect(card).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 3. A position inside 5号网格: 我在哪个网格 gives the same card.
    phone.grant_permissions(["geolocation"], origin=live_server.url)
    phone.set_geolocation({"longitude": IN_GRID_5[0], "latitude": IN_GRID_5[1]})
    locate = section.get_by_role("button", name="我在哪个网格")
    assert locate.bounding_box()["height"] >= 24
    locate.click()
    expect(card.locator("h3")).to_contain_text(map_world["grid_5"])
    expect(card.locator(f'a[href="tel:{PUBLIC_PHONE}"]')).to_be_visible()
    expect(section.locator(".public-map__status")).to_have_text(f"您在{map_world['grid_5']}。")
    expect(legend).to_contain_text("您的位置")
    expect(section.locator(CHOSEN)).to_have_count(1)

    # Inside 5号网格's micro grid: still 5号网格's card (cards are kept per third-level grid).
    phone.set_geolocation({"longitude": IN_MICRO_GRID[0], "latitude": IN_MICRO_GRID[1]})
    locate.click()
    expect(card.locator(".public-map__note")).to_contain_text("属于" + map_world["grid_5"])
    expect(card.locator(f'a[href="tel:{PUBLIC_PHONE}"]')).to_be_visible()

    # Outside every grid, and without permission: plain Chinese, no card.
    card.get_by_role("button", name="关闭连心卡").click()
    phone.set_geolocation({"longitude": OUTSIDE[0], "latitude": OUTSIDE[1]})
    locate.click()
    expect(section.locator(".public-map__status")).to_contain_text("不在任何已标绘的网格内")
    expect(card).to_be_hidden()
    expect(section.locator(CHOSEN)).to_have_count(0)
    phone.clear_permissions()
    locate.click()
    expect(section.locator(".public-map__status")).to_contain_text("您没有允许本网站获取位置")


def test_service_guide_has_the_map_under_the_cards(live_server, map_world, phone):
    page = phone.new_page()
    section = open_map(page, live_server.url + map_world["guide_url"])

    expect(section.locator(".public-map__point--warm")).not_to_have_count(0)
    finder = page.get_by_label("查找我的网格").bounding_box()
    assert finder["y"] + finder["height"] <= 740
    section.locator("select").select_option(label="5号网格")
    card = section.locator(".public-map__card")
    expect(card.locator(f'a[href="tel:{PUBLIC_PHONE}"]')).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("which", ["community_url", "guide_url"])
def test_without_javascript_the_page_is_its_lists(live_server, map_world, browser, which):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + map_world[which])

    expect(page.locator(".public-map")).to_be_hidden()
    expect(page.locator(".public-map__map")).to_be_hidden()
    expect(page.get_by_role("heading", name="网格地图 · 一刻钟服务圈")).to_have_count(0)
    if which == "guide_url":
        expect(page.locator(".grid-index summary", has_text=map_world["grid_5"])).to_be_visible()
        expect(page.locator(".service-points").first).to_contain_text("华府便民超市")
        expect(page.get_by_role("heading", name="暖心驿站")).to_be_visible()
    else:
        expect(page.get_by_role("heading", name="网格概况")).to_be_visible()
    context.close()
