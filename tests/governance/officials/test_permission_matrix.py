"""Every access role × (own subtree, sibling subtree) × what may be done with a need; then the
grid worker who is a young official, and the analyst, on the tasks."""

import pytest
from django.urls import reverse

from governance.models import AccessRole
from governance.officials.factories import make_need, make_task
from governance.officials.models import Need, NeedStatus, TaskNote
from tests.governance.officials.officials_world import build_officials_world
from tests.governance.permission_world import ROLE_PLACEMENT

NEEDS = "wagtailsnippets_officials_need"
TASKS = "wagtailsnippets_officials_task"
WRITERS = {AccessRole.DISTRICT_ADMIN, AccessRole.STREET_EDITOR, AccessRole.COMMUNITY_EDITOR}
ALLOWED_ON_OWN = {
    "list": set(ROLE_PLACEMENT),
    "inspect": set(ROLE_PLACEMENT),
    "edit": WRITERS | {AccessRole.GRID_WORKER},
    "delete": WRITERS,
    # Not a grid worker: a young official would triage his own needs into tasks for points.
    "triage": WRITERS,
}
CASES = [
    (role, position, action)
    for role in ROLE_PLACEMENT
    for position in ("own", "sibling")
    for action in ALLOWED_ON_OWN
]


def need_at(world, role, position):
    """A need on the grid worker's grid (inside every role's subtree), or at the role's sibling."""
    if position == "own":
        return world.needs["g1111"]
    sibling = ROLE_PLACEMENT[role][1]["sibling"]
    return make_need(world.nodes[sibling], title=f"需求{sibling}")


def links_to_page(url, record, text) -> bool:
    return reverse(url, args=[record.pk]) in text


def perform(client, action, need) -> bool:
    if action == "list":
        page = client.get(reverse(f"{NEEDS}:list"))
        return page.status_code == 200 and links_to_page(
            "officials_need", need, page.content.decode()
        )
    if action == "inspect":
        return client.get(reverse("officials_need", args=[need.pk])).status_code == 200
    if action == "edit":
        client.post(
            reverse(f"{NEEDS}:edit", args=[need.pk]),
            {
                "title": "改过的需求",
                "description": "",
                "source": "typed",
                "source_note": "",
                "responsibility": "",
                "collected_on": "2026-11-20",
            },
        )
        return Need.objects.get(pk=need.pk).title == "改过的需求"
    if action == "delete":
        client.post(reverse(f"{NEEDS}:delete", args=[need.pk]))
        return not Need.objects.filter(pk=need.pk).exists()
    if action == "triage":
        client.post(
            reverse("officials_need_triage", args=[need.pk, "decline"]),
            {"decline-reason": "不属于本社区"},
        )
        return Need.objects.get(pk=need.pk).status == NeedStatus.DECLINED
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "position", "action"), CASES)
def test_matrix(client, role, position, action):
    world = build_officials_world()
    need = need_at(world, role, position)
    client.force_login(world.users[role])
    allowed = position == "own" and role in ALLOWED_ON_OWN[action]
    assert perform(client, action, need) is allowed


@pytest.mark.django_db
def test_a_grid_worker_who_is_a_young_official_sees_his_grid_and_his_own_tasks(client):
    world = build_officials_world()
    worker = world.users[AccessRole.GRID_WORKER]
    # A task of the sibling community given to him: he carries it, so he sees it.
    carried = make_task(world.nodes["g1121"], title="跨社区任务", owner=world.officials["g1111"])
    client.force_login(worker)

    needs = client.get(reverse(f"{NEEDS}:list")).content.decode()
    tasks = client.get(reverse(f"{TASKS}:list")).content.decode()

    assert "需求g1111" in needs and "需求g1112" not in needs and "需求g1121" not in needs
    assert "任务g1111" in tasks and "任务g1112" not in tasks and "任务g1121" not in tasks
    assert "跨社区任务" in tasks
    assert client.get(reverse("officials_task", args=[world.tasks["g1112"].pk])).status_code == 404
    page = client.get(reverse("officials_task", args=[carried.pk])).content.decode()
    assert "填写进展" in page and "撤销任务" not in page
    client.post(reverse("officials_task_move", args=[carried.pk, "note"]), {"note-text": "已入户"})
    answer = client.post(
        reverse("officials_task_move", args=[carried.pk, "cancel"]), {"cancel-reason": "不做了"}
    )
    assert TaskNote.objects.filter(task=carried, text="已入户").exists()
    assert (
        answer.status_code == 403 and carried.__class__.objects.get(pk=carried.pk).status == "open"
    )


@pytest.mark.django_db
def test_an_analyst_reads_the_lists_but_neither_triages_nor_edits(client):
    world = build_officials_world()
    client.force_login(world.users[AccessRole.ANALYST])
    need, task = world.needs["g1111"], world.tasks["g1111"]

    assert "需求g1111" in client.get(reverse(f"{NEEDS}:list")).content.decode()
    assert "任务g1111" in client.get(reverse(f"{TASKS}:list")).content.decode()
    need_page = client.get(reverse("officials_need", args=[need.pk])).content.decode()
    task_page = client.get(reverse("officials_task", args=[task.pk])).content.decode()
    assert "转为任务" not in need_page and "填写进展" not in task_page
    answer = client.post(
        reverse("officials_need_triage", args=[need.pk, "decline"]), {"decline-reason": "无"}
    )
    assert answer.status_code == 403 and Need.objects.get(pk=need.pk).status == NeedStatus.NEW
    assert client.get(reverse(f"{NEEDS}:add")).status_code in (302, 403)
    assert client.get(reverse(f"{NEEDS}:edit", args=[need.pk])).status_code in (302, 403)


@pytest.mark.django_db
def test_the_young_official_chooser_offers_only_the_users_grids(client):
    world = build_officials_world()
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    chooser = "wagtailsnippetchoosers_officials_youngofficial"
    listed = client.get(reverse(f"{chooser}:choose")).json()["html"]
    assert "干部g1111" in listed and "干部g1112" in listed and "干部g1121" not in listed
    sibling = world.officials["g1121"]
    refused = client.get(reverse(f"{chooser}:chosen", args=[sibling.pk]))
    # Wagtail's admin answers a refusal with a redirect to the dashboard.
    assert refused.status_code in (302, 403, 404) and "干部g1121" not in refused.content.decode()
    mine = world.officials["g1111"]
    assert client.get(reverse(f"{chooser}:chosen", args=[mine.pk])).status_code == 200
