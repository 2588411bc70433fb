"""Volunteer teams in the admin: members are picked with the scoped person chooser, never from
a list of everyone, and a forged member outside the user's part of the tree is refused."""

import pytest
from django.urls import reverse

from governance.factories import PersonFactory, RoleFactory, TeamTypeFactory
from governance.models import AccessRole, TeamMember, VolunteerTeam
from tests.governance.permission_world import build_world, person_on

TEAMS = "wagtailsnippets_governance_volunteerteam"


def team_form(grid, team_type, *, members=(), leader=""):
    data = {
        "name": "巡逻队",
        "team_type": team_type.pk,
        "grid": grid.pk,
        "leader": leader,
        "member_count": "8",
        "founded_on": "",
        "status": "active",
        "description": "",
        "memberships-TOTAL_FORMS": str(len(members)),
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, person in enumerate(members):
        data[f"memberships-{index}-person"] = person.pk
        data[f"memberships-{index}-id"] = ""
        data[f"memberships-{index}-DELETE"] = ""
    return data


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
def test_team_form__offers_choosers_not_a_list_of_every_person(client, world):
    role = RoleFactory(name="网格员")
    for n in range(30):
        PersonFactory(grid=world.nodes["g1111"], role=role, name=f"居民{n:02d}")
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    html = client.get(reverse(f"{TEAMS}:add")).content.decode()

    assert "居民00" not in html and "居民29" not in html
    assert "/admin/snippets/choose/governance/person/" in html


@pytest.mark.django_db
def test_team_form__saves_members_in_scope_and_refuses_a_forged_one(client, world):
    role = RoleFactory(name="网格员")
    inside = PersonFactory(grid=world.nodes["g1111"], role=role, name="本社区志愿者")
    outside = PersonFactory(grid=world.nodes["c112"], role=role, name="邻社区居民")
    team_type = TeamTypeFactory()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    grid = world.nodes["c111"]

    refused = client.post(
        reverse(f"{TEAMS}:add"), team_form(grid, team_type, members=[inside, outside])
    )
    assert refused.status_code == 200 and not VolunteerTeam.objects.exists()

    client.post(
        reverse(f"{TEAMS}:add"), team_form(grid, team_type, members=[inside], leader=inside.pk)
    )
    team = VolunteerTeam.objects.get()
    assert list(TeamMember.objects.values_list("person__name", flat=True)) == ["本社区志愿者"]
    assert team.leader == inside


@pytest.mark.django_db
def test_person_form__no_edit_link_to_a_role_the_worker_may_not_edit(client, world):
    person = person_on(world.nodes["g1111"], name="网格员甲")
    client.force_login(world.users[AccessRole.GRID_WORKER])

    html = client.get(
        reverse("wagtailsnippets_governance_person:edit", args=[person.pk])
    ).content.decode()

    assert reverse("wagtailsnippets_governance_role:edit", args=[person.role_id]) not in html
