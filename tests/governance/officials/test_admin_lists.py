"""The responsibility lists and the young officials in the admin: who reads, who edits, and
which people and accounts the forms offer."""

import pytest
from django.urls import reverse

from governance.models import AccessRole
from governance.officials.factories import make_item
from governance.officials.models import ListLevel, ResponsibilityItem, YoungOfficial
from tests.governance.officials.officials_world import build_officials_world
from tests.governance.permission_world import person_on

pytestmark = pytest.mark.django_db
ITEMS = "wagtailsnippets_officials_responsibilityitem"
OFFICIALS = "wagtailsnippets_officials_youngofficial"


@pytest.fixture
def world():
    world = build_officials_world()
    world.district_item = make_item(
        world.nodes["d1"], level=ListLevel.COMMUNITY, number="D-07", title="垃圾分类督导"
    )
    world.other_item = make_item(world.nodes["s12"], number="S2-01", title="二街道事项")
    return world


def item_data(item, **changes):
    return {
        "grid": item.grid_id,
        "level": item.level,
        "number": item.number,
        "responsible_unit": item.responsible_unit,
        "title": item.title,
        "legal_basis": "",
        **changes,
    }


def test_a_community_editor_reads_every_list_and_edits_none(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    listing = client.get(reverse(f"{ITEMS}:list")).content.decode()
    assert "垃圾分类督导" in listing and "二街道事项" in listing
    assert client.get(reverse(f"{ITEMS}:inspect", args=[world.district_item.pk])).status_code == 200
    client.post(reverse(f"{ITEMS}:edit", args=[world.item.pk]), item_data(world.item, title="改了"))
    assert ResponsibilityItem.objects.get(pk=world.item.pk).title == "居民诉求受理"


def test_the_lists_filter_by_issuer_and_level_and_search_by_number(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    url = reverse(f"{ITEMS}:list")
    by_issuer = client.get(url, {"grid": world.nodes["d1"].pk}).content.decode()
    by_level = client.get(url, {"level": ListLevel.STREET}).content.decode()
    by_number = client.get(url, {"q": "D-07"}).content.decode()
    assert "垃圾分类督导" in by_issuer and "二街道事项" not in by_issuer
    assert "垃圾分类督导" not in by_level and "二街道事项" in by_level
    assert "垃圾分类督导" in by_number and "居民诉求受理" not in by_number


def test_a_street_editor_edits_the_street_list_not_the_district_one(client, world):
    client.force_login(world.users[AccessRole.STREET_EDITOR])
    client.post(reverse(f"{ITEMS}:edit", args=[world.item.pk]), item_data(world.item, title="改了"))
    client.post(
        reverse(f"{ITEMS}:edit", args=[world.district_item.pk]),
        item_data(world.district_item, title="改了"),
    )
    assert ResponsibilityItem.objects.get(pk=world.item.pk).title == "改了"
    assert ResponsibilityItem.objects.get(pk=world.district_item.pk).title == "垃圾分类督导"


def test_a_need_refuses_an_item_of_a_list_that_does_not_cover_its_grid(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    answer = client.post(
        reverse("wagtailsnippets_officials_need:add"),
        {
            "title": "不相干的事项",
            "grid": world.nodes["g1111"].pk,
            "source": "typed",
            "responsibility": world.other_item.pk,
            "collected_on": "2026-11-20",
        },
    )
    assert answer.status_code == 200 and "不适用于" in answer.content.decode()


def test_a_young_official_is_made_from_a_person_in_scope_only(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    mine, elsewhere = (
        person_on(world.nodes["g1112"], "周明"),
        person_on(world.nodes["g1121"], "吴刚"),
    )
    worker = world.users[AccessRole.GRID_WORKER]
    form = client.get(reverse(f"{OFFICIALS}:add")).content.decode()
    assert worker.username in form and world.users[AccessRole.DISTRICT_ADMIN].username not in form

    client.post(reverse(f"{OFFICIALS}:add"), {"person": elsewhere.pk, "user": ""})
    answer = client.post(reverse(f"{OFFICIALS}:add"), {"person": mine.pk, "user": ""})
    assert answer.status_code == 302
    assert YoungOfficial.objects.filter(person=mine).exists()
    assert not YoungOfficial.objects.filter(person=elsewhere).exists()


def test_the_officials_list_shows_unit_grid_period_and_account(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    listing = client.get(reverse(f"{OFFICIALS}:list")).content.decode()
    assert "干部g1111" in listing and "市司法局" in listing and "华府1号网格" in listing
    assert world.users[AccessRole.GRID_WORKER].username in listing and "干部g1121" not in listing
    assert "六员履职记录" in listing
