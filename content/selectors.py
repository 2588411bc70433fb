"""What the public pages show from the registry: the service guide, a community's figures and
the portal's headline figures. Each runs a fixed number of queries however large the community
is, and is cached until the registry changes. Page queries (notices, featured communities) are
on the page models' querysets."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch

from governance.models import (
    Amenity,
    Grid,
    GridLevel,
    ServicePoint,
    TallyKind,
    VolunteerTeam,
    WalkingRing,
)
from governance.periods import Period
from governance.selectors import ContactCard, contact_cards, subtree_counts, tallies_within
from governance.versioning import registry_stamp

CACHE_SECONDS = 60 * 60


def cached(key: str, compute, *, subtree: Grid | None = None):
    """Caches `compute()` under `key` until `subtree` changes (anything, without one)."""
    full_key = f"public:{registry_stamp(subtree)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


@dataclass
class GuideData:
    rings: dict[int, list[ServicePoint]]
    warm_stations: list[ServicePoint]
    kinds: list
    cards: list[ContactCard]


def _guide_data(community: Grid) -> GuideData:
    points = list(
        ServicePoint.objects.active()
        .in_subtree(community)
        .select_related("kind")
        .prefetch_related(Prefetch("amenities", queryset=Amenity.objects.order_by("sort_order")))
        .order_by("walking_minutes", "kind__sort_order", "name")
    )
    rings = {ring.value: [] for ring in WalkingRing}
    for point in points:
        rings.setdefault(point.walking_minutes, []).append(point)
    kinds = list({point.kind.pk: point.kind for point in points}.values())
    return GuideData(
        rings=rings,
        warm_stations=[p for p in points if p.kind.is_warm_station],
        kinds=kinds,
        cards=contact_cards(community),
    )


@dataclass
class ServiceGuide:
    rings: list[tuple[int, str, list[ServicePoint]]]
    warm_stations: list[ServicePoint]
    kinds: list
    chosen_kind: str
    cards: list[ContactCard]
    find: str
    found_cards: list[ContactCard] = field(default_factory=list)


def service_guide(community: Grid, *, kind: str = "", find: str = "") -> ServiceGuide:
    data = cached(f"guide:{community.pk}", lambda: _guide_data(community), subtree=community)
    labels = dict(WalkingRing.choices)
    rings = [
        (minutes, labels.get(minutes, ""), [p for p in points if not kind or p.kind.slug == kind])
        for minutes, points in sorted(data.rings.items())
    ]
    found = []
    if find:
        found = [card for card in data.cards if card.grid.matches_place(find)]
    return ServiceGuide(
        rings=rings,
        warm_stations=data.warm_stations,
        kinds=data.kinds,
        chosen_kind=kind,
        cards=data.cards,
        find=find,
        found_cards=found,
    )


@dataclass
class CommunityRegistry:
    teams: list[VolunteerTeam]
    grid_count: int
    households: int
    people_count: int


def community_registry(community: Grid) -> CommunityRegistry:
    def compute():
        counts = subtree_counts(community)
        teams = list(
            VolunteerTeam.objects.active()
            .in_subtree(community)
            .select_related("team_type")
            .order_by("-is_party_team", "name")
        )
        return CommunityRegistry(
            teams=teams,
            grid_count=counts.by_level.get(GridLevel.GRID, 0),
            households=counts.households,
            people_count=counts.people,
        )

    return cached(f"community:{community.pk}", compute, subtree=community)


@dataclass
class HeadlineFigure:
    label: str
    value: int
    unit: str


def headline_figures(kind_ids, year: int) -> list[HeadlineFigure]:
    """The portal's figures: this year's totals of the chosen tally kinds, then the counts of
    volunteer teams and warm stations."""
    kind_ids = list(kind_ids)
    period = Period.year(year)

    def compute():
        kinds = TallyKind.objects.in_bulk(kind_ids)
        totals = tallies_within(period).filter(kind__in=kind_ids).totals_by_kind()
        result = [
            HeadlineFigure(kinds[pk].name, totals.get(pk, 0), kinds[pk].unit)
            for pk in kind_ids
            if pk in kinds
        ]
        result.append(HeadlineFigure("志愿服务队", VolunteerTeam.objects.active().count(), "支"))
        result.append(
            HeadlineFigure(
                "暖心驿站",
                ServicePoint.objects.active().filter(kind__is_warm_station=True).count(),
                "个",
            )
        )
        return result

    return cached(f"home-figures:{year}:{','.join(map(str, kind_ids))}", compute)
