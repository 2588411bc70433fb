"""The three lists' moves through the services every screen calls."""

import datetime

import pytest

from governance.care.factories import add_to_group, make_resident, make_visit
from governance.factories import VolunteerTeamFactory
from governance.officials.factories import make_need, make_official, make_task
from governance.officials.models import NeedSource, NeedStatus, ProjectStatus, TaskStatus
from governance.officials.services import workflow
from governance.officials.services.workflow import WorkForbidden, WorkRefused
from tests.governance.care.ledger_world import at
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def records_of_2025(monkeypatch):
    """The records below are dated 2025: the clock stands at the end of it, so needs are
    entered within the year (a test may move the clock on)."""
    monkeypatch.setattr(workflow, "today", lambda: datetime.date.fromisoformat("2025-11-30"))


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def editor(world):
    return world.users["community_editor"]


@pytest.fixture
def fixed_today(monkeypatch):
    def set_today(day: str):
        monkeypatch.setattr(workflow, "today", lambda: datetime.date.fromisoformat(day))

    return set_today


def test_a_need_from_a_visit_carries_the_visit_and_its_collector(world, editor):
    grid = world.nodes["g1111"]
    official = make_official(grid, user=world.users["grid_worker"])
    resident = make_resident(grid=grid)
    add_to_group(resident)
    visit = make_visit(
        resident, by=official.user, at=at("2025-09-10"), needs="楼道灯坏了，晚上看不见"
    )

    need = workflow.need_from_visit(by=editor, visit=visit, title="楼道灯维修")

    assert (need.source, need.grid, need.visit) == (NeedSource.VISIT, grid, visit)
    assert need.collected_by == official
    assert need.collected_on == datetime.date(2025, 9, 10)
    assert need.description == "楼道灯坏了，晚上看不见"
    assert resident.name not in need.description
    # A double tap gives the same need back.
    assert workflow.need_from_visit(by=editor, visit=visit, title="楼道灯维修") == need


def test_triage_to_a_task_counts_working_days_across_the_national_day(world, editor, fixed_today):
    grid = world.nodes["g1111"]
    need = make_need(grid)
    owner = make_official(grid)
    fixed_today("2025-09-30")

    task = workflow.need_to_task(by=editor, need=need, owner=owner, working_days=1)

    need.refresh_from_db()
    # 1 to 8 October 2025 were holidays: the first working day after 30 September is the 9th.
    assert task.due_on == datetime.date(2025, 10, 9)
    assert (need.status, need.task, need.triaged_by) == (NeedStatus.TASKED, task, editor)
    assert task.owner_official == owner and task.grid == grid


def test_a_need_is_triaged_once(world, editor):
    need = make_need(world.nodes["g1111"])
    owner = make_official(world.nodes["g1111"])
    workflow.need_decline(by=editor, need=need, reason="属于物业合同约定事项")

    with pytest.raises(WorkRefused, match="已分拣|不予受理"):
        workflow.need_to_task(by=editor, need=need, owner=owner, working_days=5)
    need.refresh_from_db()
    assert need.status == NeedStatus.DECLINED and need.task is None


def test_declining_needs_a_reason(world, editor):
    need = make_need(world.nodes["g1111"])
    with pytest.raises(WorkRefused, match="理由"):
        workflow.need_decline(by=editor, need=need, reason="  ")


def test_a_merged_need_joins_the_task_of_the_need_it_repeats(world, editor):
    grid = world.nodes["g1111"]
    first, repeat = make_need(grid), make_need(grid, title="5号楼楼道灯不亮")
    task = workflow.need_to_task(by=editor, need=first, owner=make_official(grid), working_days=5)

    workflow.need_merge(by=editor, need=repeat, into=first)

    repeat.refresh_from_db()
    assert (repeat.status, repeat.merged_into, repeat.task) == (NeedStatus.MERGED, first, task)


def test_triage_outside_the_scope_is_forbidden(world, editor):
    sibling = world.nodes["g1121"]
    need = make_need(sibling)
    with pytest.raises(WorkForbidden):
        workflow.need_decline(by=editor, need=need, reason="重复")


def test_an_owner_from_outside_the_scope_is_refused(world, editor):
    need = make_need(world.nodes["g1111"])
    stranger = make_official(world.nodes["c121"])
    with pytest.raises(WorkForbidden):
        workflow.need_to_task(by=editor, need=need, owner=stranger, working_days=3)


def test_a_task_needs_one_kind_of_deadline(world, editor):
    need = make_need(world.nodes["g1111"])
    owner = make_official(world.nodes["g1111"])
    with pytest.raises(WorkRefused, match="期限"):
        workflow.need_to_task(by=editor, need=need, owner=owner)


def test_the_owning_official_notes_progress_and_finishes_the_task(world, fixed_today):
    grid = world.nodes["g1111"]
    official = make_official(grid, user=world.users["grid_worker"])
    task = make_task(grid, owner=official, due_on=datetime.date(2025, 10, 9))
    task.created_on = datetime.date(2025, 9, 30)
    task.save()
    fixed_today("2025-10-10")

    workflow.task_add_note(by=official.user, task=task, text="已联系物业")
    workflow.task_finish(
        by=official.user, task=task, result="灯已更换", done_on=datetime.date(2025, 10, 9)
    )

    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.done_in_time
    assert [note.text for note in task.notes.all()] == ["已联系物业"]
    with pytest.raises(WorkRefused, match="完成状态"):
        workflow.task_add_note(by=official.user, task=task, text="again")


def test_an_open_task_past_its_deadline_is_overdue(world):
    task = make_task(world.nodes["g1111"], due_on=datetime.date(2025, 10, 9))
    assert task.is_overdue(datetime.date(2025, 10, 10))
    assert not task.is_overdue(datetime.date(2025, 10, 9))


def test_someone_elses_task_cannot_be_finished_by_a_grid_worker_elsewhere(world):
    task = make_task(world.nodes["g1112"])
    with pytest.raises(WorkForbidden):
        workflow.task_finish(by=world.users["grid_worker"], task=task, result="done")


def test_a_project_claims_needs_and_tasks_and_is_published_when_done(world, editor, fixed_today):
    grid = world.nodes["g1111"]
    official = make_official(grid)
    need = make_need(grid)
    task = workflow.need_to_task(by=editor, need=need, owner=official, working_days=5)
    fixed_today("2025-11-20")

    project = workflow.project_claim(
        by=editor,
        grid=world.nodes["c111"],
        title="老楼照明改造",
        problem="三栋老楼楼道无灯",
        goal="年底前全部装上声控灯",
        claimant=official,
        milestones=[("摸排", datetime.date(2025, 11, 30)), ("安装", datetime.date(2025, 12, 20))],
        needs=[need],
        tasks=[task],
        claimed_on=datetime.date(2025, 11, 1),
    )
    with pytest.raises(WorkRefused, match="已办结"):
        workflow.project_publish(by=editor, project=project)
    workflow.milestone_reach(
        by=editor, milestone=project.milestones.first(), done_on=datetime.date(2025, 11, 18)
    )
    workflow.project_finish(by=editor, project=project, outcome="装灯 48 盏")
    workflow.project_publish(by=editor, project=project)

    project.refresh_from_db()
    assert project.status == ProjectStatus.DONE and project.is_public
    assert list(project.needs.all()) == [need] and list(project.tasks.all()) == [task]
    assert project.finished_on == datetime.date(2025, 11, 20)


def test_a_project_cannot_cover_needs_from_elsewhere(world, editor):
    elsewhere = make_need(world.nodes["g1112"])
    with pytest.raises(WorkRefused, match="不在"):
        workflow.project_claim(
            by=editor,
            grid=world.nodes["g1111"],
            title="t",
            problem="p",
            goal="g",
            claimant=VolunteerTeamFactory(grid=world.nodes["g1111"]),
            needs=[elsewhere],
        )


# Found by an outside try: a young official (a grid worker on his grid) farmed points by
# triaging his own needs into one-day tasks he then closed.


def test_a_grid_worker_cannot_triage_even_on_his_own_grid(world):
    grid = world.nodes["g1111"]
    official = make_official(grid, user=world.users["grid_worker"])
    need = workflow.need_record(by=official.user, grid=grid, title="自己录入的需求")
    with pytest.raises(WorkForbidden, match="编辑人员"):
        workflow.need_to_task(by=official.user, need=need, owner=official, working_days=1)
    need.refresh_from_db()
    assert need.status == NeedStatus.NEW


def test_need_dates_stay_within_the_past_year(world, editor, fixed_today):
    fixed_today("2025-10-10")
    grid = world.nodes["g1111"]
    with pytest.raises(WorkRefused, match="晚于今天"):
        workflow.need_record(
            by=editor, grid=grid, title="t", collected_on=datetime.date(2099, 1, 1)
        )
    with pytest.raises(WorkRefused, match="不能再录入"):
        workflow.need_record(
            by=editor, grid=grid, title="t", collected_on=datetime.date(1900, 1, 1)
        )


def test_a_task_is_due_within_a_year(world, editor):
    need = make_need(world.nodes["g1111"])
    owner = make_official(world.nodes["g1111"])
    with pytest.raises(WorkRefused, match="攻坚项目"):
        workflow.need_to_task(by=editor, need=need, owner=owner, due_on=datetime.date(9999, 12, 31))
