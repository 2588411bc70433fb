"""The officials' screens speak Chinese with records on them (the demo walk in
tests/civicgrid/test_admin_language.py sees them empty): every screen of the app reachable
from its lists, for each role, checked for English interface text."""

from collections import deque

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance.care.factories import make_resident, make_visit
from governance.models import AccessRole
from tests.civicgrid.admin_walk import NOT_SCREENS, Screen, admin_urls_in, shape
from tests.civicgrid.test_admin_language import allowed_words, english_on, report
from tests.governance.officials.officials_world import build_officials_world

pytestmark = pytest.mark.django_db
OFFICIALS_SCREENS = (
    "/admin/officials/",
    "/admin/snippets/officials/",
    "/admin/snippets/choose/officials/",
)


def walk_officials(client, start: list[str]) -> list[Screen]:
    """The app's screens reachable from `start` (one per URL shape), and nothing beyond."""
    queue, seen, screens = deque(start), {shape(url) for url in start}, []
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.headers["Content-Type"]:
            continue
        html = response.content.decode()
        screens.append(Screen(url, html))
        for found in admin_urls_in(html):
            if found.startswith(OFFICIALS_SCREENS) and not NOT_SCREENS.match(found):
                if shape(found) not in seen:
                    seen.add(shape(found))
                    queue.append(found)
    return screens


@pytest.mark.parametrize(
    "role",
    [
        AccessRole.DISTRICT_ADMIN,
        AccessRole.COMMUNITY_EDITOR,
        AccessRole.GRID_WORKER,
        AccessRole.ANALYST,
    ],
)
def test_every_officials_screen_speaks_chinese(client, role):
    world = build_officials_world()
    resident = make_resident(grid=world.nodes["g1111"], name="王秀英")
    make_visit(resident, by=world.users[AccessRole.GRID_WORKER], needs="希望加装扶手")
    get_user_model().objects.filter(pk=world.users[role].pk).update(first_name="测试")
    client.force_login(world.users[role])
    start = [
        reverse(f"wagtailsnippets_officials_{name}:list")
        for name in ("need", "task", "project", "responsibilityitem", "youngofficial", "dutylog")
    ]
    start += [reverse("officials_visits_with_needs"), reverse("officials_duty_add")]

    screens = walk_officials(client, start)

    assert len(screens) >= 8
    found = english_on(screens, allowed_words())
    assert not found, f"English on the officials' screens of {role}:\n{report(found)}"


def test_the_scoring_rules_speak_chinese_to_a_superuser(client):
    build_officials_world()
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.com", "pw"))
    screens = walk_officials(client, [reverse("wagtailsnippets_officials_scoringrule:list")])
    found = english_on(screens, allowed_words())
    assert len(screens) >= 2 and not found, report(found)
