"""Every access role × (own subtree, sibling subtree, parent) × every registry action."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import registry_types
from governance.models import AccessRole, ImportJob, Person, Report, ReportLayout
from governance.permissions import EXPORT, ROLE_ACTIONS
from tests.governance.permission_world import ROLE_PLACEMENT, build_world, person_on
from tests.governance.spreadsheets import xlsx_bytes

PEOPLE = "wagtailsnippets_governance_person"
CHOOSER = "wagtailsnippetchoosers_governance_person"
WRITERS = {AccessRole.DISTRICT_ADMIN, AccessRole.STREET_EDITOR, AccessRole.COMMUNITY_EDITOR}
ALLOWED_ON_OWN = {
    "list": set(AccessRole),
    "view": set(AccessRole),
    "edit": WRITERS | {AccessRole.GRID_WORKER},
    "delete": WRITERS,
    "import": WRITERS,
    "export": set(AccessRole),
    # Wagtail's own ?export= on a listing leads to the scoped export, never around it.
    "listing_export_param": set(AccessRole),
    "choose": set(AccessRole),
    "chosen": set(AccessRole),
    "chosen_multiple": set(AccessRole),
    "report": WRITERS | {AccessRole.ANALYST},
    # The API serves public data only, whoever asks: a private phone never leaves through it.
    "api": set(),
}
CASES = [
    (role, position, action)
    for role, (_node, positions) in ROLE_PLACEMENT.items()
    for position, node in positions.items()
    if node is not None
    for action in ALLOWED_ON_OWN
]


def person_form(person, **overrides):
    data = {
        "name": person.name,
        "role": person.role_id,
        "grid": person.grid_id,
        "phone": person.phone,
        "unit": "",
        "start_date": "",
        "end_date": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def perform(client, action, person):
    """Does the action through the admin; returns whether it took effect."""
    if action == "list":
        html = client.get(reverse(f"{PEOPLE}:list")).content.decode()
        return person.name in html
    if action == "view":
        response = client.get(reverse(f"{PEOPLE}:inspect", args=[person.pk]))
        return response.status_code == 200 and person.name in response.content.decode()
    if action == "edit":
        client.post(reverse(f"{PEOPLE}:edit", args=[person.pk]), person_form(person, notes="改"))
        return Person.objects.get(pk=person.pk).notes == "改"
    if action == "delete":
        client.post(reverse(f"{PEOPLE}:delete", args=[person.pk]))
        return not Person.objects.filter(pk=person.pk).exists()
    if action == "import":
        upload = SimpleUploadedFile(
            "people.xlsx",
            xlsx_bytes(["网格编码", "姓名", "角色"], [[person.grid.code, "导入新人", "网格员"]]),
        )
        client.post(reverse("governance_import_upload", args=["people"]), {"file": upload})
        job = ImportJob.objects.order_by("-pk").first()
        if job is not None and job.status == "succeeded":
            client.post(reverse("governance_import_confirm", args=[job.pk]))
        return Person.objects.filter(name="导入新人").exists()
    if action == "export":
        response = client.get(reverse("governance_export", args=["people"]), {"format": "csv"})
        return response.status_code == 200 and person.name in response.content.decode("utf-8-sig")
    if action == "listing_export_param":
        response = client.get(reverse(f"{PEOPLE}:list"), {"export": "csv"}, follow=True)
        return response.status_code == 200 and person.name in response.content.decode("utf-8-sig")
    if action in ("choose", "chosen", "chosen_multiple"):
        # The chooser answers JSON for the modal, which escapes Chinese text.
        args = [person.pk] if action == "chosen" else []
        query = {"id": [person.pk]} if action == "chosen_multiple" else {}
        response = client.get(reverse(f"{CHOOSER}:{action}", args=args), query)
        return response.status_code == 200 and person.name in json.dumps(
            response.json(), ensure_ascii=False
        )
    if action == "report":
        layout = ReportLayout.objects.get_or_create(name="矩阵报告", defaults={"blocks": []})[0]
        client.post(
            reverse("wagtailsnippets_governance_report:add"),
            {"layout": layout.pk, "grid": person.grid.pk, "period": "2026-10"},
        )
        return Report.objects.filter(grid=person.grid).exists()
    if action == "api":
        person.phone_public = False
        person.save()
        code = person.grid.code if person.grid.level >= 3 else None
        urls = ["/api/registry/grids/", "/api/registry/teams/"]
        if code:
            urls.append(f"/api/registry/grids/{code}/contact-cards/")
        return any(person.phone in client.get(url).content.decode() for url in urls)
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("role, position, action", CASES)
def test_permission_matrix(client, role, position, action, django_capture_on_commit_callbacks):
    world = build_world()
    node = world.nodes[ROLE_PLACEMENT[role][1][position]]
    target = person_on(node, name=f"目标{position}")
    client.force_login(world.users[role])

    with django_capture_on_commit_callbacks(execute=True):
        took_effect = perform(client, action, target)

    expected = position == "own" and role in ALLOWED_ON_OWN[action]
    assert took_effect is expected, f"{role} {action} on {position}"


@pytest.mark.django_db
def test_community_editor_cannot_move_a_person_into_another_community(client):
    world = build_world()
    person = person_on(world.nodes["c111"], name="本社区人员")
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    client.post(
        reverse(f"{PEOPLE}:edit", args=[person.pk]),
        person_form(person, grid=world.nodes["c112"].pk),
    )

    assert Person.objects.get(pk=person.pk).grid == world.nodes["c111"]


@pytest.mark.django_db
def test_grid_worker_cannot_add_a_person_to_a_sibling_grid(client):
    world = build_world()
    template = person_on(world.nodes["g1111"], name="模板")
    client.force_login(world.users[AccessRole.GRID_WORKER])

    client.post(
        reverse(f"{PEOPLE}:add"),
        person_form(template, name="越权新增", grid=world.nodes["g1112"].pk),
    )

    assert not Person.objects.filter(name="越权新增").exists()


@pytest.mark.django_db
def test_community_editor_of_huafu_cannot_open_another_communitys_grid(client):
    world = build_world()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    other = world.nodes["g1121"]
    grid_admin = "wagtailsnippets_governance_grid"

    listing = client.get(reverse(f"{grid_admin}:list"), {"q": "邻居"}).content.decode()
    inspect = client.get(reverse(f"{grid_admin}:inspect", args=[other.pk]))
    edit = client.get(reverse(f"{grid_admin}:edit", args=[other.pk]))
    chooser = client.get(reverse("wagtailsnippetchoosers_governance_grid:choose")).content
    chosen = client.get(reverse("wagtailsnippetchoosers_governance_grid:chosen", args=[other.pk]))

    assert "邻居1号网格" not in listing
    assert inspect.status_code != 200 and edit.status_code != 200
    assert "邻居1号网格" not in chooser.decode()
    assert chosen.status_code != 200


@pytest.mark.django_db
def test_private_phones__full_for_the_grid_masked_for_analysts(client):
    world = build_world()
    person = person_on(world.nodes["g1111"], name="私密电话")
    url = reverse(f"{PEOPLE}:inspect", args=[person.pk])

    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    editor_html = client.get(url).content.decode()
    client.force_login(world.users[AccessRole.ANALYST])
    analyst_html = client.get(url).content.decode()
    analyst_list = client.get(reverse(f"{PEOPLE}:list")).content.decode()

    assert "13800001234" in editor_html
    assert "13800001234" not in analyst_html and "138****1234" in analyst_html
    assert "13800001234" not in analyst_list and "138****1234" in analyst_list


@pytest.mark.django_db
def test_audit_log__records_who_changed_what_without_the_phone(client):
    world = build_world()
    person = person_on(world.nodes["c111"], name="审计对象")
    editor = world.users[AccessRole.COMMUNITY_EDITOR]
    client.force_login(editor)

    client.post(
        reverse(f"{PEOPLE}:edit", args=[person.pk]),
        person_form(person, phone="13912345678", unit="市司法局"),
    )
    history = client.get(reverse(f"{PEOPLE}:history", args=[person.pk])).content.decode()
    site_log = client.get(reverse("governance_audit_log"), {"user": editor.pk}).content.decode()
    client.force_login(world.users[AccessRole.GRID_WORKER])
    other_log = client.get(reverse("governance_audit_log")).content.decode()

    for html in (history, site_log):
        assert "市司法局" in html
        assert "13912345678" not in html
    assert "审计对象" in site_log
    assert "审计对象" not in other_log  # the grid worker's subtree does not hold the person


@pytest.mark.django_db
@pytest.mark.parametrize("registry_type", registry_types.admin_types(), ids=lambda t: t.key)
def test_listing_export_param__obeys_the_export_right_on_every_registry_listing(
    client, registry_type, monkeypatch
):
    world = build_world()
    person_on(world.nodes["g1111"], name="导出对象")
    worker = world.users[AccessRole.GRID_WORKER]
    client.force_login(worker)
    listing = reverse(registry_type.make_viewset().get_url_name("list"))
    monkeypatch.setitem(
        ROLE_ACTIONS, AccessRole.GRID_WORKER, ROLE_ACTIONS[AccessRole.GRID_WORKER] - {EXPORT}
    )

    for file_format in ("csv", "xlsx"):
        response = client.get(listing, {"export": file_format}, follow=True)
        # Refused: the admin sends the user home with a message instead of a file.
        assert "Content-Disposition" not in response, (registry_type.key, file_format)
        assert response.redirect_chain, (registry_type.key, file_format)
    page = client.get(listing).content.decode()
    assert reverse("governance_export", args=[registry_type.key]) not in page


@pytest.mark.django_db
def test_chooser__offers_no_create_endpoint(client):
    world = build_world()
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])

    response = client.post("/admin/snippets/choose/governance/person/create/", {"name": "x"})

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/choose/governance/person/chosen/abc/",
        "/admin/snippets/choose/governance/person/chosen-multiple/?id=abc&id=1%00",
        "/admin/snippets/choose/governance/grid/chosen-multiple/?id=99999999999999999999",
        "/admin/snippets/choose/governance/grid/chosen/99999999999999999999/",
        "/admin/snippets/governance/person/edit/abc/",
        "/admin/snippets/governance/grid/inspect/-1/",
    ],
)
def test_forged_ids_in_admin_urls__find_nothing_and_give_no_500(client, url):
    world = build_world()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    response = client.get(url)

    assert response.status_code < 500
    assert response.status_code >= 400 or '"result": []' in response.content.decode()


@pytest.mark.django_db
def test_analyst__reads_a_records_history_and_is_linked_to_pages_it_may_open(client):
    world = build_world()
    person = person_on(world.nodes["g1111"], name="被查看的人")
    client.force_login(world.users[AccessRole.ANALYST])

    history = client.get(reverse(f"{PEOPLE}:history", args=[person.pk]))
    listing = client.get(reverse(f"{PEOPLE}:list")).content.decode()

    assert history.status_code == 200
    assert reverse(f"{PEOPLE}:inspect", args=[person.pk]) in listing
    assert reverse(f"{PEOPLE}:edit", args=[person.pk]) not in listing


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["grid", "role"])
def test_a_forged_chooser_value_is_an_invalid_choice_not_a_500(client, field):
    world = build_world()
    person = person_on(world.nodes["c111"], name="本社区人员")
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])

    response = client.post(
        reverse(f"{PEOPLE}:edit", args=[person.pk]), person_form(person, **{field: "abc"})
    )

    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert Person.objects.get(pk=person.pk).grid == world.nodes["c111"]
