"""factory_boy factories for the registry, used by the tests and the benchmarks."""

import datetime
import itertools

import factory

from governance.models import (
    Amenity,
    Grid,
    GridLevel,
    Person,
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

_district_codes = itertools.count(1)


def next_child_code(parent: Grid | None) -> str:
    """The next free code under `parent` (3-digit segments), or a fresh district code."""
    if parent is None:
        return f"9{next(_district_codes):05d}"
    siblings = Grid.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    return f"{parent.code}{siblings.count() + 1:03d}"


def make_grid(parent: Grid | None = None, *, name: str | None = None, **fields) -> Grid:
    level = GridLevel.DISTRICT if parent is None else parent.level + 1
    code = fields.pop("code", None) or next_child_code(parent)
    grid = Grid(name=name or f"网格{code}", code=code, level=fields.pop("level", level), **fields)
    return grid_create(grid=grid, parent=parent)


def make_tree(*, streets=1, communities=1, grids=2, micros=0) -> dict[str, list[Grid]]:
    district = make_grid(name="测试区")
    tree = {"district": [district], "street": [], "community": [], "grid": [], "micro": []}
    for s in range(streets):
        street = make_grid(district, name=f"测试{s + 1}街道")
        tree["street"].append(street)
        for c in range(communities):
            community = make_grid(street, name=f"测试{s + 1}-{c + 1}社区")
            tree["community"].append(community)
            for g in range(grids):
                grid = make_grid(community, name=f"{community.name}{g + 1}号网格")
                tree["grid"].append(grid)
                for m in range(micros):
                    tree["micro"].append(make_grid(grid, name=f"{grid.name}{m + 1}号微网格"))
    return tree


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"角色{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"测试人员{n}")
    phone = factory.Sequence(lambda n: f"1390000{n:04d}")
    role = factory.SubFactory(RoleFactory, name="网格员")
    start_date = datetime.date(2024, 1, 1)


class TeamTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamType
        django_get_or_create = ("name",)

    name = "治安巡逻"


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    team_type = factory.SubFactory(TeamTypeFactory)
    member_count = 12


class ServicePointKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePointKind
        django_get_or_create = ("slug",)

    name = "超市"
    slug = "supermarket"


class AmenityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Amenity
        django_get_or_create = ("name",)

    name = "饮水"


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"服务点{n}")
    kind = factory.SubFactory(ServicePointKindFactory)
    walking_minutes = 10


class TallyKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TallyKind
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"统计项{n}")
    unit = "次"


class TallyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TallyEntry

    kind = factory.SubFactory(TallyKindFactory)
    value = 1

    class Params:
        month = factory.LazyFunction(lambda: Period.month(2026, 10))

    period_start = factory.LazyAttribute(lambda o: o.month.start)
    period_end = factory.LazyAttribute(lambda o: o.month.end)
