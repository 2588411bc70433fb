"""Reads behind the public pages. Each runs a fixed number of queries however large the
community is, and the registry-derived parts are cached until the registry changes."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils import timezone

from governance.models import (
    Amenity,
    Grid,
    GridLevel,
    ServicePoint,
    TallyEntry,
    TallyKind,
    VolunteerTeam,
    WalkingRing,
)
from governance.periods import Period
from governance.selectors import ContactCard, contact_cards, subtree_counts
from governance.versioning import registry_version

CACHE_SECONDS = 60 * 60
STEP = Grid.steplen


def path_prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(STEP, len(path) + 1, STEP)]


def cached(key: str, compute):
    """Caches `compute()` under `key` for the current registry version."""
    full_key = f"public:{registry_version()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def area_path_of(page) -> str:
    """The grid path of the nearest district/street/community page at or above `page`."""
    from content.models.areas import CommunityPage, DistrictPage, StreetPage

    ancestor_ids = list(page.get_ancestors(inclusive=True).values_list("pk", flat=True))
    for model in (CommunityPage, StreetPage, DistrictPage):
        path = (
            model.objects.filter(pk__in=ancestor_ids).values_list("grid__path", flat=True).first()
        )
        if path:
            return path
    return ""


def current_notices(today: datetime.date | None = None):
    """Live, public notices that are published and not expired; pinned first, then newest."""
    from content.models.notices import NoticePage

    today = today or timezone.localdate()
    return (
        NoticePage.objects.live()
        .public()
        .filter(publish_date__lte=today)
        .exclude(expiry_date__lt=today)
        .select_related("category")
        .order_by("-pinned", "-publish_date", "-pk")
    )


def notices_for(area_path: str, *, category=None, today: datetime.date | None = None):
    """What readers of `area_path` see: its own notices, its ancestors' and the site-wide ones."""
    notices = current_notices(today).filter(area_path__in=[*path_prefixes(area_path), ""])
    if category is not None:
        notices = notices.filter(category=category)
    return notices


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
    data = cached(f"guide:{community.pk}", lambda: _guide_data(community))
    labels = dict(WalkingRing.choices)
    rings = [
        (minutes, labels.get(minutes, ""), [p for p in points if not kind or p.kind.slug == kind])
        for minutes, points in sorted(data.rings.items())
    ]
    found = []
    if find:
        found = [
            card
            for card in data.cards
            if find in card.grid.name or find == card.grid.code or find in card.grid.coverage
        ]
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

    return cached(f"community:{community.pk}", compute)


@dataclass
class HeadlineFigure:
    label: str
    value: int
    unit: str


@dataclass
class Portal:
    featured: list
    notices: list
    figures: list[HeadlineFigure]
    year: int


def home_portal(home) -> Portal:
    from content.models.areas import CommunityPage

    today = timezone.localdate()
    year = Period.year(today.year)
    kind_ids = list(home.headline_kinds.values_list("pk", flat=True))

    def figures():
        kinds = TallyKind.objects.in_bulk(kind_ids)
        totals = TallyEntry.objects.within(year).filter(kind__in=kind_ids).totals_by_kind()
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

    featured = list(
        CommunityPage.objects.live()
        .public()
        .filter(featured=True)
        .select_related("grid", "logo")
        .order_by("grid__code")[:8]
    )
    return Portal(
        featured=featured,
        notices=list(current_notices(today)[:6]),
        figures=cached(f"home-figures:{today.year}:{','.join(map(str, kind_ids))}", figures),
        year=today.year,
    )
