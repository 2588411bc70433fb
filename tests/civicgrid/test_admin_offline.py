"""The admin asks nothing of the outside world: on a government intranet an outside request is a
leak, and offline it is an error in the console (Wagtail's update check was one)."""

import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from content.factories import build_site
from governance.demo import DEMO_USERS
from governance.factories import make_tree
from tests.content.test_browser import browser_page, wagtail_root  # noqa: F401

# The demo's superuser and each of its roles: what one role's screens load, another's may not.
DEMO_STAFF = ["admin", *(username for username, *_ in DEMO_USERS)]
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/snippets/", "/admin/events/inbox/"]


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def outside_hosts(page, live_server, session, addresses) -> set[str]:
    """Every host other than the server that the admin's screens ask, as one signed-in user."""
    hosts = set()

    def note(request):
        hosts.add(urlsplit(request.url).hostname)

    page.on("request", note)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    for address in addresses:
        page.goto(live_server.url + address)
        page.wait_for_load_state("networkidle")
    page.remove_listener("request", note)
    return hosts - {urlsplit(live_server.url).hostname}


@pytest.fixture
def admin_session(transactional_db, django_user_model):
    wagtail_root()
    build_site(make_tree(streets=1, communities=1, grids=1)["district"][0])
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026!")
    return session_of(admin)


@pytest.fixture
def demo_sessions(transactional_db):
    """The demo's staff, each signed in: seeded before the browser starts (Playwright's event
    loop forbids ORM calls)."""
    wagtail_root()
    call_command("seed_demo", stdout=io.StringIO())
    users = get_user_model().objects.filter(username__in=DEMO_STAFF)
    return {user.username: session_of(user) for user in users}


def test_a_superusers_admin_session_requests_nothing_from_outside(
    live_server,
    admin_session,
    browser_page,  # noqa: F811
):
    hosts = outside_hosts(browser_page, live_server, admin_session, ADMIN_PAGES)

    assert hosts == set()


def test_no_demo_users_admin_session_requests_anything_from_outside(
    live_server,
    demo_sessions,
    browser_page,  # noqa: F811
):
    assert sorted(demo_sessions) == sorted(DEMO_STAFF)

    outside = {
        username: outside_hosts(browser_page, live_server, session, ADMIN_PAGES)
        for username, session in demo_sessions.items()
    }

    assert outside == {username: set() for username in demo_sessions}
