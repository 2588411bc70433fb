"""The demo's events: a category tree, 二七区's departments and ladder, and six months of events.

Every event is made through the workflow's own moves, each at its moment in the past on the
workflow's clock (`workflow.clock_at`), so the timelines, deadlines and figures are the ones real
use would leave. Proportions follow the seeds: 412 solved = 335 on the spot + 77 along the loop,
so about one in five is passed up; some run late, a few are reopened, most are rated.

Idempotent: categories, departments and the ladder are looked up by their keys; the history is
written once — when the demo tree already holds events, a second run (even days later, when "six
months back" would mean other dates) adds none.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.events.models import (
    Department,
    Event,
    EventCategory,
    HandlingLevel,
    LadderStep,
    TimeUnit,
)
from governance.events.services import workflow
from governance.groups import ensure_staff_groups
from governance.models import Grid, GridLevel
from governance.permissions import CHANGE, scope_for

User = get_user_model()

# (name, code, [(child name, child code, [titles])])
CATEGORIES = [
    (
        "市容环境",
        "city",
        [
            ("行道树病虫害", "city-trees", ["行道树病虫害滴油", "行道树枯枝悬挂"]),
            ("占道经营", "city-stalls", ["流动摊贩占道经营", "店外占道堆放货物"]),
            ("垃圾清运", "city-waste", ["垃圾桶满溢未清运", "建筑垃圾乱倒"]),
        ],
    ),
    (
        "消防安全",
        "fire",
        [
            ("消防通道", "fire-exits", ["消防通道堵塞", "消防车通道停放车辆"]),
            ("楼道堆物", "fire-stairwells", ["楼道堆物", "楼道堆放纸箱杂物"]),
            ("电动车充电", "fire-ebikes", ["电动车楼道充电", "飞线充电"]),
        ],
    ),
    (
        "治安",
        "security",
        [
            ("交通安全", "security-traffic", ["路口安全隐患", "路口信号灯故障"]),
            ("治安隐患", "security-risks", ["小区门禁损坏", "夜间可疑人员徘徊"]),
        ],
    ),
    (
        "矛盾纠纷",
        "disputes",
        [
            ("邻里纠纷", "disputes-neighbours", ["楼上漏水引发邻里纠纷", "噪音扰民"]),
            ("物业纠纷", "disputes-property", ["物业费争议", "物业维修不及时"]),
        ],
    ),
    (
        "设施维修",
        "repairs",
        [
            ("供水供电", "repairs-utilities", ["停水", "单元楼停电"]),
            ("道路设施", "repairs-roads", ["路面塌陷", "井盖缺失", "路灯不亮"]),
        ],
    ),
    (
        "民生诉求",
        "welfare",
        [
            ("养老服务", "welfare-elderly", ["独居老人需助餐", "高龄补贴咨询"]),
            ("就业帮扶", "welfare-jobs", ["失业人员求职登记", "灵活就业社保咨询"]),
        ],
    ),
]

DESCRIPTIONS = {
    "消防通道堵塞": "小区东门消防通道被私家车和共享单车堵塞，消防车无法通行。",
    "停水": "单元楼自昨晚起停水，居民生活受影响，未见停水通知。",
    "行道树病虫害滴油": "人行道旁国槐生蚜虫，树下持续滴油，路面和车辆被污染。",
    "楼道堆物": "楼道内堆放旧家具和纸箱，占用疏散通道，存在火灾隐患。",
    "路口安全隐患": "路口无减速带，视线被绿化遮挡，上下学时段车辆人流交织。",
}

DEMO_DISTRICT = "410103"  # 二七区: the demo users' district
DEPARTMENTS = ["城管", "住建", "公安", "市场监管"]
# Department members: a demo user of their own, and the district administrator.
DEPARTMENT_MEMBERS = {"城管": ["erqi_chengguan"], "住建": ["erqi_admin"]}
DEPARTMENT_USERS = [("erqi_chengguan", "二七区城管队员")]
LADDER = [
    (HandlingLevel.GRID, 2, TimeUnit.WORKDAYS),
    (HandlingLevel.COMMUNITY, 3, TimeUnit.WORKDAYS),
    (HandlingLevel.STREET, 5, TimeUnit.WORKDAYS),
    (HandlingLevel.DEPARTMENT, 5, TimeUnit.WORKDAYS),
]
HISTORY_EVENTS = 320
HISTORY_DAYS = 182


def seed_categories() -> dict[str, list[tuple[EventCategory, str]]]:
    """The category tree; returns each leaf with the titles events of its kind get."""
    existing = {category.code: category for category in EventCategory.objects.all()}
    leaves = {}
    for name, code, children in CATEGORIES:
        root = existing.get(code) or EventCategory.add_root(
            instance=EventCategory(name=name, code=code)
        )
        for child_name, child_code, titles in children:
            child = existing.get(child_code)
            if child is None:
                child = root.add_child(instance=EventCategory(name=child_name, code=child_code))
                root.refresh_from_db()
            leaves[child_code] = (child, titles)
    return leaves


def seed_departments(password: str) -> list[Department]:
    district = Grid.objects.get(code=DEMO_DISTRICT)
    staff, _admins = ensure_staff_groups()
    for username, display_name in DEPARTMENT_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": display_name, "is_staff": True}
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(staff)
    departments = []
    for name in DEPARTMENTS:
        department, _created = Department.objects.get_or_create(district=district, name=name)
        members = User.objects.filter(username__in=DEPARTMENT_MEMBERS.get(name, []))
        department.members.add(*members)
        departments.append(department)
    for level, amount, unit in LADDER:
        LadderStep.objects.get_or_create(
            district=district, level=level, defaults={"amount": amount, "unit": unit}
        )
    return departments


@dataclass
class Cast:
    """Who makes the moves: the nearest demo user who may handle a node, else the admin."""

    admin: object
    handlers: list  # (path, user), deepest first
    department_members: dict

    def at(self, event: Event):
        if event.handling_department_id:
            members = self.department_members.get(event.handling_department_id)
            return members[0] if members else self.admin
        for path, user in self.handlers:
            if event.handling_path.startswith(path):
                return user
        return self.admin


def make_cast(admin) -> Cast:
    handlers = []
    for user in User.objects.filter(is_active=True, grid_assignments__isnull=False).distinct():
        for path in scope_for(user).paths_for(CHANGE):
            handlers.append((path, user))
    handlers.sort(key=lambda pair: -len(pair[0]))
    members = {}
    for department in Department.objects.prefetch_related("members"):
        members[department.pk] = list(department.members.all())
    return Cast(admin=admin, handlers=handlers, department_members=members)


class Story:
    """One event's life, told move by move at moments after its report."""

    def __init__(self, cast: Cast, rng: random.Random, reported_at: datetime.datetime):
        self.cast, self.rng, self.at = cast, rng, reported_at

    def later(self, low_hours: float, high_hours: float) -> datetime.datetime:
        self.at += datetime.timedelta(hours=self.rng.uniform(low_hours, high_hours))
        return self.at

    def move(self, function, event, **arguments):
        with workflow.clock_at(self.at):
            return function(event, by=self.cast.at(event), **arguments)


def work_hours(rng: random.Random, day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(8, 18), rng.randint(0, 59)))
    return timezone.make_aware(moment)


def report(cast, grid, category, title, at, **fields) -> Event:
    with workflow.clock_at(at):
        probe = Event(handling_path=workflow.first_handler(grid).path, handling_level=grid.level)
        return workflow.event_report(
            by=cast.at(probe),
            grid=grid,
            category=category,
            title=title,
            description=DESCRIPTIONS.get(title, ""),
            address=f"{grid.name}{rng_building(grid, title)}号楼",
            check_scope=False,
            **fields,
        )


def rng_building(grid: Grid, title: str) -> int:
    return random.Random(f"{grid.code}{title}").randint(1, 30)


RESULTS = ["已现场处置完毕", "已协调物业清理", "已联系责任单位整改", "已调解，双方达成一致"]


def tell_history(story: Story, event: Event, departments: list[Department]) -> None:
    """Accepted, maybe passed up, resolved (sometimes late), then rated or closed by the clock."""
    rng = story.rng
    story.move(workflow.event_accept, event)
    late = rng.random() < 0.08
    # One in five is passed up: 412 = 335 on the spot + 77 along the loop.
    if rng.random() < 0.26:
        story.later(2, 30)
        story.move(workflow.event_escalate, event, reason="超出网格处置能力，需上级协调")
        story.later(1, 20)
        story.move(workflow.event_accept, event)
        if rng.random() < 0.45 and workflow.next_grid_up(event) is not None:
            story.later(4, 40)
            story.move(workflow.event_escalate, event, reason="需街道统筹协调")
            story.later(1, 10)
            story.move(workflow.event_accept, event)
            ours = [d for d in departments if event.grid_path.startswith(d.district.path)]
            if ours and rng.random() < 0.5 and workflow.may_send_to_department(event):
                story.later(2, 20)
                story.move(
                    workflow.event_send_to_department,
                    event,
                    department=rng.choice(ours),
                    reason="需职能部门执法处置",
                )
                story.later(1, 12)
                story.move(workflow.event_accept, event)
    if late:
        story.at = max(story.at, event.deadline) + datetime.timedelta(hours=rng.uniform(6, 60))
    else:
        story.later(1, 30)
    story.move(workflow.event_resolve, event, result=rng.choice(RESULTS))
    if rng.random() < 0.04:
        story.later(10, 60)
        story.move(workflow.event_reopen, event, reason="居民反映问题反复，重新处置")
        story.later(4, 40)
        story.move(workflow.event_resolve, event, result="已复查并彻底整改")
    if rng.random() < 0.85:
        story.later(2, 72)
        rating = rng.choices([5, 4, 3, 2], weights=[60, 28, 9, 3])[0]
        story.move(workflow.event_rate, event, rating=rating)
    else:
        # Nobody rated it: the deadlines pass closes it after EVENT_AUTO_CLOSE_DAYS.
        story.at = event.resolved_at + datetime.timedelta(days=7, minutes=5)
        with workflow.clock_at(story.at):
            workflow.event_close(event, by=None, note="办结后 7 天内未评价，系统自动关闭。")


def seed_open_events(cast, leaves, now) -> None:
    """A few open now, at the demo users' own nodes: their inboxes are not empty."""
    huafu_5 = Grid.objects.get(name="华府社区5号网格")
    huafu_3 = Grid.objects.get(name="华府社区3号网格")
    fire, stairwells = leaves["fire-exits"][0], leaves["fire-stairwells"][0]
    traffic, utilities = leaves["security-traffic"][0], leaves["repairs-utilities"][0]
    rng = random.Random(5)
    report(cast, huafu_5, stairwells, "楼道堆物", now - datetime.timedelta(hours=3))
    blocked = report(cast, huafu_5, fire, "消防通道堵塞", now - datetime.timedelta(days=1))
    Story(cast, rng, now - datetime.timedelta(hours=20)).move(workflow.event_accept, blocked)
    # Overdue: reported a week ago and still waiting at the grid.
    report(cast, huafu_5, leaves["fire-ebikes"][0], "飞线充电", now - datetime.timedelta(days=8))
    for title, category, days in [("路口安全隐患", traffic, 2), ("停水", utilities, 1)]:
        story = Story(cast, rng, now - datetime.timedelta(days=days))
        event = report(cast, huafu_3, category, title, story.at)
        story.later(1, 2)
        story.move(workflow.event_escalate, event, reason="需社区协调相关单位")
        story.later(1, 2)
        story.move(workflow.event_escalate, event, reason="涉及多个部门，需街道统筹")
    story = Story(cast, rng, now - datetime.timedelta(days=3))
    event = report(cast, huafu_3, utilities, "单元楼停电", story.at)
    story.later(1, 3)
    story.move(workflow.event_accept, event)


def seed_events(*, now: datetime.datetime, password: str, admin) -> int:
    """Categories, departments, the ladder, and (once) the demo's events; returns how many."""
    leaves = seed_categories()
    departments = seed_departments(password)
    if Event.objects.exists():
        return Event.objects.count()
    cast = make_cast(admin)
    grids = list(Grid.objects.filter(level__in=[GridLevel.GRID, GridLevel.MICRO]).order_by("path"))
    demo_district = [grid for grid in grids if grid.code.startswith(DEMO_DISTRICT)]
    rng = random.Random(412)
    today = timezone.localtime(now).date()
    kinds = list(leaves.values())
    # The seeds' own examples first, then the rest drawn at random.
    examples = [leaves[c] for c in ("fire-exits", "repairs-utilities", "city-trees")]
    examples += [leaves["fire-stairwells"], leaves["security-traffic"]]
    plan = [(category, titles[0]) for category, titles in examples]
    while len(plan) < HISTORY_EVENTS:
        category, titles = rng.choice(kinds)
        plan.append((category, rng.choice(titles)))
    for category, title in plan:
        grid = rng.choice(demo_district if rng.random() < 0.6 else grids)
        # Old enough to have been settled (at most a loop and a late week on top).
        day = today - datetime.timedelta(days=rng.randint(25, HISTORY_DAYS))
        story = Story(cast, rng, work_hours(rng, day))
        if rng.random() < 0.03:
            event = report(cast, grid, category, title, story.at)
            story.later(1, 8)
            story.move(workflow.event_reject, event, reason="不属于网格受理范围，已告知居民")
            continue
        if rng.random() < 0.35:
            # 随手记: settled by the worker there and then.
            with workflow.clock_at(story.at):
                probe = Event(handling_path=workflow.first_handler(grid).path)
                event = workflow.event_report_resolved_on_the_spot(
                    by=cast.at(probe),
                    result="现场已处置",
                    grid=grid,
                    category=category,
                    title=title,
                    description=DESCRIPTIONS.get(title, ""),
                    check_scope=False,
                )
            if rng.random() < 0.8:
                story.later(2, 48)
                story.move(workflow.event_rate, event, rating=rng.choice([5, 5, 5, 4]))
            else:
                story.at = event.resolved_at + datetime.timedelta(days=7, minutes=5)
                with workflow.clock_at(story.at):
                    workflow.event_close(event, by=None, note="办结后 7 天内未评价，系统自动关闭。")
            continue
        event = report(cast, grid, category, title, story.at)
        tell_history(story, event, departments)
    seed_recent_events(cast, kinds, grids, demo_district, now, rng)
    seed_open_events(cast, leaves, now)
    return Event.objects.count()


def seed_recent_events(cast, kinds, grids, demo_district, now, rng) -> None:
    """The last three weeks: some settled, some still open or resolved and awaiting a rating."""
    for _ in range(40):
        category, titles = rng.choice(kinds)
        grid = rng.choice(demo_district if rng.random() < 0.6 else grids)
        age = rng.uniform(0.2, 21)
        story = Story(cast, rng, now - datetime.timedelta(days=age))
        event = report(cast, grid, category, rng.choice(titles), story.at)
        fate = rng.random()
        if age > 4 and rng.random() < 0.85:
            fate = max(fate, 0.5)  # most older ones are settled; the rest run overdue
        if fate < 0.3:
            continue  # still waiting to be accepted
        story.later(0.5, 6)
        if story.at >= now:
            continue
        story.move(workflow.event_accept, event)
        if fate < 0.5:
            story.move(workflow.event_assign, event, assignee=cast.at(event))
            continue  # being handled
        story.later(2, 40)
        if story.at >= now:
            continue
        story.move(workflow.event_resolve, event, result=rng.choice(RESULTS))
        if fate > 0.8 and story.at + datetime.timedelta(hours=30) < now:
            story.later(2, 30)
            story.move(workflow.event_rate, event, rating=rng.choice([5, 4, 4, 3]))
