"""Reads for the events admin: the inbox, the people who may take an event, possible duplicates.

Every listing here runs a fixed number of queries however many rows it holds."""

import datetime
import difflib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from governance.events.models import (
    OPEN_STATES,
    Department,
    Event,
    EventCategory,
    EventSource,
    EventState,
    HandlingLevel,
)
from governance.events.services.workflow import events_reachable, visible_events
from governance.models import Grid
from governance.paging import window_page
from governance.periods import Period
from governance.permissions import CHANGE, ROLE_ACTIONS, scope_for

# `state=open`: any of the open states (the dashboard's open and age figures link with it).
OPEN = "open"
# What a listing row shows, read as plain values: building 50 events with five related objects
# each cost the ORM more than the query itself. The category and the grids are joined (as the
# hand-written query would); departments and assignees, often empty, are looked up by id.
ROW_VALUES = (
    "pk",
    "number",
    "title",
    "address",
    "state",
    "deadline",
    "category__name",
    "grid__name",
    "handling_grid__name",
    "handling_department_id",
    "assignee_id",
)


@dataclass(frozen=True)
class InboxRow:
    pk: int
    number: str
    title: str
    address: str
    state: str
    deadline: datetime.datetime | None
    category: str
    grid: str
    handled_at: str
    assignee: str
    overdue: bool

    @property
    def state_label(self) -> str:
        return EventState(self.state).label


def handleable_events(user) -> QuerySet:
    """Events standing at a node the user may move them from (the mirror of `may_handle`)."""
    return events_reachable(user, CHANGE, ("handling_path",))


@dataclass
class InboxFilters:
    """The inbox's query string, a contract other pages link with: each key is optional."""

    state: str = ""
    category: EventCategory | None = None
    level: int | None = None
    overdue: bool = False
    source: str = ""
    period: Period | None = None
    grid: Grid | None = None
    search: str = ""
    everything: bool = False
    errors: tuple = ()

    @classmethod
    def from_query(cls, query) -> "InboxFilters":
        filters, errors = cls(), []
        filters.state = query.get("state", "")
        filters.source = query.get("source", "")
        filters.overdue = query.get("overdue") == "1"
        filters.everything = query.get("scope") == "all"
        filters.search = " ".join(query.get("q", "").split())[:100]
        if (level := query.get("level", "")).lstrip("-").isdigit():
            filters.level = int(level)
        if (category := query.get("category", "")).isdigit() and int(category) < 2**63:
            filters.category = EventCategory.objects.filter(pk=category).first()
        # An unknown value would silently list nothing: say which one is not understood.
        known = {
            "state": [OPEN, *EventState.values],
            "source": EventSource.values,
            "level": [str(level) for level in HandlingLevel.values],
            "category": [] if filters.category is None else [category],
        }
        for key, values in known.items():
            if (given := query.get(key, "")) and given not in values:
                errors.append(
                    _("The filter %(key)s=“%(value)s” is not understood.")
                    % {"key": key, "value": given[:40]}
                )
        if period := query.get("period", ""):
            try:
                filters.period = Period.parse(period)
            except ValueError as error:
                errors.append(str(error))
        if grid := query.get("grid", "").strip():
            filters.grid = Grid.objects.filter(code=grid).first()
            if filters.grid is None:
                errors.append(_("No grid has the unified code “%(code)s”.") % {"code": grid})
        filters.errors = tuple(errors)
        return filters

    def apply(self, events: QuerySet, *, at: datetime.datetime) -> QuerySet:
        if self.state == OPEN:
            events = events.filter(state__in=OPEN_STATES)
        elif self.state:
            events = events.filter(state=self.state)
        elif not self.everything:
            events = events.filter(state__in=OPEN_STATES)
        if self.category is not None:
            events = events.filter(category__path__startswith=self.category.path)
        if self.level is not None:
            events = events.filter(handling_level=self.level)
        if self.overdue:
            events = events.overdue(at)
        if self.source:
            events = events.filter(source=self.source)
        if self.period is not None:
            events = events.reported_in(self.period)
        if self.grid is not None:
            events = events.in_subtree(self.grid.path)
        elif self.errors:
            events = events.none()
        for word in self.search.split():
            events = events.filter(
                Q(number__icontains=word)
                | Q(address__icontains=word)
                | Q(title__icontains=word)
                | Q(description__icontains=word)
            )
        return events


def inbox_events(user, filters: InboxFilters, *, at: datetime.datetime) -> QuerySet:
    """我的待办 (or, with `everything`, all the user may see), by deadline, soonest first."""
    events = visible_events(user) if filters.everything else handleable_events(user)
    events = filters.apply(events, at=at)
    if filters.everything:
        return events.order_by("-reported_at", "-pk")
    return events.order_by("deadline", "pk")


def inbox_page(user, filters: InboxFilters, *, at: datetime.datetime, page, per_page: int) -> Page:
    """One page of `inbox_events` as `InboxRow`s, with the total: one query for the page and
    its count, and one each for the names of departments and assignees when any is set."""

    def rows(values: list[dict]) -> list[InboxRow]:
        departments = _names(Department, {row["handling_department_id"] for row in values})
        assignees = _user_names({row["assignee_id"] for row in values})
        return [
            InboxRow(
                pk=row["pk"],
                number=row["number"],
                title=row["title"],
                address=row["address"],
                state=row["state"],
                deadline=row["deadline"],
                category=row["category__name"],
                grid=row["grid__name"],
                handled_at=departments.get(row["handling_department_id"])
                or row["handling_grid__name"]
                or "",
                assignee=assignees.get(row["assignee_id"], ""),
                overdue=row["state"] in OPEN_STATES
                and row["deadline"] is not None
                and row["deadline"] < at,
            )
            for row in values
        ]

    events = inbox_events(user, filters, at=at).values(*ROW_VALUES)
    return window_page(events, page, per_page, rows=rows)


def _names(model, ids: set) -> dict:
    ids.discard(None)
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _user_names(ids: set) -> dict:
    ids.discard(None)
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids)
    return {
        pk: f"{first} {last}".strip() or username
        for pk, username, first, last in users.values_list(
            "pk", "username", "first_name", "last_name"
        )
    }


# The access roles whose holders may move events (the change right).
HANDLING_ROLES = [role for role, actions in ROLE_ACTIONS.items() if CHANGE in actions]


def handler_paths(path: str) -> list[str]:
    """The node at `path` and every node above it: assignments there cover the node."""
    return [path[:end] for end in range(Grid.steplen, len(path) + 1, Grid.steplen)]


def possible_handlers(*, grid_paths=(), departments=()) -> QuerySet:
    """Active users whose own assignment covers one of the grid paths (not superusers for the
    whole tree, who would crowd every list), or who belong to one of the departments."""
    roles = HANDLING_ROLES
    condition = Q(event_departments__in=list(departments))
    for path in grid_paths:
        paths = handler_paths(path)
        condition |= Q(grid_assignments__grid__path__in=paths, grid_assignments__role__in=roles)
        condition |= Q(
            groups__grid_assignments__grid__path__in=paths,
            groups__grid_assignments__role__in=roles,
        )
    return (
        get_user_model()
        .objects.filter(condition, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def assignable_users(event: Event) -> QuerySet:
    """Whoever may take the event where it stands now."""
    if event.handling_department_id:
        department = event.handling_department
        return possible_handlers(grid_paths=[department.district.path], departments=[department.pk])
    return possible_handlers(grid_paths=[event.handling_path])


def users_below(user) -> QuerySet:
    """For bulk assign: people working in the user's own subtrees (each event still asks)."""
    scope = scope_for(user)
    User = get_user_model()
    if scope.is_superuser:
        return User.objects.filter(is_active=True).order_by("username")
    paths = scope.paths_for(CHANGE)
    departments = user.event_departments.values_list("pk", flat=True)
    condition = Q(event_departments__in=list(departments))
    for path in paths:
        condition |= Q(grid_assignments__grid__path__startswith=path)
        condition |= Q(groups__grid_assignments__grid__path__startswith=path)
    return (
        User.objects.filter(condition, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def similar_title(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    if not a or not b:
        return False
    return a in b or b in a or difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def same_place(a: str, b: str) -> bool:
    # Addresses differ by one digit (3号楼, 9号楼) and are different places: no fuzzy ratio here,
    # only the same text or one written out more fully than the other.
    a, b = "".join(a.split()), "".join(b.split())
    if len(a) < 2 or len(b) < 2:
        return False
    return a in b or b in a


def possible_duplicates(event: Event, user, *, limit: int = 10) -> list[Event]:
    """Events of the same grid and category, reported within EVENT_DUPLICATE_DAYS of this one,
    whose address or title is alike. Two queries."""
    window = datetime.timedelta(days=settings.EVENT_DUPLICATE_DAYS)
    candidates = (
        visible_events(user)
        .filter(
            grid_id=event.grid_id,
            category_id=event.category_id,
            reported_at__gte=event.reported_at - window,
            reported_at__lte=event.reported_at + window,
        )
        .exclude(pk=event.pk)
        .order_by("-reported_at")[:200]
    )
    found = [
        other
        for other in candidates
        if similar_title(other.title, event.title) or same_place(other.address, event.address)
    ]
    return found[:limit]
