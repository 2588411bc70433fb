"""The demo registry: places from the seed reports, fictional people and phones, a year of tallies.

Every function is idempotent: records are looked up by their natural key and only missing ones
are created, so running the seed twice leaves the same data.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from governance.demo_geo import seed_map
from governance.groups import ensure_staff_groups
from governance.models import (
    AccessRole,
    Amenity,
    Assignment,
    Grid,
    GridKind,
    GridLevel,
    Person,
    ReportLayout,
    Role,
    ServicePoint,
    ServicePointKind,
    TallyEntry,
    TallyKind,
    TeamType,
    VolunteerTeam,
)
from governance.periods import Period
from governance.services.grids import grid_create

User = get_user_model()

# (name, code, [streets]); street = (name, code, [communities]);
# community = (name, code, third-level grids, exclusive grids [(name, kind)], micro grids per grid)
PLACES = [
    (
        "二七区",
        "410103",
        [
            (
                "人和路街道",
                "410103001",
                [
                    ("华府社区", "410103001001", 6, [("华府农贸市场", GridKind.MARKET)], 3),
                    ("人和社区", "410103001002", 4, [], 2),
                ],
            ),
            ("嵩山路街道", "410103002", [("星苑社区", "410103002001", 5, [], 2)]),
            ("侯寨街道", "410103003", [("罗沟村", "410103003001", 3, [], 0)]),
        ],
    ),
    (
        "中原区",
        "410102",
        [
            (
                "莲湖街道",
                "410102001",
                [
                    (
                        "阳光花苑社区",
                        "410102001001",
                        11,
                        [("莲湖小学", GridKind.SCHOOL), ("阳光商务楼", GridKind.BUILDING)],
                        5,
                    ),
                ],
            ),
            ("航海西路街道", "410102002", [("儿童公园社区", "410102002001", 5, [], 3)]),
            (
                "桐柏路街道",
                "410102003",
                [
                    ("西十里铺北社区", "410102003001", 4, [], 2),
                    ("桐福社区", "410102003002", 4, [], 2),
                ],
            ),
            ("林山寨街道", "410102004", [("人社局社区", "410102004001", 6, [], 5)]),
            ("秦岭路街道", "410102005", [("秦江社区", "410102005001", 4, [], 2)]),
        ],
    ),
    (
        "上街区",
        "410106",
        [
            (
                "工业路街道",
                "410106001",
                [
                    ("工业路社区", "410106001001", 3, [("东方花园物业", GridKind.ENTERPRISE)], 2),
                    ("朱寨社区", "410106001002", 3, [], 2),
                ],
            ),
        ],
    ),
    (
        "荥阳市",
        "410182",
        [
            (
                "京城路街道",
                "410182001",
                [
                    ("永安街社区", "410182001001", 5, [], 2),
                    ("平安社区", "410182001002", 4, [], 2),
                    ("繁荣街社区", "410182001003", 4, [], 2),
                ],
            ),
        ],
    ),
]

# Roles: (name, position on the contact card or None, sort order)
ROLES = [
    ("网格长", 1, 10),
    ("网格员", 2, 20),
    ("社区民警", 3, 30),
    ("社区医生", 4, 40),
    ("微网格长", None, 50),
    ("专属网格长", None, 60),
    ("下沉干部", None, 70),
    ("年轻干部", None, 75),
    ("楼栋长", None, 80),
    ("人民调解员", None, 90),
    ("第一书记", None, 95),
]
TEAM_TYPES = ["政策宣传", "治安巡逻", "扶贫帮困", "民事代办", "纠纷调解", "救援", "红色宣讲"]
SERVICE_POINT_KINDS = [
    ("党群服务中心", "party-centre", False),
    ("暖心驿站", "warm-station", True),
    ("社区卫生服务站", "clinic", False),
    ("学校", "school", False),
    ("超市", "supermarket", False),
    ("药店", "pharmacy", False),
    ("菜市场", "market", False),
    ("养老服务站", "elderly-care", False),
]
AMENITIES = ["休息", "饮水", "热饭", "充电", "无线网络", "图书", "应急药箱", "卫生间"]
TALLY_KINDS = [
    ("宣传推广和业务培训", "次", "入户、微信、集中宣讲等形式的宣传推广与培训"),
    ("党员干部同上党课", "次", "年轻干部与居民党员同上党课"),
    ("网格议事会", "次", "网格议事会、微议事"),
    ("收集群众问题建议", "个", "网格巡查、走访中收集的问题和建议"),
    ("走访重点人群", "人次", "低保特困、孤寡残障等重点人群走访"),
    ("覆盖群众", "户", "走访覆盖的住户"),
    ("上报事件", "件", "通过郑政钉、郑好拍等平台上报的事件"),
    ("自行处置事件", "件", "三级网格就地处置的事件"),
    ("闭环流转事件", "件", "逐级转办并闭环办结的事件"),
]
# The event kinds are counted from the event records (governance/events/figures.py), 走访重点人群
# from the care ledger's visits (governance/care/figures.py).
COMPUTED_KINDS = {
    "上报事件": "events.reported",
    "自行处置事件": "events.on_the_spot",
    "闭环流转事件": "events.along_the_loop",
    "走访重点人群": "care.visits",
}
# The demo's events cover the last months; before them, the event kinds keep typed figures,
# as the historical figures a district brings from before the system.
DEMO_EVENT_MONTHS = 6
# Monthly value ranges per third-level grid, shaped like the seeds' yearly district figures.
TALLY_RANGES = {
    "宣传推广和业务培训": (0, 3),
    "党员干部同上党课": (0, 2),
    "网格议事会": (0, 3),
    "收集群众问题建议": (1, 6),
    "走访重点人群": (4, 15),
    "覆盖群众": (40, 160),
    "自行处置事件": (2, 12),
    "闭环流转事件": (0, 4),
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅志远晓东海燕春雨佳欣"
UNITS = ["市司法局", "区民政局", "区城管局", "市委社会工作部", "区卫健委", "区人社局"]


def fictional_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def fictional_phone(serial: int) -> str:
    """13800138xxx-style numbers: a range used for examples, never a real roster."""
    return f"1380013{serial:04d}"


def demo_year_months(today: datetime.date) -> list[Period]:
    """The twelve whole months before the current one."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        months.append(Period.month(year, month))
    return list(reversed(months))


def upsert_lookups():
    for name, card_order, sort_order in ROLES:
        Role.objects.update_or_create(
            name=name, defaults={"contact_card_order": card_order, "sort_order": sort_order}
        )
    for order, name in enumerate(TEAM_TYPES):
        TeamType.objects.update_or_create(name=name, defaults={"sort_order": order})
    for order, (name, slug, warm) in enumerate(SERVICE_POINT_KINDS):
        ServicePointKind.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_warm_station": warm, "sort_order": order}
        )
    for order, name in enumerate(AMENITIES):
        Amenity.objects.update_or_create(name=name, defaults={"sort_order": order})
    for order, (name, unit, description) in enumerate(TALLY_KINDS):
        TallyKind.objects.update_or_create(
            name=name,
            defaults={
                "unit": unit,
                "description": description,
                "sort_order": order,
                "computed_from": COMPUTED_KINDS.get(name, ""),
            },
        )


def road_name(community_name: str) -> str:
    """The road a demo community's addresses are on: 华府社区 → 华府路."""
    place = community_name.removesuffix("社区").removesuffix("村")
    return place if place.endswith(("路", "街")) else f"{place}路"


def ensure_grid(parent, *, name, code, level, kind=GridKind.REGULAR, **extra) -> Grid:
    existing = Grid.objects.filter(code=code).first()
    if existing:
        return existing
    grid = Grid(name=name, code=code, level=level, kind=kind, **extra)
    return grid_create(grid=grid, parent=parent)


def build_tree() -> list[Grid]:
    """Creates the places; returns the third-level grids (regular and exclusive)."""
    rng = random.Random(2026)
    third_level = []
    for district_name, district_code, streets in PLACES:
        district = ensure_grid(
            None, name=district_name, code=district_code, level=GridLevel.DISTRICT
        )
        for street_name, street_code, communities in streets:
            street = ensure_grid(
                district, name=street_name, code=street_code, level=GridLevel.STREET
            )
            for community_name, community_code, grid_count, exclusive, micro in communities:
                community = ensure_grid(
                    street,
                    name=community_name,
                    code=community_code,
                    level=GridLevel.COMMUNITY,
                    service_hotline=f"0371-6{community_code[-5:]}00",
                )
                for number in range(1, grid_count + 1):
                    households = (
                        372
                        if (community_name, number) == ("华府社区", 5)
                        else (rng.randrange(220, 520))
                    )
                    grid = ensure_grid(
                        community,
                        name=f"{community_name}{number}号网格",
                        code=f"{community_code}{number:03d}",
                        level=GridLevel.GRID,
                        households=households,
                        population=int(households * 2.7),
                        buildings=rng.randrange(4, 12),
                        # Five buildings and the courtyard on the community's road they stand in.
                        coverage="\n".join(
                            [
                                *(
                                    f"{building}号楼"
                                    for building in range(number * 10 + 1, number * 10 + 6)
                                ),
                                f"{road_name(community_name)}{number * 2 + 1}号院",
                            ]
                        ),
                    )
                    third_level.append(grid)
                    for micro_number in range(1, micro + 1):
                        ensure_grid(
                            grid,
                            name=f"{grid.name}{micro_number}号微网格",
                            code=f"{grid.code}{micro_number:03d}",
                            level=GridLevel.MICRO,
                            households=households // max(micro, 1),
                            buildings=1,
                        )
                for offset, (unit_name, kind) in enumerate(exclusive, start=1):
                    third_level.append(
                        ensure_grid(
                            community,
                            name=f"{unit_name}专属网格",
                            code=f"{community_code}{900 + offset:03d}",
                            level=GridLevel.GRID,
                            kind=kind,
                        )
                    )
    return third_level


def seed_people(third_level: list[Grid]):
    rng = random.Random(7)
    roles = {role.name: role for role in Role.objects.all()}
    existing = set(Person.objects.values_list("grid_id", "role_id", "name"))
    serial = 0
    people = []

    def add(grid, role_name, *, public, unit=""):
        nonlocal serial
        serial += 1
        name = fictional_name(rng)
        key = (grid.pk, roles[role_name].pk, name)
        if key in existing:
            return
        existing.add(key)
        people.append(
            Person(
                name=name,
                phone=fictional_phone(serial),
                phone_public=public,
                role=roles[role_name],
                grid=grid,
                unit=unit,
                start_date=datetime.date(2023, 3, 1),
            )
        )

    communities = Grid.objects.at_level(GridLevel.COMMUNITY).order_by("code")
    for community in communities:
        add(community, "社区民警", public=True, unit="公安分局")
        add(community, "社区医生", public=True, unit="社区卫生服务中心")
    for number, grid in enumerate(third_level):
        if grid.is_exclusive:
            add(grid, "专属网格长", public=False)
            continue
        add(grid, "网格长", public=True)
        # Some grid workers keep their phone private: they must never reach a card.
        add(grid, "网格员", public=number % 4 != 0)
        add(grid, "下沉干部", public=False, unit=rng.choice(UNITS))
        add(grid, "楼栋长", public=False)
    Person.objects.bulk_create(people)


def seed_teams():
    rng = random.Random(11)
    types = list(TeamType.objects.all())
    for community in Grid.objects.at_level(GridLevel.COMMUNITY).order_by("code"):
        leaders = list(Person.objects.filter(grid=community).order_by("pk")[:1])
        for index, team_type in enumerate(rng.sample(types, 3)):
            VolunteerTeam.objects.get_or_create(
                grid=community,
                name=f"{community.name}{team_type.name}志愿服务队",
                defaults={
                    "team_type": team_type,
                    "leader": leaders[0] if leaders else None,
                    "member_count": rng.randrange(8, 40),
                    "is_party_team": index == 0,
                    "founded_on": datetime.date(2021 + index, 5, 1),
                },
            )


POINT_TEMPLATES = [
    (
        "党群服务中心",
        "party-centre",
        5,
        "周一至周日 8:00-20:00（错时服务）",
        ["休息", "饮水", "图书"],
    ),
    ("暖心驿站", "warm-station", 5, "全天开放", ["休息", "饮水", "热饭", "充电", "无线网络"]),
    ("卫生服务站", "clinic", 10, "8:00-18:00", ["应急药箱"]),
    ("便民超市", "supermarket", 5, "7:00-22:00", []),
    ("大药房", "pharmacy", 10, "8:00-21:00", []),
    ("小学", "school", 15, "", []),
    ("农贸市场", "market", 10, "6:00-19:00", ["卫生间"]),
    ("养老服务站", "elderly-care", 15, "8:30-17:30", ["休息", "饮水", "图书"]),
]


def seed_service_points():
    kinds = {kind.slug: kind for kind in ServicePointKind.objects.all()}
    amenities = {amenity.name: amenity for amenity in Amenity.objects.all()}
    for community in Grid.objects.at_level(GridLevel.COMMUNITY).order_by("code"):
        grids = list(Grid.objects.subtree(community).at_level(GridLevel.GRID).order_by("code"))
        for index, (suffix, slug, minutes, hours, services) in enumerate(POINT_TEMPLATES):
            owner = grids[index % len(grids)] if grids else community
            base = community.name.removesuffix("社区").removesuffix("村")
            point, created = ServicePoint.objects.get_or_create(
                grid=owner,
                name=f"{base}{suffix}",
                defaults={
                    "kind": kinds[slug],
                    "address": f"{road_name(community.name)}{index * 7 + 3}号",
                    "walking_minutes": minutes,
                    "opening_hours": hours,
                },
            )
            if created and services:
                point.amenities.set([amenities[name] for name in services])


# Every reported event was either handled on the spot or passed along the closed loop, so the
# historical reported tally is the sum of the two (later months count the event records).
REPORTED_EVENTS = ("上报事件", ("自行处置事件", "闭环流转事件"))


def tally_value(grid: Grid, kind_name: str, period: Period) -> int:
    reported, parts = REPORTED_EVENTS
    if kind_name == reported:
        return sum(tally_value(grid, part, period) for part in parts)
    low, high = TALLY_RANGES.get(kind_name, (0, 5))
    # Seeded per cell so a re-run or a partial run yields identical values.
    return random.Random(f"{grid.code}-{kind_name}-{period.start}").randint(low, high)


def seed_tallies(third_level: list[Grid], today: datetime.date):
    kinds = list(TallyKind.objects.all())
    months = demo_year_months(today)
    records_from = months[-DEMO_EVENT_MONTHS].start
    # Computed kinds: typed figures only before the months the demo's events cover.
    TallyEntry.objects.filter(kind__computed_from__gt="", period_end__gte=records_from).delete()
    existing = set(
        TallyEntry.objects.filter(period_start__gte=months[0].start).values_list(
            "kind_id", "grid_id", "period_start"
        )
    )
    entries = [
        TallyEntry(
            kind=kind,
            grid=grid,
            period_start=period.start,
            period_end=period.end,
            value=tally_value(grid, kind.name, period),
        )
        for grid in third_level
        for kind in kinds
        for period in months
        if (kind.pk, grid.pk, period.start) not in existing
        and not (kind.computed_from and period.end >= records_from)
    ]
    TallyEntry.objects.bulk_create(entries, batch_size=2000)


@transaction.atomic
def seed_registry(*, today: datetime.date) -> dict[str, int]:
    upsert_lookups()
    third_level = build_tree()
    seed_people(third_level)
    seed_teams()
    seed_service_points()
    seed_map()
    seed_tallies(third_level, today)
    seed_report_layouts()
    return {
        "grids": Grid.objects.count(),
        "people": Person.objects.count(),
        "teams": VolunteerTeam.objects.count(),
        "service_points": ServicePoint.objects.count(),
        "tally_entries": TallyEntry.objects.count(),
    }


# One demo user per access role, on real nodes of the demo tree (listed in the README).
DEMO_USERS = [
    ("erqi_admin", "二七区", AccessRole.DISTRICT_ADMIN, "二七区管理员"),
    ("renhe_editor", "人和路街道", AccessRole.STREET_EDITOR, "人和路街道编辑"),
    ("huafu_editor", "华府社区", AccessRole.COMMUNITY_EDITOR, "华府社区编辑"),
    ("huafu5_worker", "华府社区5号网格", AccessRole.GRID_WORKER, "华府5号网格员"),
    ("zhongyuan_analyst", "中原区", AccessRole.ANALYST, "中原区分析员"),
    # A young official sent down to a grid (his record is in governance/officials/demo.py),
    # and the street's assessor who marks the young officials.
    ("huafu_youth", "华府社区4号网格", AccessRole.GRID_WORKER, "年轻干部李明轩"),
    ("renhe_assessor", "人和路街道", AccessRole.ASSESSOR, "人和路街道考评员"),
]


def seed_demo_users(password: str) -> list[str]:
    staff, admins = ensure_staff_groups()
    usernames = []
    for username, grid_name, role, display_name in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": display_name, "is_staff": True}
        )
        user.set_password(password)
        user.save()
        user.groups.add(staff)
        if role == AccessRole.DISTRICT_ADMIN:
            user.groups.add(admins)
        Assignment.objects.get_or_create(
            user=user, grid=Grid.objects.get(name=grid_name), role=role
        )
        usernames.append(username)
    return usernames


def seed_report_layouts() -> None:
    kinds = {kind.name: kind for kind in TallyKind.objects.all()}

    def kinds_named(*names):
        return [kinds[name] for name in names if name in kinds]

    monthly = [
        (
            "heading_text",
            {
                "heading": "工作概述",
                "text": "<p>本月社区网格围绕巡查走访、议事协商和事件处置开展工作，情况如下。</p>",
            },
        ),
        (
            "tally_table",
            {"heading": "各项工作量", "kinds": kinds_named(*kinds), "columns": "children"},
        ),
        (
            "tally_chart",
            {
                "heading": "上报事件（按网格）",
                "kind": kinds_named("上报事件")[0],
                "axis": "children",
            },
        ),
        ("events_table", {"heading": "事件办理情况"}),
        ("roster", {"heading": "网格长名册", "role_name": "网格长"}),
        ("teams", {"heading": "志愿服务队"}),
        ("service_points", {"heading": "一刻钟服务圈服务点"}),
    ]
    quarterly = [
        (
            "heading_text",
            {"heading": "季度工作汇总", "text": "<p>本季度街道各社区网格工作量汇总如下。</p>"},
        ),
        (
            "tally_table",
            {"heading": "逐月工作量", "kinds": kinds_named(*kinds), "columns": "months"},
        ),
        (
            "tally_table",
            {
                "heading": "各社区工作量",
                "kinds": kinds_named("上报事件", "自行处置事件", "闭环流转事件", "走访重点人群"),
                "columns": "children",
            },
        ),
        (
            "tally_chart",
            {
                "heading": "走访重点人群（逐月）",
                "kind": kinds_named("走访重点人群")[0],
                "axis": "months",
            },
        ),
        (
            "tally_chart",
            {
                "heading": "上报事件（按社区）",
                "kind": kinds_named("上报事件")[0],
                "axis": "children",
            },
        ),
        ("events_table", {"heading": "各社区事件办理情况"}),
        ("event_categories", {"heading": "事件类别排行", "limit": 5}),
        ("overdue_events", {"heading": "超期未办结事件", "limit": 50}),
        ("teams", {"heading": "志愿服务队"}),
        ("service_points", {"heading": "服务点统计"}),
    ]
    for name, description, blocks in [
        (
            "社区月度工作报告",
            "社区按月报送：各网格工作量、网格长名册、志愿服务队和服务点。",
            monthly,
        ),
        ("街道季度工作汇总", "街道按季度汇总：逐月与分社区工作量及图表。", quarterly),
    ]:
        ReportLayout.objects.update_or_create(
            name=name, defaults={"description": description, "blocks": blocks}
        )
