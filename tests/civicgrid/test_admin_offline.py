"""The admin asks nothing of the outside world: on a government intranet an outside request is a
leak, and offline it is an error in the console (Wagtail's update check was one)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from content.factories import build_site
from governance.factories import make_tree
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401

ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/events/inbox/"]


@pytest.fixture
def admin_session(transactional_db, django_user_model):
    wagtail_root()
    build_site(make_tree(streets=1, communities=1, grids=1)["district"][0])
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026!")
    client = Client()
    client.force_login(admin)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_superusers_admin_session_requests_nothing_from_outside(
    live_server,
    admin_session,
    browser_page,  # noqa: F811
):
    page = browser_page
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": admin_session, "url": live_server.url}]
    )

    for address in ADMIN_PAGES:
        page.goto(live_server.url + address)
        page.wait_for_load_state("networkidle")

    assert hosts == {urlsplit(live_server.url).hostname}
    assert "releases.wagtail.org" not in hosts
