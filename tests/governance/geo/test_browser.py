"""The admin's maps on a phone (Chromium at 360×740, touch): the grid map draws the grids of a
community editor's community; a tap opens a grid's form, whose map draws the boundary beside
its parent and sibling; a shape drawn with Leaflet.draw is written into the field and saved. No
request leaves the test server."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from governance.events.factories import make_category, make_event
from tests.content.test_browser import (  # the phone-sized Chromium
    browser_page,  # noqa: F401
    wagtail_root,
)
from tests.governance.geo.shapes import square
from tests.governance.geo.test_grid_map import PLACES
from tests.governance.permission_world import build_world

PASSWORD = "pw-matrix-2026!"  # the permission world's users


@pytest.fixture
def mapped_world(transactional_db):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    world = build_world()
    for key, place in PLACES.items():
        grid = world.nodes[key]
        grid.boundary = square(*place)
        grid.save()
    make_event(grid=world.nodes["g1111"], category=make_category())
    return {"g1112": world.nodes["g1112"].pk}


@pytest.fixture
def phone(browser_page):  # noqa: F811
    """The same Chromium, with a touch screen: the draw tools are tapped."""
    context = browser_page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_admin_maps_draw_on_a_phone(live_server, mapped_world, phone):
    page = phone
    here = urlsplit(live_server.url).netloc
    elsewhere, errors = [], []
    page.on("request", lambda r: urlsplit(r.url).netloc != here and elsewhere.append(r.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "u_community_editor")
    page.fill("#id_password", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")

    # 网格地图: the community's two grids and the community's dashed outline.
    page.goto(live_server.url + "/admin/registry/map/")
    expect(page.locator("[data-grid-map-ready]")).to_have_count(1)
    assert page.locator(".grid-map__canvas path.leaflet-interactive").count() == 2
    assert page.locator(".grid-map__canvas path").count() == 3
    expect(page.locator(".grid-map__label", has_text="华府1号网格")).to_contain_text("1")
    assert fits_the_phone(page)

    # A tap on a grid without grids below opens its edit form (labels let taps through to the
    # shape), whose map draws the boundary, the parent's outline and the sibling.
    page.locator(".grid-map__label", has_text="华府2号网格").tap(force=True)
    page.wait_for_url(f"**/grid/edit/{mapped_world['g1112']}/")
    expect(page.locator("[data-boundary-ready]")).to_have_count(1)
    assert page.locator(".boundary-field__map path").count() == 3
    assert page.locator("#id_boundary").is_hidden()  # folded away for experts
    assert fits_the_phone(page)

    # Delete the shape, draw a new one: the field holds it as GeoJSON, and it is saved.
    page.locator(".leaflet-draw-edit-remove").tap()
    page.locator("path.boundary-field__own").tap(force=True)
    page.locator(".leaflet-draw-actions a", has_text="保存").tap()
    assert page.locator("#id_boundary").input_value() == ""
    page.locator(".leaflet-draw-draw-polygon").tap()
    box = page.locator(".boundary-field__map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-30, -30), (30, -30), (30, 30), (-30, 30), (-30, -30)):
        page.touchscreen.tap(x + dx, y + dy)
        page.wait_for_timeout(300)  # taps closer together are a double tap, which zooms
    assert '"type":"Polygon"' in page.locator("#id_boundary").input_value()
    page.locator("form button[type=submit]", has_text="保存").first.tap()
    expect(page.locator(".messages")).to_contain_text("已更新")

    assert errors == []
    assert elsewhere == []
