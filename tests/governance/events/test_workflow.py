"""The event state machine, through its service functions."""

import datetime

import pytest
from django.utils import timezone

from governance.events.factories import DepartmentFactory, make_category, make_event
from governance.events.models import (
    CategoryTimeLimit,
    EventMove,
    EventState,
    HandlingLevel,
    LadderStep,
    MoveAction,
    TimeUnit,
    WorkdayOverride,
)
from governance.events.services import workflow
from governance.events.services.workflow import MoveForbidden, MoveRefused
from governance.events.workdays import WorkingCalendar, deadline_after
from tests.governance.events.admin_helpers import ANALYST, COMMUNITY, STREET, WORKER
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


def local(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def reported(world, clock):
    return make_event(grid=world.nodes["g1111"], by=world.users[WORKER], title="消防通道堵塞")


def test_report__numbered_by_day_waiting_at_its_grid_with_a_working_day_clock(world, clock):
    first = make_event(grid=world.nodes["g1111"], by=world.users[WORKER])
    second = make_event(grid=world.nodes["g1112"], by=world.users[COMMUNITY])

    assert (first.number, second.number) == ("SJ20261123-0001", "SJ20261123-0002")
    assert first.state == EventState.PENDING
    assert first.handling_grid == world.nodes["g1111"]
    # A grid has two working days by default: to the end of Wednesday.
    assert first.deadline == local(2026, 11, 25, 23, 59, 59)
    assert list(first.moves.values_list("action", flat=True)) == [MoveAction.REPORT]


def test_report__outside_the_reporters_grids_is_forbidden(world, clock):
    with pytest.raises(MoveForbidden):
        make_event(grid=world.nodes["g1121"], by=world.users[WORKER])


def test_resolved_where_accepted__counts_as_handled_on_the_spot(world, reported, clock):
    worker = world.users[WORKER]
    workflow.event_accept(reported, by=worker)
    clock.advance(hours=3)
    workflow.event_resolve(reported, by=worker, result="已清理")

    reported.refresh_from_db()
    assert reported.state == EventState.RESOLVED
    assert reported.accepted_level == HandlingLevel.GRID
    assert reported.handled_on_the_spot and reported.resolved_in_time


def test_passed_up_the_ladder__resolved_by_the_street_counts_as_closed_loop(world, reported, clock):
    workflow.event_escalate(reported, by=world.users[WORKER], reason="需社区协调")
    assert reported.handling_grid == world.nodes["c111"]
    assert reported.state == EventState.PENDING
    # The clock starts again: a community has three working days.
    assert reported.deadline == local(2026, 11, 26, 23, 59, 59)

    workflow.event_escalate(reported, by=world.users[COMMUNITY], reason="需街道协调")
    street = world.users[STREET]
    workflow.event_accept(reported, by=street)
    workflow.event_resolve(reported, by=street, result="已修复")

    reported.refresh_from_db()
    assert reported.escalated and not reported.handled_on_the_spot
    moves = list(reported.moves.values_list("action", "from_node", "to_node"))
    assert moves[1:3] == [
        (MoveAction.ESCALATE, "华府1号网格", "华府社区"),
        (MoveAction.ESCALATE, "华府社区", "一街道"),
    ]


def test_moves_at_a_node_outside_the_scope_are_forbidden_and_change_nothing(world, reported, clock):
    workflow.event_escalate(reported, by=world.users[WORKER], reason="需社区协调")
    version = reported.version

    with pytest.raises(MoveForbidden):
        workflow.event_accept(reported, by=world.users[WORKER])
    with pytest.raises(MoveForbidden):
        workflow.event_accept(reported, by=world.users[ANALYST])

    reported.refresh_from_db()
    assert reported.version == version and reported.state == EventState.PENDING


def test_a_move_the_state_does_not_allow_is_refused_in_chinese(world, reported, clock):
    with pytest.raises(MoveRefused, match="待受理") as refused:
        workflow.event_resolve(reported, by=world.users[WORKER], result="已办")
    assert refused.value.status_code == 409
    assert reported.moves.count() == 1


def test_a_move_on_a_stale_copy_is_refused(world, reported, clock):
    stale = type(reported).objects.get(pk=reported.pk)
    workflow.event_accept(reported, by=world.users[WORKER])

    with pytest.raises(MoveRefused, match="刚刚"):
        workflow.event_reject(stale, by=world.users[COMMUNITY], reason="不属实")
    assert EventMove.objects.filter(action=MoveAction.REJECT).count() == 0


def test_reasons_are_required(world, reported, clock):
    with pytest.raises(MoveRefused):
        workflow.event_reject(reported, by=world.users[WORKER], reason="   ")
    with pytest.raises(MoveRefused):
        workflow.event_escalate(reported, by=world.users[WORKER], reason="")


def test_top_of_the_ladder__sent_to_a_department_which_returns_it(world, reported, clock):
    for role in (WORKER, COMMUNITY):
        workflow.event_escalate(reported, by=world.users[role], reason="上报")
    street = world.users[STREET]
    with pytest.raises(MoveRefused, match="部门"):
        workflow.event_escalate(reported, by=street, reason="上报")

    officer = world.users[ANALYST]
    department = DepartmentFactory(district=world.nodes["d1"], name="城管局")
    department.members.add(officer)
    other = DepartmentFactory(district=world.nodes["d2"], name="别区城管")
    with pytest.raises(MoveRefused):
        workflow.event_send_to_department(reported, by=street, department=other, reason="执法")

    workflow.event_send_to_department(reported, by=street, department=department, reason="执法")
    assert reported.handling_department == department
    assert MoveAction.ACCEPT in workflow.available_moves(officer, reported)
    assert workflow.may_see(officer, reported)

    workflow.event_return(reported, by=officer, reason="不属于本部门职责")
    assert reported.handling_grid == world.nodes["s11"]
    assert reported.handling_department is None


def test_send_down__only_below_and_on_the_way_to_the_event(world, reported, clock):
    workflow.event_escalate(reported, by=world.users[WORKER], reason="上报")
    workflow.event_escalate(reported, by=world.users[COMMUNITY], reason="上报")
    street = world.users[STREET]

    with pytest.raises(MoveRefused):
        workflow.event_send_down(reported, by=street, target=world.nodes["c112"])
    workflow.event_send_down(reported, by=street, target=world.nodes["g1111"], note="请网格处置")
    assert reported.handling_grid == world.nodes["g1111"]
    assert reported.state == EventState.PENDING


def test_assign__only_to_someone_who_can_handle_it(world, reported, clock):
    worker = world.users[WORKER]
    workflow.event_accept(reported, by=worker)
    with pytest.raises(MoveRefused):
        workflow.event_assign(reported, by=worker, assignee=world.users[ANALYST])
    workflow.event_assign(reported, by=world.users[COMMUNITY], assignee=worker)
    assert reported.state == EventState.IN_PROGRESS and reported.assignee == worker


def test_rating_closes__reopening_only_within_the_window(world, reported, clock, settings):
    settings.EVENT_REOPEN_DAYS = 7
    worker = world.users[WORKER]
    workflow.event_accept(reported, by=worker)
    workflow.event_resolve(reported, by=worker, result="已清理")
    workflow.event_rate(reported, by=worker, rating=5)
    assert reported.state == EventState.CLOSED
    with pytest.raises(MoveRefused):
        workflow.event_rate(reported, by=worker, rating=1)

    clock.advance(days=2)
    workflow.event_reopen(reported, by=worker, reason="又堆上了")
    assert reported.state == EventState.ACCEPTED and reported.reopened_count == 1
    assert reported.rating is None

    workflow.event_resolve(reported, by=worker, result="再次清理")
    clock.advance(days=8)
    with pytest.raises(MoveRefused, match="7"):
        workflow.event_reopen(reported, by=worker, reason="又堆上了")
    assert MoveAction.REOPEN not in workflow.available_moves(worker, reported)


def test_duplicates_point_at_the_original(world, reported, clock):
    worker = world.users[WORKER]
    second = make_event(grid=world.nodes["g1111"], by=worker, title="消防通道又堵了")
    third = make_event(grid=world.nodes["g1111"], by=worker, title="消防通道堵")

    with pytest.raises(MoveRefused):
        workflow.event_mark_duplicate(second, by=worker, original=second)
    workflow.event_mark_duplicate(second, by=worker, original=reported)
    workflow.event_mark_duplicate(third, by=worker, original=second)

    assert second.state == EventState.DUPLICATE
    assert third.duplicate_of == reported


def test_on_the_spot_quick_note__reported_accepted_and_resolved_at_once(world, clock):
    worker = world.users[WORKER]
    event = workflow.event_report_resolved_on_the_spot(
        by=worker,
        grid=world.nodes["g1111"],
        category=make_category(),
        title="井盖松动",
        result="已当场固定",
    )
    assert event.state == EventState.RESOLVED and event.handled_on_the_spot
    assert [m.action for m in event.moves.all()] == [
        MoveAction.REPORT,
        MoveAction.ACCEPT,
        MoveAction.RESOLVE,
    ]


def test_each_district_sets_its_ladder(world, clock):
    district = world.nodes["d1"]
    LadderStep.objects.create(district=district, level=HandlingLevel.COMMUNITY, amount=4)
    LadderStep.objects.create(
        district=district, level=HandlingLevel.STREET, amount=12, unit=TimeUnit.HOURS
    )

    event = make_event(grid=world.nodes["g1111"])
    assert event.handling_grid == world.nodes["c111"]

    workflow.event_escalate(event, by=world.users[COMMUNITY], reason="上报")
    assert event.handling_grid == world.nodes["s11"]
    assert event.deadline == clock() + datetime.timedelta(hours=12)


def test_category_time_limit_wins_over_the_ladder(world, clock):
    category = make_category("消防安全")
    CategoryTimeLimit.objects.create(
        category=category, level=HandlingLevel.GRID, amount=2, unit=TimeUnit.HOURS
    )
    event = make_event(grid=world.nodes["g1111"], category=category)
    assert event.deadline == clock() + datetime.timedelta(hours=2)
    clock.advance(hours=3)
    assert event.is_overdue(clock())


def test_late_resolution_is_not_in_time(world, reported, clock):
    worker = world.users[WORKER]
    workflow.event_accept(reported, by=worker)
    clock.advance(days=5)
    workflow.event_resolve(reported, by=worker, result="已清理")
    assert reported.resolved_in_time is False


def test_working_days_follow_the_prc_calendar_and_its_corrections(db):
    calendar = WorkingCalendar()
    # National Day 2026: 1–7 October off, Saturday 10 October a make-up workday.
    assert calendar.add_workdays(datetime.date(2026, 9, 30), 3) == datetime.date(2026, 10, 10)
    start = local(2026, 9, 30, 15, 0)
    assert deadline_after(start, 3, TimeUnit.WORKDAYS) == local(2026, 10, 10, 23, 59, 59)

    WorkdayOverride.objects.create(date=datetime.date(2026, 10, 9), is_workday=False, note="测试")
    assert WorkingCalendar().add_workdays(datetime.date(2026, 9, 30), 3) == datetime.date(
        2026, 10, 12
    )


def test_years_the_package_does_not_know_fall_back_to_weekdays_and_the_table(db):
    calendar = WorkingCalendar()
    friday = datetime.date(2099, 1, 2)
    assert calendar.add_workdays(friday, 1) == datetime.date(2099, 1, 5)
    WorkdayOverride.objects.create(date=datetime.date(2099, 1, 3), is_workday=True)
    assert WorkingCalendar().add_workdays(friday, 1) == datetime.date(2099, 1, 3)


def test_visible_events__reported_here_or_held_here(world, reported, clock):
    workflow.event_escalate(reported, by=world.users[WORKER], reason="上报")
    assert workflow.may_see(world.users[WORKER], reported)
    assert workflow.may_see(world.users[STREET], reported)
    outsider = make_event(grid=world.nodes["g1121"])
    assert not workflow.may_see(world.users[WORKER], outsider)
    assert workflow.may_see(world.users[COMMUNITY], reported)
