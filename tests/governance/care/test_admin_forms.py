"""The register's admin forms as a grid worker fills them in: the ID number checked and stored
encrypted, forged households refused, households only in third-level or micro grids."""

import datetime

import pytest
from django.urls import reverse

from governance.care.factories import make_household, make_resident
from governance.care.id_numbers import fictional_id_number
from governance.care.models import CareGroup, Household, Resident
from governance.models import AccessRole
from tests.governance.care.care_world import build_care_world

pytestmark = pytest.mark.django_db
NUMBER = fictional_id_number("410103", datetime.date(1941, 2, 3), 18)


@pytest.fixture
def world(client):
    world = build_care_world()
    client.force_login(world.users[AccessRole.GRID_WORKER])
    return world


def resident_data(household, **overrides):
    data = {
        "name": "赵老太",
        "relation": "head",
        "household": household.pk,
        "id_number": NUMBER,
        "phone": "13900000001",
        "notes": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def add_resident(client, data):
    return client.post(reverse("wagtailsnippets_care_resident:add"), data)


def test_a_resident_is_added_with_a_full_width_number(client, world):
    household = make_household(world.nodes["g1111"])
    full_width = NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    answer = add_resident(client, resident_data(household, id_number=full_width))
    assert answer.status_code == 302
    resident = Resident.objects.get(name="赵老太")
    assert resident.id_number == NUMBER and resident.birth_date == datetime.date(1941, 2, 3)
    assert resident.grid == world.nodes["g1111"]


def test_a_bad_check_digit_is_named(client, world):
    household = make_household(world.nodes["g1111"])
    wrong = NUMBER[:17] + ("1" if NUMBER[17] != "1" else "2")
    answer = add_resident(client, resident_data(household, id_number=wrong))
    assert answer.status_code == 200  # the form again, with its error
    assert "身份证号校验位错误" in answer.content.decode()
    assert not Resident.objects.filter(name="赵老太").exists()


def test_the_same_number_twice_is_refused_without_saying_where(client, world):
    other = world.residents["g2111"]  # another district
    household = make_household(world.nodes["g1111"])
    answer = add_resident(client, resident_data(household, id_number=other.id_number))
    text = answer.content.decode()
    assert "该身份证号已登记过居民" in text
    assert other.household.address not in text and other.grid.name not in text


def test_a_forged_household_outside_the_scope_is_refused(client, world):
    far = world.residents["g1112"].household  # the neighbouring grid
    answer = add_resident(client, resident_data(far))
    assert answer.status_code == 200
    assert not Resident.objects.filter(name="赵老太").exists()


def test_a_membership_ending_before_it_starts_is_refused(client, world):
    household = make_household(world.nodes["g1111"])
    data = resident_data(
        household,
        **{
            "memberships-TOTAL_FORMS": "1",
            "memberships-0-group": CareGroup.objects.get(name="独居老人").pk,
            "memberships-0-start_date": "2026-05-01",
            "memberships-0-end_date": "2026-04-01",
        },
    )
    answer = add_resident(client, data)
    assert answer.status_code == 200
    assert "结束日期早于开始日期" in answer.content.decode()


def test_households_only_in_third_level_or_micro_grids(client, world):
    editor_client = client
    editor_client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    url = reverse("wagtailsnippets_care_household:add")
    base = {"building": "1号楼", "unit": "1", "room": "101", "notes": ""}
    answer = editor_client.post(url, {**base, "grid": world.nodes["c111"].pk})
    assert answer.status_code == 200 and not Household.objects.filter(building="1号楼").exists()
    answer = editor_client.post(url, {**base, "grid": world.nodes["g1111"].pk})
    assert answer.status_code == 302 and Household.objects.filter(building="1号楼").exists()


def test_a_building_the_grid_does_not_cover_is_named(client, world):
    grid = world.nodes["g1111"]
    grid.coverage = "51号楼\n52号楼"
    grid.save()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    url = reverse("wagtailsnippets_care_household:add")
    answer = client.post(url, {"grid": grid.pk, "building": "5号楼", "room": "101", "notes": ""})
    assert "5号楼不在华府1号网格的楼栋清单中" in answer.content.decode()


def test_the_edit_form_shows_the_number_only_to_those_who_may_see_it(client, world):
    resident = make_resident(make_household(world.nodes["g1111"]), id_number=NUMBER)
    page = client.get(reverse("wagtailsnippets_care_resident:edit", args=[resident.pk]))
    assert NUMBER in page.content.decode()


def test_a_phone_that_is_not_a_number_is_refused(client, world):
    household = make_household(world.nodes["g1111"])
    answer = add_resident(client, resident_data(household, phone="abc<script>"))
    assert "“abc<script>”不是电话号码" not in answer.content.decode()  # escaped
    assert "不是电话号码" in answer.content.decode()
    assert not Resident.objects.filter(name="赵老太").exists()


def test_the_same_address_twice_is_named_in_plain_words(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    existing = make_household(world.nodes["g1111"], building="9号楼", unit="1", room="101")
    answer = client.post(
        reverse("wagtailsnippets_care_household:add"),
        {"grid": existing.grid_id, "building": "9号楼", "unit": "1", "room": "101", "notes": ""},
    )
    assert "该地址的住户已登记" in answer.content.decode()


def test_the_household_chooser_searches_addresses_in_scope_only(client, world):
    make_household(world.nodes["g1111"], building="51号楼", room="808")
    make_household(world.nodes["g1112"], building="51号楼", room="809")  # not the worker's
    url = reverse("wagtailsnippetchoosers_care_household:choose_results")
    text = client.get(url, {"q": "80"}).content.decode()
    assert "808" in text and "809" not in text
    assert "808" not in client.get(url, {"q": "52号楼"}).content.decode()


def test_a_seven_digit_phone_is_refused_and_a_full_width_mobile_folded(client, world):
    household = make_household(world.nodes["g1111"])
    refused = add_resident(client, resident_data(household, phone="6123456"))
    assert "“6123456”不是电话号码" in refused.content.decode()
    added = add_resident(client, resident_data(household, phone="１３９ ００００ ０００２"))
    assert added.status_code == 302
    assert Resident.objects.get(name="赵老太").phone == "13900000002"
