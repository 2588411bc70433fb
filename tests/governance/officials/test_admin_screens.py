"""Every screen of the officials' admin renders for an editor of the community."""

import pytest
from django.urls import reverse

from governance.models import AccessRole
from tests.governance.officials.officials_world import build_officials_world

pytestmark = pytest.mark.django_db


def screens(world):
    need, task, project = world.needs["g1111"], world.tasks["g1111"], world.projects["g1111"]
    official = world.officials["g1111"]
    for viewset in ("need", "task", "project", "responsibilityitem", "youngofficial", "dutylog"):
        yield reverse(f"wagtailsnippets_officials_{viewset}:list")
    for viewset in ("need", "task", "project", "responsibilityitem", "youngofficial"):
        yield reverse(f"wagtailsnippets_officials_{viewset}:add")
    yield reverse("wagtailsnippets_officials_need:edit", args=[need.pk])
    yield reverse("wagtailsnippets_officials_task:edit", args=[task.pk])
    yield reverse("wagtailsnippets_officials_project:edit", args=[project.pk])
    yield reverse("wagtailsnippets_officials_youngofficial:edit", args=[official.pk])
    yield reverse("wagtailsnippets_officials_responsibilityitem:inspect", args=[world.item.pk])
    yield reverse("officials_need", args=[need.pk])
    yield reverse("officials_task", args=[task.pk])
    yield reverse("officials_project", args=[project.pk])
    yield reverse("officials_visits_with_needs")
    yield reverse("officials_duty_add")


def test_every_screen_renders_for_a_community_editor(client):
    world = build_officials_world()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    for url in screens(world):
        response = client.get(url)
        assert response.status_code == 200, url
