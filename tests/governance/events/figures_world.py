"""A hand-built set of events with figures worked out by hand, for the figures' tests.

Seven events in 测试区 (the `tree` fixture), moved with the workflow on the `clock`:

    e7 October, 测试1-1社区1号网格: accepted and resolved (outside November's figures)
    e1 测试1-1社区1号网格 市容环境: accepted 09:00, resolved 11:00 by the worker, rated 5 → closed
    e2 测试1-1社区1号网格 市容环境: accepted 09:00, up 11:00, resolved 15:00, rated 2 → closed
    e3 测试1-1社区2号网格 消防安全: accepted, assigned to the worker → in progress
    e4 测试1-2社区1号网格 市容环境: waiting
    e5 测试1-2社区1号网格 消防安全: not accepted
    e6 测试2-1社区1号网格 市容环境: accepted 09:00, resolved ten days late (3 Dec 15:00)

November in the district: 6 reported, 4 accepted, 3 resolved (2 on the spot, 1 along the
loop), 2 in time, 2 rated, 1 satisfied; 办结率 3/4, 及时率 2/3, 满意率 1/2; handling hours
2, 6 and 246, 84.7 on average.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from governance.events.factories import make_category, make_event
from governance.events.services import workflow
from governance.models import AccessRole, Assignment


@dataclass
class FiguresWorld:
    tree: dict
    events: dict
    worker: object
    admin: object
    categories: dict


def build_figures_world(tree, clock, admin, django_user_model) -> FiguresWorld:
    community = tree["community"][0]
    worker = django_user_model.objects.create_user("figures_worker", password="pw-w-123!")
    worker.is_staff = True
    worker.save()
    Assignment.objects.create(user=worker, grid=community, role=AccessRole.GRID_WORKER)
    city = make_category("市容环境", code="city")
    fire = make_category("消防安全", code="fire")
    g0, g1, g2, g4 = (tree["grid"][i] for i in (0, 1, 2, 4))

    november = clock.at
    clock.at = timezone.make_aware(datetime.datetime(2026, 10, 15, 10, 0))
    e7 = make_event(grid=g0, category=city, title="十月事件")
    workflow.event_accept(e7, by=admin)
    workflow.event_resolve(e7, by=admin, result="已处理")
    clock.at = november

    events = {
        "e1": make_event(grid=g0, category=city, title="楼道堆物", reporter_phone="13912345678"),
        "e2": make_event(grid=g0, category=city, title="病树滴油"),
        "e3": make_event(grid=g1, category=fire, title="消防通道堵塞"),
        "e4": make_event(grid=g2, category=city, title="路灯不亮"),
        "e5": make_event(grid=g2, category=fire, title="重复上报"),
        "e6": make_event(grid=g4, category=city, title="危险路口"),
        "e7": e7,
    }
    for name in ("e1", "e2", "e3", "e6"):
        workflow.event_accept(events[name], by=admin)
    workflow.event_assign(events["e3"], by=admin, assignee=worker)
    clock.advance(hours=2)
    workflow.event_resolve(events["e1"], by=worker, result="已清理")
    workflow.event_escalate(events["e2"], by=admin, reason="需社区协调")
    clock.advance(hours=1)
    workflow.event_accept(events["e2"], by=admin)
    clock.advance(hours=3)
    workflow.event_resolve(events["e2"], by=admin, result="已修剪")
    workflow.event_reject(events["e5"], by=admin, reason="不属于受理范围")
    workflow.event_rate(events["e1"], by=admin, rating=5)
    workflow.event_rate(events["e2"], by=admin, rating=2)
    clock.advance(days=10)
    workflow.event_resolve(events["e6"], by=admin, result="已加装信号灯")
    return FiguresWorld(
        tree=tree,
        events=events,
        worker=worker,
        admin=admin,
        categories={"city": city, "fire": fire},
    )
