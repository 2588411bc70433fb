"""Scores computed from the records under rules kept as data, with a fixed clock."""

import datetime
from decimal import Decimal

import pytest

from governance.care.factories import add_to_group, make_resident, make_visit
from governance.officials.factories import make_manual_score, make_official, make_rule
from governance.officials.models import Duty, DutyLog, ScoreBasis, ScoringRule
from governance.officials.services import scoring, workflow
from governance.periods import Period
from tests.governance.care.ledger_world import at
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def records_of_2025(monkeypatch):
    """The records below are dated 2025: the clock stands at the end of it, so needs are
    entered within the year (a test may move the clock on)."""
    monkeypatch.setattr(workflow, "today", lambda: datetime.date.fromisoformat("2025-10-31"))


OCTOBER = Period.month(2025, 10)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def rules():
    # This test's own rules stand in for the defaults the data migration wrote.
    ScoringRule.objects.all().delete()
    return {
        "visit": make_rule(ScoreBasis.VISIT, "2", name="走访"),
        "need": make_rule(ScoreBasis.NEED, "3", name="收集需求"),
        "task": make_rule(ScoreBasis.TASK_ON_TIME, "5", name="按期办结"),
        "milestone": make_rule(ScoreBasis.MILESTONE, "4", name="项目节点"),
        "mediation": make_rule(
            ScoreBasis.DUTY, "1", name="矛盾调解", duty=Duty.MEDIATION, monthly_cap=Decimal("2")
        ),
        "manual": make_rule(ScoreBasis.MANUAL, "10", name="群众评价"),
    }


@pytest.fixture
def clock(monkeypatch):
    def set_today(day: str):
        monkeypatch.setattr(workflow, "today", lambda: datetime.date.fromisoformat(day))

    return set_today


def october_score(official) -> Decimal:
    evaluation = scoring.evaluation_for(official, OCTOBER)
    return evaluation.month_total(datetime.date(2025, 10, 1))


def test_a_need_from_a_visit_becomes_a_task_then_a_project_and_the_score_follows(
    world, rules, clock
):
    grid, editor = world.nodes["g1111"], world.users["community_editor"]
    official = make_official(grid, user=world.users["grid_worker"])
    resident = make_resident(grid=grid)
    add_to_group(resident)
    assert october_score(official) == 0

    visit = make_visit(resident, by=official.user, at=at("2025-10-09"), needs="想装扶手")
    assert october_score(official) == 2  # one visit

    need = workflow.need_from_visit(by=editor, visit=visit, title="楼道加装扶手")
    assert october_score(official) == 2 + 3  # and one need collected

    clock("2025-10-09")
    task = workflow.need_to_task(by=editor, need=need, owner=official, working_days=3)
    # Saturday 11 October 2025 was a make-up working day (调休).
    assert task.due_on == datetime.date(2025, 10, 13)
    assert october_score(official) == 5  # a task not yet done scores nothing

    clock("2025-10-13")
    workflow.task_finish(by=official.user, task=task, result="扶手已装好")
    assert october_score(official) == 5 + 5  # closed on time

    project = workflow.project_claim(
        by=editor,
        grid=grid,
        title="适老化改造",
        problem="老楼无扶手",
        goal="全楼装扶手",
        claimant=official,
        milestones=[("第一栋", datetime.date(2025, 10, 20))],
        needs=[need],
        tasks=[task],
    )
    clock("2025-10-20")
    workflow.milestone_reach(by=editor, milestone=project.milestones.get())
    assert october_score(official) == 10 + 4
    assert list(need.projects.all()) == [project] and list(task.projects.all()) == [project]

    for day in (3, 4, 5):  # three mediations, capped at 2 points a month
        DutyLog.objects.create(
            official=official,
            grid=grid,
            duty=Duty.MEDIATION,
            done_on=datetime.date(2025, 10, day),
            note="调解邻里纠纷",
        )
    DutyLog.objects.create(
        official=official,
        grid=grid,
        duty=Duty.POLICY,
        done_on=datetime.date(2025, 10, 6),
        note="宣讲",
    )
    assert october_score(official) == 14 + 2

    make_manual_score(official, rules["manual"], datetime.date(2025, 10, 15), points="8")
    assert october_score(official) == 16 + 8


def test_a_task_closed_late_scores_nothing(world, rules, clock):
    grid, editor = world.nodes["g1111"], world.users["community_editor"]
    official = make_official(grid, user=world.users["grid_worker"])
    need = workflow.need_record(
        by=editor,
        grid=grid,
        title="t",
        collected_by=official,
        collected_on=datetime.date(2025, 9, 1),
    )
    clock("2025-10-09")
    task = workflow.need_to_task(by=editor, need=need, owner=official, working_days=3)
    clock("2025-10-20")
    workflow.task_finish(by=editor, task=task, result="迟了")
    assert october_score(official) == 0


def test_merged_needs_do_not_score_twice(world, rules):
    grid, editor = world.nodes["g1111"], world.users["community_editor"]
    official = make_official(grid)
    day = datetime.date(2025, 10, 2)
    first = workflow.need_record(
        by=editor, grid=grid, title="a", collected_by=official, collected_on=day
    )
    repeat = workflow.need_record(
        by=editor, grid=grid, title="b", collected_by=official, collected_on=day
    )
    workflow.need_merge(by=editor, need=repeat, into=first)
    assert october_score(official) == 3


def test_a_quarter_is_the_sum_of_its_months_and_rules_are_data(world, rules):
    grid = world.nodes["g1111"]
    official = make_official(grid, user=world.users["grid_worker"])
    resident = make_resident(grid=grid)
    for day in ("2025-07-03", "2025-08-03", "2025-08-04", "2025-09-30"):
        make_visit(resident, by=official.user, at=at(day, hour=23))
    quarter = scoring.evaluation_for(official, Period.quarter(2025, 3))
    assert [quarter.month_total(m) for m in quarter.months] == [2, 4, 2]
    assert quarter.total == 8
    visits_line = next(line for line in quarter.by_rule() if line.rule == rules["visit"])
    assert (visits_line.count, visits_line.points) == (4, 8)

    rules["visit"].points = Decimal("1.5")
    rules["visit"].save()
    assert scoring.evaluation_for(official, Period.quarter(2025, 3)).total == 6


def test_the_leaderboard_ranks_a_streets_officials_and_shares_ties(
    world, rules, django_assert_max_num_queries
):
    street = world.nodes["s11"]
    day = datetime.date(2025, 10, 2)
    editor = world.users["street_editor"]
    scores = {"甲": 2, "乙": 1, "丙": 2, "丁": 0}
    for name, needs in scores.items():
        official = make_official(world.nodes["g1111"], name=name)
        for n in range(needs):
            workflow.need_record(
                by=editor,
                grid=world.nodes["g1111"],
                title=f"{name}{n}",
                collected_by=official,
                collected_on=day,
            )
    make_official(world.nodes["c121"], name="外街")  # another street

    with django_assert_max_num_queries(10):
        board = scoring.leaderboard(street.path, OCTOBER)

    assert [
        (row.rank, row.evaluation.official.person.name, row.evaluation.total) for row in board
    ] == [
        (1, "丙", 6),
        (1, "甲", 6),
        (3, "乙", 3),
        (4, "丁", 0),
    ]


def test_declined_needs_do_not_score(world, rules):
    grid, editor = world.nodes["g1111"], world.users["community_editor"]
    official = make_official(grid)
    day = datetime.date(2025, 10, 2)
    kept = workflow.need_record(
        by=editor, grid=grid, title="a", collected_by=official, collected_on=day
    )
    junk = workflow.need_record(
        by=editor, grid=grid, title="b", collected_by=official, collected_on=day
    )
    workflow.need_decline(by=editor, need=junk, reason="不属实")
    assert kept.pk and october_score(official) == 3
