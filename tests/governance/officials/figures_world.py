"""Needs, tasks and projects in the second quarter of 2026 (and a few just outside it) over the
permission world's tree: what the figures, the API, the dashboard and the PDF block count.

Under 一街道 (s11), 2026-Q2: 5 needs (1 declined, 2 awaiting triage), 4 tasks (2 done, 1 of
them on time, 1 overdue; a cancelled one left out), 2 projects (1 done; a dropped one left out).
华府社区 (c111) holds 4 needs, 3 tasks and 1 project of those; 邻居社区 (c112) the rest.
"""

import datetime

from django.utils import timezone

from governance.officials.factories import make_need, make_project, make_task
from governance.officials.models import NeedStatus, ProjectStatus, TaskStatus
from tests.governance.permission_world import build_world

day = datetime.date.fromisoformat


def build_lists_world():
    world = build_world()
    n = world.nodes
    today = timezone.localdate()
    # Needs, of every status: all count where and when they were collected.
    make_need(n["g1111"], collected_on=day("2026-04-03"))
    make_need(
        n["g1111"],
        collected_on=day("2026-04-10"),
        status=NeedStatus.DECLINED,
        decline_reason="不属于社区职责",
    )
    make_need(n["g1111"], collected_on=day("2026-05-01"), status=NeedStatus.TASKED)
    make_need(n["c111"], collected_on=day("2026-04-20"))  # at the community itself
    make_need(n["g1121"], collected_on=day("2026-06-30"), status=NeedStatus.MERGED)
    make_need(n["g1111"], collected_on=day("2026-03-31"))  # before the quarter
    make_need(n["g1111"], collected_on=day("2026-07-01"))  # after it
    make_need(n["s21"], collected_on=day("2026-04-05"))  # another district
    # Tasks: done on time, done late, overdue, open, cancelled.
    make_task(
        n["g1111"],
        created_on=day("2026-04-02"),
        due_on=day("2026-04-10"),
        status=TaskStatus.DONE,
        done_on=day("2026-04-08"),
    )
    make_task(
        n["g1111"],
        created_on=day("2026-04-15"),
        due_on=day("2026-05-01"),
        status=TaskStatus.DONE,
        done_on=day("2026-05-20"),
    )
    make_task(n["g1112"], created_on=day("2026-05-10"), due_on=today - datetime.timedelta(days=1))
    make_task(n["g1121"], created_on=day("2026-06-01"), due_on=today + datetime.timedelta(days=10))
    make_task(
        n["g1121"],
        created_on=day("2026-06-02"),
        due_on=day("2026-06-20"),
        status=TaskStatus.CANCELLED,
    )
    make_task(n["g1111"], created_on=day("2026-07-01"), due_on=day("2026-07-20"))
    # Projects: done, under way, dropped.
    make_project(
        n["g1111"],
        title="楼道照明改造",
        claimed_on=day("2026-04-05"),
        status=ProjectStatus.DONE,
        finished_on=day("2026-06-01"),
    )
    make_project(n["c112"], title="小区停车治理", claimed_on=day("2026-05-05"))
    make_project(
        n["g1112"],
        title="屋顶花园",
        claimed_on=day("2026-05-06"),
        status=ProjectStatus.DROPPED,
    )
    return world
