"""Every access role × (own subtree, sibling subtree) × what may be done with a resident."""

import pytest
from django.urls import reverse

from governance.care.models import PersonalDataAccess, Resident, Visit
from governance.models import AccessRole
from tests.governance.care.care_world import PHONE, RESIDENT_GRIDS, build_care_world

RESIDENTS = "wagtailsnippets_care_resident"
WRITERS = {AccessRole.DISTRICT_ADMIN, AccessRole.STREET_EDITOR, AccessRole.COMMUNITY_EDITOR}
ALLOWED_ON_OWN = {
    "list": set(AccessRole),
    "unmasked": WRITERS | {AccessRole.GRID_WORKER},
    "find_by_id_number": WRITERS | {AccessRole.GRID_WORKER},
    "edit": WRITERS | {AccessRole.GRID_WORKER},
    "delete": WRITERS,
    "visit": WRITERS | {AccessRole.GRID_WORKER},
}
CASES = [
    (role, position, action)
    for role in RESIDENT_GRIDS
    for position in ("own", "sibling")
    for action in ALLOWED_ON_OWN
]


def links_to(resident, text: str) -> bool:
    links = [reverse(f"{RESIDENTS}:{view}", args=[resident.pk]) for view in ("edit", "inspect")]
    return any(link in text for link in links)


def perform(client, action, resident) -> bool:
    if action == "list":
        page = client.get(reverse(f"{RESIDENTS}:list"))
        return page.status_code == 200 and links_to(resident, page.content.decode())
    if action == "unmasked":
        page = client.get(reverse(f"{RESIDENTS}:inspect", args=[resident.pk]))
        text = page.content.decode()
        return page.status_code == 200 and resident.id_number in text and PHONE in text
    if action == "find_by_id_number":
        page = client.get(reverse(f"{RESIDENTS}:list"), {"q": resident.id_number})
        return page.status_code == 200 and links_to(resident, page.content.decode())
    if action == "edit":
        page = client.post(
            reverse(f"{RESIDENTS}:edit", args=[resident.pk]),
            {
                "name": "改名",
                "relation": "head",
                "household": resident.household_id,
                "id_number": resident.id_number,
                "phone": PHONE,
                "notes": "",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "memberships-MIN_NUM_FORMS": "0",
                "memberships-MAX_NUM_FORMS": "1000",
            },
        )
        return Resident.objects.get(pk=resident.pk).name == "改名"
    if action == "delete":
        client.post(reverse(f"{RESIDENTS}:delete", args=[resident.pk]))
        return not Resident.objects.filter(pk=resident.pk).exists()
    if action == "visit":
        client.post(
            reverse("care_visit_new", args=[resident.pk]),
            {"visited_at": "2026-11-20T10:00", "method": "home", "findings": "安好"},
        )
        return Visit.objects.filter(resident=resident).exists()
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "position", "action"), CASES)
def test_matrix(client, role, position, action):
    world = build_care_world()
    own, sibling = RESIDENT_GRIDS[role]
    resident = world.residents[own if position == "own" else sibling]
    client.force_login(world.users[role])
    allowed = position == "own" and role in ALLOWED_ON_OWN[action]
    assert perform(client, action, resident) is allowed


@pytest.mark.django_db
def test_every_unmasked_view_is_logged(client):
    world = build_care_world()
    worker = world.users[AccessRole.GRID_WORKER]
    client.force_login(worker)
    resident = world.residents["g1111"]
    client.get(reverse(f"{RESIDENTS}:inspect", args=[resident.pk]))
    client.get(reverse(f"{RESIDENTS}:edit", args=[resident.pk]))
    client.get(reverse("care_visit_new", args=[resident.pk]))
    entries = PersonalDataAccess.objects.filter(user=worker, action="view")
    assert entries.count() == 3
    assert all(entry.grid_path == resident.grid.path for entry in entries)
    assert all(resident.id_number not in entry.what for entry in entries)


@pytest.mark.django_db
def test_analyst_listing_shows_no_name_id_or_phone(client):
    world = build_care_world()
    client.force_login(world.users[AccessRole.ANALYST])
    text = client.get(reverse(f"{RESIDENTS}:list")).content.decode()
    resident = world.residents["g1111"]
    assert resident.masked_name in text
    assert resident.name not in text and resident.id_number not in text and PHONE not in text
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.django_db
def test_an_analyst_cannot_learn_by_searching_who_is_on_the_ledger(client):
    world = build_care_world()
    client.force_login(world.users[AccessRole.ANALYST])
    resident = world.residents["g1111"]
    for query in (resident.name, resident.id_number):
        page = client.get(reverse(f"{RESIDENTS}:list"), {"q": query})
        assert page.status_code == 200 and not links_to(resident, page.content.decode())


@pytest.mark.django_db
def test_an_analyst_sees_no_birth_date_and_no_full_name_in_any_title(client):
    world = build_care_world()
    client.force_login(world.users[AccessRole.ANALYST])
    resident = world.residents["g1111"]
    for view in ("inspect", "history"):
        text = client.get(reverse(f"{RESIDENTS}:{view}", args=[resident.pk])).content.decode()
        assert resident.name not in text and resident.id_number not in text
        assert f"{resident.birth_date:%Y}年{resident.birth_date.month}月" not in text
