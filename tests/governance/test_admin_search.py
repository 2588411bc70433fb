"""Finding a grid or a person among hundreds (issue 17): the grid chooser searches and filters,
people are found by grid, role and phone, and a phone only by those who may read it."""

import json

import pytest
from django.urls import reverse

from governance.factories import PersonFactory, RoleFactory
from governance.models import AccessRole, GridLevel
from tests.governance.permission_world import build_world

GRID_CHOOSER = "wagtailsnippetchoosers_governance_grid"
PEOPLE = "wagtailsnippets_governance_person"


def chooser_html(client, view="choose", **query) -> str:
    response = client.get(reverse(f"{GRID_CHOOSER}:{view}"), query)
    if view == "choose":
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.fixture
def world(db):
    return build_world()


def test_grid_chooser__offers_search_by_name_and_code_and_filters_by_level_and_parent(
    client, world
):
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])

    html = chooser_html(client)

    assert 'name="q"' in html and 'name="level"' in html and 'name="parent"' in html


@pytest.mark.parametrize(
    ("query", "found", "not_found"),
    [
        ({"q": "华府"}, ["华府1号网格", "华府2号网格", "华府社区"], ["邻居1号网格"]),
        ({"q": "410101001002"}, ["邻居社区", "邻居1号网格"], ["华府1号网格"]),
        ({"level": GridLevel.COMMUNITY}, ["华府社区", "邻居社区"], ["华府1号网格", "一街道"]),
    ],
)
def test_grid_chooser__search_and_level(client, world, query, found, not_found):
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])

    html = chooser_html(client, "choose_results", **query)

    assert all(name in html for name in found), html
    assert not any(name in html for name in not_found)


def test_grid_chooser__parent_narrows_to_the_subtree_below_it(client, world):
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])

    html = chooser_html(client, "choose_results", parent=world.nodes["c112"].pk)

    assert "邻居1号网格" in html
    assert "华府1号网格" not in html and ">邻居社区<" not in html


def test_grid_chooser__offers_no_parent_outside_the_users_scope(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    html = chooser_html(client)
    foreign = chooser_html(client, "choose_results", q="邻居")

    assert "华府社区" in html and "二区" not in html and "邻居社区" not in html
    assert "邻居1号网格" not in foreign and "邻居社区" not in foreign


@pytest.fixture
def people(world):
    chief = RoleFactory(name="网格长")
    return {
        "private": PersonFactory(
            grid=world.nodes["g1111"], role=chief, name="张三", phone="13912340001"
        ),
        "public": PersonFactory(
            grid=world.nodes["g1112"],
            role=RoleFactory(name="楼栋长"),
            name="李四",
            phone="13912340002",
            phone_public=True,
        ),
    }


def people_found(client, query) -> str:
    return client.get(reverse(f"{PEOPLE}:list"), {"q": query}).content.decode()


@pytest.mark.parametrize(
    ("query", "name"), [("华府1号", "张三"), ("网格长", "张三"), ("楼栋", "李四")]
)
def test_people_search__finds_by_grid_and_role(client, world, people, query, name):
    client.force_login(world.users[AccessRole.STREET_EDITOR])

    assert name in people_found(client, query)


def test_people_search__finds_a_private_phone_only_for_who_may_read_it(client, world, people):
    client.force_login(world.users[AccessRole.GRID_WORKER])
    worker = people_found(client, "13912340001")
    client.force_login(world.users[AccessRole.ANALYST])
    analyst_private = people_found(client, "13912340001")
    analyst_public = people_found(client, "13912340002")

    assert "张三" in worker
    assert "张三" not in analyst_private
    assert "李四" in analyst_public
