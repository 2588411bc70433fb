"""The demo's young officials at 人和路街道: eight officials sent down from city and district
bureaus, three months of needs collected (typed in, from visits and events, from surveys and
council meetings), triaged into tasks, merged or declined, a dozen take-a-problem projects, the
six-duty log and the assessors' monthly marks, so the lists, the figures and the leaderboard
all have something to show. Everything goes through the workflow services."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from governance.care.models import Visit
from governance.events.models import Event
from governance.models import Grid, Person, Role, VolunteerTeam
from governance.models.grids import GridLevel
from governance.officials.models import (
    Duty,
    DutyLog,
    ManualScore,
    NeedSource,
    NeedStatus,
    ResponsibilityItem,
    ScoreBasis,
    ScoringRule,
    YoungOfficial,
)
from governance.officials.services import workflow

STREET = "人和路街道"
DEMO_MONTHS = 3
# (name, home unit); the first signs in as huafu_youth.
OFFICIALS = (
    ("李明轩", "市司法局"),
    ("王思雨", "区财政局"),
    ("赵一帆", "区教育局"),
    ("陈佳琪", "市城市管理局"),
    ("刘子涵", "区卫生健康委员会"),
    ("杨博文", "区人力资源和社会保障局"),
    ("周晓彤", "区民政局"),
    ("孙浩然", "市税务局二七分局"),
)
# The demo user (governance/demo.py) who is the first of them, at his grid.
YOUTH_USERNAME, YOUTH_GRID = "huafu_youth", "华府社区4号网格"
# (title, description, source)
NEEDS = (
    ("楼道声控灯损坏", "3号楼2单元楼道灯不亮，夜间出行不便。", NeedSource.TYPED),
    ("老年助餐点就餐", "独居老人希望就近解决午餐。", NeedSource.VISIT),
    ("小区加装电梯", "六层老楼住户希望加装电梯，需协调一楼住户意见。", NeedSource.COUNCIL),
    ("电动车集中充电", "楼道内飞线充电，存在火灾隐患，希望建充电桩。", NeedSource.SURVEY),
    ("雨水井堵塞", "雨后南门积水，需疏通雨水井。", NeedSource.EVENT),
    ("健身器材维修", "小游园健身器材螺丝松动。", NeedSource.TYPED),
    ("上门理发服务", "行动不便老人希望每月上门理发。", NeedSource.VISIT),
    ("医保报销代办", "老人不会线上办理医保报销。", NeedSource.VISIT),
    ("停车位紧张", "晚间车辆占用消防通道，希望规划停车位。", NeedSource.COUNCIL),
    ("垃圾分类指导", "居民对厨余垃圾投放时间不清楚。", NeedSource.SURVEY),
    ("四点半课堂", "双职工家庭希望放学后有人照看孩子。", NeedSource.SURVEY),
    ("楼顶防水维修", "顶层住户反映雨天漏水。", NeedSource.TYPED),
    ("门禁系统更换", "单元门禁损坏，陌生人随意进出。", NeedSource.COUNCIL),
    ("流动摊贩占道", "早市摊贩占用人行道。", NeedSource.EVENT),
    ("法律咨询", "居民希望定期有律师坐班解答遗产继承问题。", NeedSource.TYPED),
    ("适老化改造", "老人家中卫生间需加装扶手。", NeedSource.VISIT),
    ("噪音扰民", "夜间广场舞音量过大。", NeedSource.EVENT),
    ("就业技能培训", "失业人员希望参加育婴员培训。", NeedSource.SURVEY),
)
DECLINE_REASONS = (
    "属于物业服务合同约定事项，已转告物业公司处理。",
    "涉及私人产权纠纷，已引导通过诉讼途径解决。",
)
PROJECTS = (
    ("老旧小区加装电梯", "六层老楼无电梯，老人上下楼难。", "年内完成两个单元电梯加装。"),
    ("楼道照明焕新", "多栋老楼楼道灯损坏，夜间出行不便。", "全部楼道更换声控灯。"),
    ("电动车充电棚建设", "飞线充电屡禁不止。", "建成集中充电棚两处。"),
    ("一老一小服务站", "老人就餐难、孩子放学无人照看。", "建成助餐点和四点半课堂。"),
    ("背街小巷整治", "背街小巷路面破损、杂物堆放。", "完成三条小巷整治。"),
    ("法律明白人培养", "居民法律意识薄弱，纠纷多。", "每个网格培养两名法律明白人。"),
    ("垃圾分类示范楼院", "垃圾分类参与率低。", "打造三个示范楼院。"),
    ("停车秩序治理", "车辆乱停占用消防通道。", "划定停车位并建立巡查机制。"),
    ("适老化改造进家庭", "独居老人家中存在跌倒隐患。", "为三十户老人家庭完成改造。"),
    ("邻里纠纷调解室", "邻里矛盾缺少就近化解场所。", "建成调解室并固定坐班。"),
)
OUTCOMES = (
    "两部电梯已投入使用，惠及住户48户。",
    "更换声控灯126盏，居民夜间出行更安全。",
    "建成充电棚两处、充电口60个，楼道飞线全部清零。",
    "助餐点日均就餐60人次，四点半课堂服务儿童35名。",
)
DUTY_NOTES = {
    Duty.INFORMATION: "入户采集更新户籍和人口信息。",
    Duty.POLICY: "向居民宣讲医保缴费和养老政策。",
    Duty.PLATFORM: "指导居民使用“郑好办”线上办事。",
    Duty.MEDIATION: "调解楼上楼下漏水纠纷。",
    Duty.SERVICE: "为行动不便老人代办证件。",
    Duty.RESEARCH: "走访商户了解营商环境诉求。",
}


def seed_officials(*, now: datetime.datetime) -> int:
    """Once; returns how many young officials the demo has."""
    if YoungOfficial.objects.exists():
        return YoungOfficial.objects.count()
    rng = random.Random("officials-demo")
    today = timezone.localdate(now)
    start = (today.replace(day=1) - datetime.timedelta(days=31 * (DEMO_MONTHS - 1))).replace(day=1)
    street = Grid.objects.get(name=STREET)
    by = get_user_model().objects.filter(is_superuser=True).first()
    officials = seed_young_officials(rng, street, start)
    items = list(ResponsibilityItem.objects.filter(level=GridLevel.COMMUNITY)) or [None]
    needs = seed_needs(rng, by, officials, items, start, today)
    tasks = triage(rng, by, needs, officials, today)
    seed_projects(rng, by, street, officials, needs, tasks, start, today)
    seed_duty_logs(rng, officials, start, today)
    seed_marks(rng, officials, start, today, by)
    return len(officials)


def seed_young_officials(rng, street: Grid, start: datetime.date) -> list[YoungOfficial]:
    role, _ = Role.objects.get_or_create(name="年轻干部", defaults={"sort_order": 75})
    grids = list(
        Grid.objects.filter(path__startswith=street.path, level=GridLevel.GRID).order_by("path")
    )
    youth = get_user_model().objects.filter(username=YOUTH_USERNAME).first()
    officials = []
    for n, (name, unit) in enumerate(OFFICIALS):
        grid = Grid.objects.get(name=YOUTH_GRID) if n == 0 else grids[n % len(grids)]
        person = Person.objects.create(
            name=name,
            role=role,
            grid=grid,
            unit=unit,
            phone=f"1370371{rng.randrange(1000, 9999)}",
            start_date=start - datetime.timedelta(days=30),
            end_date=start + datetime.timedelta(days=365),
        )
        officials.append(
            YoungOfficial.objects.create(person=person, user=youth if n == 0 else None)
        )
    # The care demo's visits at his grid were the superuser's; in the programme they are his.
    Visit.objects.filter(
        grid__name=YOUTH_GRID, visited_by__is_superuser=True, visited_at__date__gte=start
    ).update(visited_by=youth)
    return officials


def _day(rng, start: datetime.date, today: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((today - start).days + 1))


def seed_needs(rng, by, officials, items, start, today) -> list:
    by_grid = {official.person.grid_id: official for official in officials}
    grids = [official.grid for official in officials]
    visits = list(
        Visit.objects.filter(grid__in=grids, visited_at__date__gte=start)
        .exclude(needs="")
        .order_by("visited_at")[:12]
    )
    events = list(Event.objects.filter(grid__in=grids).order_by("-id")[:6])
    needs = []
    for visit in visits:
        title = rng.choice([n for n in NEEDS if n[2] == NeedSource.VISIT])[0]
        needs.append(workflow.need_from_visit(by=by, visit=visit, title=title))
    for event in events:
        needs.append(workflow.need_from_event(by=by, event=event))
    for n in range(48):
        title, description, source = rng.choice([n for n in NEEDS if n[2] != NeedSource.VISIT])
        if source == NeedSource.EVENT:
            source = NeedSource.TYPED
        official = rng.choice(officials)
        needs.append(
            workflow.need_record(
                by=by,
                grid=official.grid,
                title=title,
                description=description,
                source=source,
                source_note={
                    NeedSource.SURVEY: f"{start:%Y年%m月}居民需求问卷",
                    NeedSource.COUNCIL: "居民议事会",
                }.get(source, ""),
                responsibility=rng.choice(items),
                collected_on=_day(rng, start, today),
                collected_by=by_grid.get(official.person.grid_id, official),
            )
        )
    return sorted(needs, key=lambda need: need.collected_on)


def triage(rng, by, needs, officials, today) -> list:
    street_path = officials[0].grid.path[: 2 * Grid.steplen]
    teams = list(VolunteerTeam.objects.filter(grid__path__startswith=street_path))
    people = list(
        Person.objects.filter(grid__in=[o.grid for o in officials]).exclude(
            young_official__isnull=False
        )[:10]
    )
    tasks = []
    for need in needs:
        roll = rng.random()
        if need.collected_on > today - datetime.timedelta(days=5) or roll < 0.1:
            continue  # still awaiting triage
        if roll < 0.2:
            workflow.need_decline(by=by, need=need, reason=rng.choice(DECLINE_REASONS))
            continue
        earlier = [t for t in tasks if t.title == need.title and t.grid_id == need.grid_id]
        if earlier and roll < 0.45:
            workflow.need_merge(
                by=by, need=need, into=earlier[0].needs.get(status=NeedStatus.TASKED)
            )
            continue
        owner = rng.choice(officials + teams + people) if roll > 0.8 else rng.choice(officials)
        on = need.collected_on + datetime.timedelta(days=rng.randrange(1, 4))
        on = min(on, today)
        task = workflow.need_to_task(
            by=by, need=need, owner=owner, working_days=rng.choice((5, 10, 15)), on=on
        )
        tasks.append(task)
        finish_on = on + datetime.timedelta(days=rng.randrange(3, 30))
        if finish_on <= today and rng.random() < 0.8:
            workflow.task_add_note(by=by, task=task, text="已现场查看，协调相关单位处理。")
            workflow.task_finish(by=by, task=task, result="已办结，居民满意。", done_on=finish_on)
    return tasks


def seed_projects(rng, by, street, officials, needs, tasks, start, today) -> None:
    teams = list(VolunteerTeam.objects.filter(grid__path__startswith=street.path))
    for n, (title, problem, goal) in enumerate(PROJECTS):
        claimant = teams[n % len(teams)] if teams and n % 4 == 3 else officials[n % len(officials)]
        grid = claimant.grid
        finishes = n < len(OUTCOMES)
        # Finished projects began with the demo's first month; the others lately, so their last
        # milestones are still ahead and their pages offer 节点完成.
        claimed_on = (
            start + datetime.timedelta(days=rng.randrange(0, 20))
            if finishes
            else today - datetime.timedelta(days=rng.randrange(20, 45))
        )
        milestones = [
            (step, claimed_on + datetime.timedelta(days=20 * (k + 1)))
            for k, step in enumerate(("调研摸底", "方案制定", "组织实施"))
        ]
        project = workflow.project_claim(
            by=by,
            grid=grid,
            title=title,
            problem=problem,
            goal=goal,
            claimant=claimant,
            milestones=milestones,
            needs=[need for need in needs if need.grid.path.startswith(grid.path)][:3],
            tasks=[task for task in tasks if task.grid.path.startswith(grid.path)][:2],
            claimed_on=claimed_on,
        )
        for milestone in project.milestones.all():
            if milestone.due_on <= today:
                done = milestone.due_on - datetime.timedelta(days=rng.randrange(0, 5))
                workflow.milestone_reach(by=by, milestone=milestone, done_on=done)
        if finishes:
            workflow.project_finish(
                by=by,
                project=project,
                outcome=OUTCOMES[n],
                finished_on=today - datetime.timedelta(days=n * 3),
            )
            if n < 3:
                workflow.project_publish(by=by, project=project)


def seed_duty_logs(rng, officials, start, today) -> None:
    logs = [
        DutyLog(
            official=official,
            grid=official.grid,
            duty=duty,
            done_on=_day(rng, start, today),
            note=DUTY_NOTES[duty],
        )
        for official in officials
        for duty in rng.choices(list(Duty), k=rng.randrange(12, 30))
    ]
    DutyLog.objects.bulk_create(logs)


def seed_marks(rng, officials, start, today, by) -> None:
    rules = ScoringRule.objects.filter(basis=ScoreBasis.MANUAL, is_active=True)
    month = start
    marks = []
    while month < today.replace(day=1):
        for official in officials:
            for rule in rules:
                share = Decimal(rng.randrange(60, 101)) / 100
                marks.append(
                    ManualScore(
                        official=official,
                        rule=rule,
                        month=month,
                        points=(rule.points * share).quantize(Decimal("0.5")),
                        scored_by=by,
                        note="工作扎实，群众认可。",
                    )
                )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    ManualScore.objects.bulk_create(marks)
