"""Admin listings on a 360-px phone (issue 17): Chinese may break between any two characters, so
a narrow first column once showed each name one character per line. Names stay whole on one
line and the table scrolls sideways inside the screen."""

import pytest
from django.conf import settings
from django.test import Client

from governance.factories import PersonFactory, RoleFactory, make_tree
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401

PEOPLE_LISTING = "/admin/snippets/governance/person/"


@pytest.fixture
def listing_session(transactional_db, django_user_model):
    """Built before the browser starts: Playwright's event loop forbids ORM calls."""
    wagtail_root()
    grid = make_tree(streets=1, communities=1, grids=1)["grid"][0]
    grid.name = "华府社区农贸市场专属网格"
    grid.save()
    for name in ["欧阳建国", "司马卫东", "诸葛明"]:
        PersonFactory(grid=grid, role=RoleFactory(name="专属网格长"), name=name)
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026!")
    client = Client()
    client.force_login(admin)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_phone__listing_names_stay_on_one_line_and_the_table_scrolls(
    live_server,
    listing_session,
    browser_page,  # noqa: F811
):
    page = browser_page
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": listing_session, "url": live_server.url}]
    )
    page.goto(live_server.url + PEOPLE_LISTING)

    names = page.locator("table.listing td.title a")
    assert names.count() == 3
    for index in range(3):
        box = names.nth(index).bounding_box()
        line = float(names.nth(index).evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert box["height"] < 1.5 * line, names.nth(index).inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
