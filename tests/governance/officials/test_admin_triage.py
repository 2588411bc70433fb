"""Need → task → project through the admin, as a community editor would do it, and the refusals
on the way (forged ids, missing reasons) as form errors, never a 500 and never half a move."""

import datetime

import pytest
from django.urls import reverse

from governance.models import AccessRole
from governance.officials.models import (
    Need,
    NeedSource,
    NeedStatus,
    Project,
    ProjectStatus,
    Task,
    TaskStatus,
)
from governance.officials.services import workflow
from tests.governance.officials.officials_world import build_officials_world

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(workflow, "today", lambda: TODAY)


@pytest.fixture
def world():
    return build_officials_world()


@pytest.fixture
def editor(client, world):
    client.force_login(world.users[AccessRole.COMMUNITY_EDITOR])
    return client


def triage(client, need, move, data):
    url = reverse("officials_need_triage", args=[need.pk, move])
    return client.post(url, {f"{move}-{name}": value for name, value in data.items()})


def to_task_data(owner_kind="official", owner=None, **extra):
    return {"title": "修好楼道灯", "owner_kind": owner_kind, owner_kind: owner.pk, **extra}


def test_a_need_becomes_a_task_then_a_project_through_the_admin(editor, world):
    grid = world.nodes["g1111"]
    # 1. The need, typed in.
    answer = editor.post(
        reverse("wagtailsnippets_officials_need:add"),
        {
            "title": "3号楼楼道灯不亮",
            "description": "三个单元的楼道灯都坏了",
            "grid": grid.pk,
            "source": NeedSource.COUNCIL,
            "source_note": "11月议事会",
            "responsibility": world.item.pk,
            "collected_by": "",
            "collected_on": "2026-11-20",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    need = Need.objects.get(title="3号楼楼道灯不亮")
    assert (need.status, need.grid, need.created_by) == (
        NeedStatus.NEW,
        grid,
        world.users["community_editor"],
    )

    # 2. The list shows it first; its page offers the triage.
    listing = editor.get(reverse("wagtailsnippets_officials_need:list")).content.decode()
    assert listing.index("3号楼楼道灯不亮") < listing.index("需求g1111")
    page = editor.get(reverse("officials_need", args=[need.pk])).content.decode()
    assert "转为任务" in page and "不予受理" in page

    # 3. 转为任务, ten working days for the young official of the grid.
    answer = triage(
        editor, need, "task", to_task_data(owner=world.officials["g1111"], working_days=10)
    )
    need.refresh_from_db()
    task = need.task
    assert answer.status_code == 302 and answer.url == reverse("officials_task", args=[task.pk])
    assert need.status == NeedStatus.TASKED
    assert task.due_on == datetime.date(2026, 12, 7) and task.owner == world.officials["g1111"]

    # 4. Progress, then 办结.
    editor.post(reverse("officials_task_move", args=[task.pk, "note"]), {"note-text": "已报修"})
    answer = editor.post(
        reverse("officials_task_move", args=[task.pk, "finish"]),
        {"finish-result": "灯已换好", "finish-done_on": "2026-11-23"},
    )
    task.refresh_from_db()
    assert answer.status_code == 302 and task.status == TaskStatus.DONE
    assert "已报修" in editor.get(reverse("officials_task", args=[task.pk])).content.decode()

    # 5. A project taking up the need and the task, with two milestones.
    answer = editor.post(
        reverse("wagtailsnippets_officials_project:add"),
        {
            "title": "楼道亮灯行动",
            "grid": world.nodes["c111"].pk,
            "claimed_by_official": world.officials["g1111"].pk,
            "claimed_by_team": "",
            "claimed_on": "2026-11-23",
            "problem": "老楼道照明差",
            "goal": "年底前全部亮灯",
            "needs": [need.pk],
            "tasks": [task.pk],
            **milestones([("摸排", "2026-12-01"), ("更换", "2026-12-20")]),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    project = Project.objects.get(title="楼道亮灯行动")
    assert list(project.needs.all()) == [need] and list(project.tasks.all()) == [task]
    assert [m.title for m in project.milestones.all()] == ["摸排", "更换"]

    # 6. Milestones reached, finished, published.
    for milestone in project.milestones.all():
        editor.post(
            reverse("officials_project_move", args=[project.pk, "milestone"]),
            {"milestone-milestone": milestone.pk, "milestone-done_on": "2026-11-23"},
        )
    editor.post(
        reverse("officials_project_move", args=[project.pk, "finish"]),
        {"finish-outcome": "32个楼道全部亮灯", "finish-finished_on": "2026-11-23"},
    )
    editor.post(
        reverse("officials_project_move", args=[project.pk, "publish"]), {"publish-public": "True"}
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.DONE and project.is_public
    assert all(m.done_on == TODAY for m in project.milestones.all())


def milestones(rows):
    data = {
        "milestones-TOTAL_FORMS": str(len(rows)),
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    for number, (title, due_on) in enumerate(rows):
        data |= {
            f"milestones-{number}-title": title,
            f"milestones-{number}-due_on": due_on,
            f"milestones-{number}-ORDER": str(number + 1),
            f"milestones-{number}-DELETE": "",
            f"milestones-{number}-id": "",
        }
    return data


@pytest.mark.parametrize(
    ("owner_kind", "owner_of"),
    [
        ("official", lambda world: world.officials["g1121"]),
        ("person", lambda world: world.officials["g1121"].person),
        ("team", lambda world: world.teams["g1121"]),
    ],
)
def test_an_owner_from_the_sibling_community_is_refused(editor, world, owner_kind, owner_of):
    need = world.needs["g1111"]
    answer = triage(editor, need, "task", to_task_data(owner_kind, owner_of(world), working_days=5))
    need.refresh_from_db()
    assert answer.status_code == 400
    assert "选择一个有效的选项" in answer.content.decode()
    assert need.status == NeedStatus.NEW and not Task.objects.filter(title="修好楼道灯").exists()


def test_a_need_of_the_sibling_community_is_not_found_nor_merged_into(editor, world):
    sibling = world.needs["g1121"]
    assert editor.get(reverse("officials_need", args=[sibling.pk])).status_code == 404
    assert triage(editor, sibling, "decline", {"reason": "重复"}).status_code == 404
    need = world.needs["g1111"]
    answer = triage(editor, need, "merge", {"into": sibling.pk})
    need.refresh_from_db()
    assert answer.status_code == 400 and need.status == NeedStatus.NEW


def test_a_need_merged_into_one_of_the_community(editor, world):
    need, other = world.needs["g1111"], world.needs["g1112"]
    answer = triage(editor, need, "merge", {"into": other.pk})
    need.refresh_from_db()
    assert answer.status_code == 302 and (need.status, need.merged_into) == (
        NeedStatus.MERGED,
        other,
    )


def test_declining_without_a_reason_is_a_form_error(editor, world):
    need = world.needs["g1111"]
    answer = triage(editor, need, "decline", {"reason": "  "})
    need.refresh_from_db()
    assert answer.status_code == 400 and need.status == NeedStatus.NEW
    assert "必需字段" in answer.content.decode()


def test_a_need_triaged_twice_shows_the_workflow_refusal(editor, world):
    need = world.needs["g1111"]
    triage(editor, need, "decline", {"reason": "物业负责"})
    answer = triage(editor, need, "decline", {"reason": "物业负责"})
    assert answer.status_code == 409
    assert "已分拣" in answer.content.decode() or "不予受理" in answer.content.decode()


def test_a_task_without_any_deadline_is_refused(editor, world):
    need = world.needs["g1111"]
    data = to_task_data(owner=world.officials["g1111"], working_days="")
    answer = triage(editor, need, "task", data)
    assert answer.status_code == 400 and Need.objects.get(pk=need.pk).status == NeedStatus.NEW


def test_a_deadline_date_wins_over_working_days(editor, world):
    need = world.needs["g1111"]
    triage(
        editor,
        need,
        "task",
        to_task_data(owner=world.officials["g1111"], working_days=3, due_on="2026-12-31"),
    )
    need.refresh_from_db()
    assert need.task.due_on == datetime.date(2026, 12, 31)


def test_the_task_form_creates_through_the_workflow_with_working_days(editor, world):
    answer = editor.post(
        reverse("wagtailsnippets_officials_task:add"),
        {
            "title": "清理楼顶杂物",
            "description": "",
            "grid": world.nodes["g1112"].pk,
            "responsibility": "",
            "owner_official": "",
            "owner_person": "",
            "owner_team": world.teams["g1112"].pk,
            "working_days": "1",
            "due_on": "",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:3000]
    task = Task.objects.get(title="清理楼顶杂物")
    assert task.due_on == datetime.date(2026, 11, 24) and task.owner_team == world.teams["g1112"]
    assert task.created_by == world.users["community_editor"]


def test_the_task_form_refuses_a_forged_team_and_two_owners(editor, world):
    base = {
        "title": "清理楼顶杂物",
        "description": "",
        "grid": world.nodes["g1112"].pk,
        "responsibility": "",
        "owner_official": "",
        "owner_person": "",
        "working_days": "5",
        "due_on": "",
    }
    forged = editor.post(
        reverse("wagtailsnippets_officials_task:add"),
        {**base, "owner_team": world.teams["g1121"].pk},
    )
    two = editor.post(
        reverse("wagtailsnippets_officials_task:add"),
        {
            **base,
            "owner_team": world.teams["g1112"].pk,
            "owner_official": world.officials["g1111"].pk,
        },
    )
    assert forged.status_code == 200 and "选择一个有效的选项" in forged.content.decode()
    assert "一名年轻干部" in two.content.decode() or "一个" in two.content.decode()
    assert not Task.objects.filter(title="清理楼顶杂物").exists()


def test_a_need_form_refuses_a_forged_grid(editor, world):
    answer = editor.post(
        reverse("wagtailsnippets_officials_need:add"),
        {
            "title": "伪造",
            "grid": world.nodes["g1121"].pk,
            "source": "typed",
            "collected_on": "2026-11-20",
        },
    )
    assert answer.status_code == 200 and "选择一个有效的选项" in answer.content.decode()
    assert not Need.objects.filter(title="伪造").exists()


def test_a_project_refuses_a_forged_need_and_claimant(editor, world):
    answer = editor.post(
        reverse("wagtailsnippets_officials_project:add"),
        {
            "title": "伪造项目",
            "grid": world.nodes["c111"].pk,
            "claimed_by_official": world.officials["g1121"].pk,
            "claimed_by_team": "",
            "claimed_on": "2026-11-23",
            "problem": "问题",
            "goal": "目标",
            "needs": [world.needs["g1121"].pk],
            **milestones([]),
        },
    )
    text = answer.content.decode()
    assert (
        answer.status_code == 200
        and text.count("选择一个有效的选项") + text.count("不是可用的选项") >= 1
    )
    assert not Project.objects.filter(title="伪造项目").exists()
