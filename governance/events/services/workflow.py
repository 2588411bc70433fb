"""The event state machine: every move an event can make, who may make it, what it records.

Admin views, the API, commands and the demo all move events through these functions and never
write `state` themselves. Each move runs in one transaction on a locked row and checks the
event's version, so two people pressing 受理 at once give one acceptance and one clear refusal.

    待受理 ─受理→ 已受理 ─指派→ 处置中 ─办结→ 已办结 ─评价/到期→ 已关闭
      │ 不予受理 / 标记重复        转办 ↑ 下派 ↓ 退回 ←          └─ 重新打开 (N 天内)
"""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.events.models import (
    DONE_STATES,
    OPEN_STATES,
    Department,
    Event,
    EventMove,
    EventNumberCounter,
    EventState,
    HandlingLevel,
    LadderStep,
    MoveAction,
    Rating,
    TimeUnit,
)
from governance.events.workdays import deadline_after
from governance.models import Grid, GridLevel
from governance.permissions import ADD, CHANGE, VIEW, scope_for

# Sent after a move has been committed: notifications and caches listen, the mover never waits.
event_moved = Signal()


class MoveRefused(Exception):
    """The state or the request does not allow this move; the message says why, in Chinese."""

    status_code = 409


class MoveForbidden(MoveRefused):
    """The user's scope does not cover the node that holds the event."""

    status_code = 403


@dataclass(frozen=True)
class Rung:
    level: int
    amount: int
    unit: str


# Used by districts that have not configured their own ladder.
DEFAULT_LADDER = (
    Rung(HandlingLevel.MICRO, 1, TimeUnit.WORKDAYS),
    Rung(HandlingLevel.GRID, 2, TimeUnit.WORKDAYS),
    Rung(HandlingLevel.COMMUNITY, 3, TimeUnit.WORKDAYS),
    Rung(HandlingLevel.STREET, 5, TimeUnit.WORKDAYS),
    Rung(HandlingLevel.DEPARTMENT, 5, TimeUnit.WORKDAYS),
)

# Which states each move starts from.
MOVES = {
    MoveAction.ACCEPT: (EventState.PENDING,),
    MoveAction.REJECT: (EventState.PENDING,),
    MoveAction.DUPLICATE: OPEN_STATES,
    MoveAction.ASSIGN: (EventState.ACCEPTED, EventState.IN_PROGRESS),
    MoveAction.ESCALATE: OPEN_STATES,
    MoveAction.TO_DEPARTMENT: OPEN_STATES,
    MoveAction.SEND_DOWN: OPEN_STATES,
    MoveAction.RETURN: (EventState.PENDING,),
    MoveAction.RESOLVE: (EventState.ACCEPTED, EventState.IN_PROGRESS),
    MoveAction.REPLY: tuple(EventState),
    MoveAction.RATE: DONE_STATES,
    MoveAction.CLOSE: (EventState.RESOLVED,),
    MoveAction.REOPEN: DONE_STATES,
}


_clock_override: ContextVar[datetime.datetime | None] = ContextVar("event_clock", default=None)


def now() -> datetime.datetime:
    """The one clock of the workflow; tests replace it to travel in time."""
    return _clock_override.get() or timezone.now()


@contextmanager
def clock_at(at: datetime.datetime):
    """Moves made inside happen at `at`: for the demo's history and for imports of past events.
    A context variable, so a clock set in one thread or request never leaks into another."""
    token = _clock_override.set(at)
    try:
        yield at
    finally:
        _clock_override.reset(token)


# --- who may do what -----------------------------------------------------------------------


def may_handle(user, event: Event) -> bool:
    """Whoever's scope covers the node that holds the event now, or a member of its department."""
    if user is None:
        return False
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    if event.handling_department_id:
        department = event.handling_department
        return user.event_departments.filter(pk=department.pk).exists() or scope.allows(
            CHANGE, department.district.path
        )
    return scope.allows(CHANGE, event.handling_path)


def departments_reachable(user, paths) -> list[int]:
    """The departments whose events the user reaches: those they belong to, and those of the
    districts among `paths` (a department hangs from its district, never from a street).
    Read once per scope, so the event queries filter on ids instead of joining departments."""
    district_paths = sorted(path for path in paths if len(path) == Grid.steplen)
    memo = scope_for(user).memo
    key = ("event_departments", tuple(district_paths))
    if key not in memo:
        condition = Q(district__path__in=district_paths)
        if user.is_authenticated:
            condition |= Q(members=user)
        departments = Department.objects.filter(condition).values_list("pk", flat=True)
        memo[key] = list(departments.distinct())
    return memo[key]


def events_reachable(user, action: str, path_fields) -> QuerySet:
    """Events whose `path_fields` lie in the user's subtrees for `action`, or that stand at a
    department the user reaches. One indexed prefix per subtree, no joins."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Event.objects.all()
    paths = set(scope.paths_for(action))
    condition = Q(handling_department_id__in=departments_reachable(user, paths))
    for path in paths:
        for field in path_fields:
            condition |= Q(**{f"{field}__startswith": path})
    return Event.objects.filter(condition)


def visible_events(user) -> QuerySet:
    """Events in the user's subtrees, where they were reported or where they stand now, and
    those at the user's departments."""
    return events_reachable(user, VIEW, ("grid_path", "handling_path"))


def may_see(user, event: Event) -> bool:
    return visible_events(user).filter(pk=event.pk).exists()


def available_moves(user, event: Event) -> list[str]:
    """The moves this user may make on this event now, for the buttons on its page."""
    if not may_handle(user, event):
        return []
    moves = [action for action, states in MOVES.items() if event.state in states]
    if MoveAction.REOPEN in moves and not within_reopen_window(event):
        moves.remove(MoveAction.REOPEN)
    if MoveAction.RETURN in moves and previous_holder(event) is None:
        moves.remove(MoveAction.RETURN)
    if MoveAction.ESCALATE in moves and next_grid_up(event) is None:
        moves.remove(MoveAction.ESCALATE)
    if MoveAction.TO_DEPARTMENT in moves and not may_send_to_department(event):
        moves.remove(MoveAction.TO_DEPARTMENT)
    if MoveAction.SEND_DOWN in moves and (
        event.handling_department_id or event.handling_level >= event.grid.level
    ):
        moves.remove(MoveAction.SEND_DOWN)
    if MoveAction.RATE in moves and event.rating is not None:
        moves.remove(MoveAction.RATE)
    return moves


# --- the ladder and the clock --------------------------------------------------------------


def ladder_for(grid: Grid) -> tuple[Rung, ...]:
    """The rungs of the grid's district, from the lowest level up, departments last."""
    steps = LadderStep.objects.filter(district__path=grid.path[: Grid.steplen])
    rungs = tuple(Rung(step.level, step.amount, step.unit) for step in steps)
    return tuple(sorted(rungs or DEFAULT_LADDER, key=lambda rung: -rung.level))


def ancestor_at(grid_path: str, level: int) -> Grid:
    # Levels and depths coincide: a district is the root, each level one deeper.
    return Grid.objects.get(path=grid_path[: Grid.steplen * level])


def first_handler(grid: Grid) -> Grid:
    """The lowest node on the ladder at or above the grid where the event happened."""
    candidates = [
        rung.level
        for rung in ladder_for(grid)
        if HandlingLevel.DEPARTMENT < rung.level <= grid.level
    ]
    return ancestor_at(grid.path, max(candidates)) if candidates else grid


def next_grid_up(event: Event) -> Grid | None:
    """The next node up the ladder from where the event stands, or None at the top."""
    if event.handling_department_id:
        return None
    levels = [
        rung.level
        for rung in ladder_for(event.grid)
        if HandlingLevel.DEPARTMENT < rung.level < event.handling_level
    ]
    return ancestor_at(event.grid_path, max(levels)) if levels else None


def may_send_to_department(event: Event) -> bool:
    return not event.handling_department_id and event.handling_level <= GridLevel.STREET


def time_limit(event: Event, level: int) -> Rung:
    own = event.category.limit_for(level)
    if own is not None:
        return Rung(level, own.amount, own.unit)
    rungs = ladder_for(event.grid)
    return next((rung for rung in rungs if rung.level == level), None) or Rung(
        level, 3, TimeUnit.WORKDAYS
    )


def deadline_at_level(event: Event, level: int, start: datetime.datetime):
    rung = time_limit(event, level)
    return deadline_after(start, rung.amount, rung.unit)


def within_reopen_window(event: Event, at=None) -> bool:
    if event.resolved_at is None:
        return False
    at = at or now()
    return at - event.resolved_at <= datetime.timedelta(days=settings.EVENT_REOPEN_DAYS)


def previous_holder(event: Event) -> EventMove | None:
    """The move that brought the event to where it stands, if it came from another node."""
    arrival = (
        event.moves.filter(
            action__in=[MoveAction.ESCALATE, MoveAction.TO_DEPARTMENT, MoveAction.SEND_DOWN]
        )
        .order_by("-at", "-pk")
        .first()
    )
    if arrival is None or not (arrival.from_path or arrival.from_department_id):
        return None
    return arrival


def node_label(event: Event) -> str:
    node = event.handling_node
    return node.name if node else ""


# --- moving --------------------------------------------------------------------------------


@contextmanager
def moving(event: Event, by, action: str, note: str = "", *, check_scope: bool = True):
    """Lock the row, check the state, the scope and the version; record the move on the way out.

    The caller's `event` is refreshed with the result, so a page can show it at once."""
    with transaction.atomic():
        try:
            locked = (
                Event.objects.select_for_update(of=("self",))
                .select_related("grid", "category", "handling_department__district")
                .get(pk=event.pk)
            )
        except Event.DoesNotExist as missing:
            raise MoveRefused(_("This event no longer exists.")) from missing
        if locked.version != event.version:
            raise MoveRefused(
                _(
                    "Someone else has just handled event %(number)s (now “%(state)s”). "
                    "Reload the page and try again."
                )
                % {"number": locked.number, "state": locked.get_state_display()}
            )
        if locked.state not in MOVES[action]:
            raise MoveRefused(
                _("Event %(number)s is “%(state)s”: it cannot be %(action)s now.")
                % {
                    "number": locked.number,
                    "state": locked.get_state_display(),
                    "action": MoveAction(action).label,
                }
            )
        if check_scope and not may_handle(by, locked):
            raise MoveForbidden(
                _("Event %(number)s is held by %(node)s, which is outside your grids.")
                % {"number": locked.number, "node": node_label(locked)}
            )
        at = now()
        before = {
            "state": locked.state,
            "node": node_label(locked),
            "path": locked.handling_path,
            "department": locked.handling_department,
        }
        locked._move_at = at
        yield locked
        locked.version += 1
        locked.save()
        move = EventMove.objects.create(
            event=locked,
            action=action,
            from_state=before["state"],
            to_state=locked.state,
            from_node=before["node"],
            to_node=node_label(locked),
            from_path=before["path"],
            from_department=before["department"],
            by=by,
            at=at,
            note=note,
        )
        transaction.on_commit(lambda: event_moved.send(Event, event=locked, move=move))
    event.__dict__.update(locked.__dict__)


def _place_at_grid(event: Event, grid: Grid, at) -> None:
    event.handling_grid = grid
    event.handling_department = None
    event.handling_level = grid.level
    event.handling_path = grid.path
    event.assignee = None
    event.deadline = deadline_at_level(event, grid.level, at)


def _place_at_department(event: Event, department: Department, at) -> None:
    event.handling_grid = None
    event.handling_department = department
    event.handling_level = HandlingLevel.DEPARTMENT
    event.handling_path = ""
    event.assignee = None
    event.deadline = deadline_at_level(event, HandlingLevel.DEPARTMENT, at)


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise MoveRefused(message)
    return text


def next_number(at: datetime.datetime) -> str:
    """SJ + the local date + the day's running number, handed out under a row lock."""
    day = timezone.localtime(at).date()
    with transaction.atomic():
        try:
            with transaction.atomic():
                EventNumberCounter.objects.get_or_create(day=day)
        except IntegrityError:
            pass  # created by a concurrent report a moment ago
        counter = EventNumberCounter.objects.select_for_update().get(day=day)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"SJ{day:%Y%m%d}-{counter.last:04d}"


def event_report(*, by, grid: Grid, category, title: str, check_scope: bool = True, **fields):
    """A new event, waiting at the lowest rung of the ladder at or above its grid."""
    if check_scope and not scope_for(by).allows(ADD, grid.path):
        raise MoveForbidden(_("%(grid)s is outside your grids.") % {"grid": grid.name})
    if not category.is_active:
        raise MoveRefused(_("The category “%(name)s” is no longer in use.") % {"name": category})
    at = fields.pop("reported_at", None) or now()
    with transaction.atomic():
        event = Event(
            number=next_number(at),
            grid=grid,
            grid_path=grid.path,
            category=category,
            title=_required(title, _("An event needs a title.")),
            reported_at=at,
            reported_by=by if by is not None and by.is_authenticated else None,
            **fields,
        )
        _place_at_grid(event, first_handler(grid), at)
        event.full_clean(exclude=["number", "handling_level"])
        event.save()
        move = EventMove.objects.create(
            event=event,
            action=MoveAction.REPORT,
            to_state=event.state,
            to_node=node_label(event),
            by=event.reported_by,
            at=at,
            note=event.get_source_display(),
        )
        transaction.on_commit(lambda: event_moved.send(Event, event=event, move=move))
    return event


def event_accept(event: Event, *, by, note: str = ""):
    with moving(event, by, MoveAction.ACCEPT, note) as locked:
        locked.state = EventState.ACCEPTED
        locked.accepted_at = locked.accepted_at or locked._move_at
        if locked.accepted_level is None:
            locked.accepted_level = locked.handling_level
    return event


def event_reject(event: Event, *, by, reason: str):
    reason = _required(reason, _("Say why the event is not accepted."))
    with moving(event, by, MoveAction.REJECT, reason) as locked:
        locked.state = EventState.REJECTED
        locked.rejection_reason = reason[:200]
        locked.deadline = None
        locked.closed_at = locked._move_at
    return event


def event_mark_duplicate(event: Event, *, by, original: Event, note: str = ""):
    while original.duplicate_of_id:
        original = original.duplicate_of
    if original.pk == event.pk:
        raise MoveRefused(_("An event cannot duplicate itself."))
    if not may_see(by, original):
        raise MoveForbidden(_("You cannot see event %(number)s.") % {"number": original.number})
    with moving(event, by, MoveAction.DUPLICATE, note or original.number) as locked:
        locked.state = EventState.DUPLICATE
        locked.duplicate_of = original
        locked.deadline = None
        locked.closed_at = locked._move_at
    return event


def event_assign(event: Event, *, by, assignee, note: str = ""):
    if assignee is None or not assignee.is_active:
        raise MoveRefused(_("Choose an active user to assign the event to."))
    label = assignee.get_full_name() or assignee.get_username()
    probe = Event(
        handling_department=event.handling_department,
        handling_path=event.handling_path,
        handling_level=event.handling_level,
    )
    if not may_handle(assignee, probe):
        raise MoveRefused(
            _("%(user)s cannot handle events at %(node)s.")
            % {"user": label, "node": node_label(event)}
        )
    with moving(event, by, MoveAction.ASSIGN, note or label) as locked:
        locked.state = EventState.IN_PROGRESS
        locked.assignee = assignee
    return event


def event_escalate(event: Event, *, by, reason: str):
    """转办: up one rung of the district's ladder; the clock starts again at the new level."""
    reason = _required(reason, _("Say why the event is passed up."))
    target = next_grid_up(event)
    if target is None:
        raise MoveRefused(
            _("Event %(number)s stands at the top of the ladder: send it to a department.")
            % {"number": event.number}
        )
    with moving(event, by, MoveAction.ESCALATE, reason) as locked:
        locked.state = EventState.PENDING
        locked.escalated = True
        _place_at_grid(locked, target, locked._move_at)
    return event


def event_send_to_department(event: Event, *, by, department: Department, reason: str):
    reason = _required(reason, _("Say why the event goes to a department."))
    if not may_send_to_department(event):
        raise MoveRefused(_("Only a street or a district sends events to departments."))
    if department.district.path != event.grid_path[: Grid.steplen] or not department.is_active:
        raise MoveRefused(
            _("“%(name)s” is not a department of this district.") % {"name": department}
        )
    with moving(event, by, MoveAction.TO_DEPARTMENT, reason) as locked:
        locked.state = EventState.PENDING
        locked.escalated = True
        _place_at_department(locked, department, locked._move_at)
    return event


def event_send_down(event: Event, *, by, target: Grid, note: str = ""):
    """下派: to a node below the one holding the event, on the way to where it happened."""
    if (
        event.handling_department_id
        or not event.grid_path.startswith(target.path)
        or target.level <= event.handling_level
    ):
        raise MoveRefused(
            _("%(grid)s is not below %(node)s on the way to the event's grid.")
            % {"grid": target.name, "node": node_label(event)}
        )
    with moving(event, by, MoveAction.SEND_DOWN, note) as locked:
        locked.state = EventState.PENDING
        _place_at_grid(locked, target, locked._move_at)
    return event


def event_return(event: Event, *, by, reason: str):
    """退回: back to the node that passed the event here, which handles it after all."""
    reason = _required(reason, _("Say why the event is returned."))
    arrival = previous_holder(event)
    if arrival is None:
        raise MoveRefused(_("This event was not passed here by another node."))
    with moving(event, by, MoveAction.RETURN, reason) as locked:
        locked.state = EventState.ACCEPTED if locked.accepted_at else EventState.PENDING
        if arrival.from_department_id:
            _place_at_department(locked, arrival.from_department, locked._move_at)
        else:
            _place_at_grid(locked, Grid.objects.get(path=arrival.from_path), locked._move_at)
    return event


def event_resolve(event: Event, *, by, result: str):
    result = _required(result, _("Describe how the event was resolved."))
    with moving(event, by, MoveAction.RESOLVE, result) as locked:
        at = locked._move_at
        locked.state = EventState.RESOLVED
        locked.resolution = result
        locked.resolved_at = at
        locked.resolved_in_time = locked.deadline is None or at <= locked.deadline
    return event


def event_reply(event: Event, *, by, text: str):
    """A reply to the reporter, kept on the timeline; the state does not change."""
    text = _required(text, _("The reply is empty."))
    with moving(event, by, MoveAction.REPLY, text):
        pass
    return event


def event_rate(event: Event, *, by, rating: int, note: str = "", check_scope: bool = True):
    """The reporter's rating (taken down by staff, or sent by the reporter) closes the event."""
    if rating not in Rating.values:
        raise MoveRefused(_("A rating is a whole number from 1 to 5."))
    if event.rating is not None:
        raise MoveRefused(_("Event %(number)s has already been rated.") % {"number": event.number})
    label = Rating(rating).label
    with moving(
        event, by, MoveAction.RATE, f"{label} {note}".strip(), check_scope=check_scope
    ) as locked:
        locked.rating = rating
        locked.rating_note = note[:200]
        locked.state = EventState.CLOSED
        locked.closed_at = locked.closed_at or locked._move_at
    return event


def event_close(event: Event, *, by=None, note: str = ""):
    """Closing without a rating: by staff, or by the clock (`by=None`)."""
    with moving(event, by, MoveAction.CLOSE, note, check_scope=by is not None) as locked:
        locked.state = EventState.CLOSED
        locked.closed_at = locked._move_at
    return event


def event_reopen(event: Event, *, by, reason: str, check_scope: bool = True):
    """Back to the node that resolved it, accepted, with a new clock (by staff, or by the
    reporter through the status page: `check_scope=False`)."""
    reason = _required(reason, _("Say why the event is reopened."))
    # An event never resolved is refused by `moving` for its state, not for the window.
    if event.resolved_at is not None and not within_reopen_window(event):
        raise MoveRefused(
            _("Event %(number)s was resolved more than %(days)d days ago and cannot be reopened.")
            % {"number": event.number, "days": settings.EVENT_REOPEN_DAYS}
        )
    with moving(event, by, MoveAction.REOPEN, reason, check_scope=check_scope) as locked:
        at = locked._move_at
        locked.state = EventState.ACCEPTED
        locked.resolved_at = locked.closed_at = locked.resolved_in_time = locked.rating = None
        locked.rating_note = ""
        locked.reopened_count += 1
        locked.deadline = deadline_at_level(locked, locked.handling_level, at)
    return event


def event_report_resolved_on_the_spot(*, by, result: str, **report):
    """随手记 of a matter the worker settled there and then: reported, accepted, resolved."""
    result = _required(result, _("Describe how the event was resolved."))
    with transaction.atomic():
        event = event_report(by=by, **report)
        event_accept(event, by=by)
        event_resolve(event, by=by, result=result)
    return event
