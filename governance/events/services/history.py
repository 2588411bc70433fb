"""Events brought in from another platform's export: records of what happened there.

Why not replay them through the workflow: its moves are this system's own acts — they check the
mover's scope, climb the district's ladder and start clocks. A historical event did none of that
here. Its outcome (reported then, resolved then, on the spot or along the loop, rated so) is a
fact to record, and a re-import must be able to correct it. So this function, beside the
workflow, writes the settled state in one place, with the same numbering, and leaves timeline
moves that say the event was imported. It only ever writes the finished states.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from governance.events.models import (
    DONE_STATES,
    Event,
    EventMove,
    EventSource,
    EventState,
    MoveAction,
    Rating,
)
from governance.events.services import workflow

# The states another platform's finished events can arrive in.
IMPORTABLE_STATES = (EventState.RESOLVED, EventState.CLOSED, EventState.REJECTED)


def settled_state(state: str, rating) -> str:
    """A rating closes an event here (see `workflow.event_rate`); so it does on import."""
    if state == EventState.RESOLVED and rating is not None:
        return EventState.CLOSED
    return state


def moved_here_since_import(event: Event) -> bool:
    """An imported event that someone has since moved here (reopened, say) is no longer only
    history: a re-import must not overwrite it. Every move bumps the version; imports reset it."""
    return event.pk is not None and event.version > 0


@transaction.atomic
def event_record_imported(*, event: Event, by=None) -> Event:
    """Saves an imported event (new, or one imported before with the same external number) in a
    consistent finished state, and rewrites its imported timeline."""
    # The notes are stored text: written in the site's language, whoever runs the import.
    with translation.override(settings.LANGUAGE_CODE):
        return _record(event, by)


def _record(event: Event, by) -> Event:
    new = event.pk is None
    state = settled_state(event.state, event.rating)
    if state not in IMPORTABLE_STATES:
        raise ValueError(f"not a finished state: {state}")
    grid = event.grid
    event.state = state
    event.is_imported = True
    event.source = EventSource.PLATFORM
    event.grid_path = grid.path
    # Where it was settled is not known beyond its grid: it stands there, finished.
    event.handling_grid = grid
    event.handling_department = None
    event.handling_level = grid.level
    event.handling_path = grid.path
    event.assignee = None
    event.deadline = None
    event.escalated = bool(event.escalated) and state in DONE_STATES
    event.resolved_in_time = None  # the other platform's time limits are not known
    event.version = 0
    if state in DONE_STATES:
        event.accepted_at = event.reported_at
        event.accepted_level = grid.level
        event.closed_at = event.resolved_at if state == EventState.CLOSED else None
        event.rejection_reason = ""
    else:
        event.accepted_at = event.accepted_level = event.resolved_at = event.rating = None
        event.closed_at = event.reported_at
        event.rejection_reason = event.rejection_reason or _("Not accepted on the other platform.")
    if new:
        event.number = workflow.next_number(event.reported_at)
    event.save()
    if not new:
        event.moves.all().delete()
    for move in imported_timeline(event, by=by):
        move.save()
    return event


def imported_timeline(event: Event, *, by) -> list[EventMove]:
    origin = _("Imported from another platform (number there: %(number)s).") % {
        "number": event.external_number
    }
    moves = [
        EventMove(
            event=event,
            action=MoveAction.REPORT,
            to_state=EventState.PENDING,
            to_node=event.grid.name,
            by=by,
            at=event.reported_at,
            note=origin,
        )
    ]
    if event.state == EventState.REJECTED:
        moves.append(_move(event, MoveAction.REJECT, EventState.PENDING, event.reported_at, by))
        return moves
    how = _("passed along the closed loop") if event.escalated else _("handled on the spot")
    resolve = _move(event, MoveAction.RESOLVE, EventState.PENDING, event.resolved_at, by)
    resolve.to_state = EventState.RESOLVED
    resolve.note = _("Resolved on the other platform, %(how)s.") % {"how": how}
    moves.append(resolve)
    if event.rating is not None:
        rate = _move(event, MoveAction.RATE, EventState.RESOLVED, event.resolved_at, by)
        rate.note = f"{Rating(event.rating).label} {rate.note}"
        moves.append(rate)
    elif event.state == EventState.CLOSED:
        moves.append(_move(event, MoveAction.CLOSE, EventState.RESOLVED, event.resolved_at, by))
    return moves


def _move(event, action, from_state, at, by) -> EventMove:
    return EventMove(
        event=event,
        action=action,
        from_state=from_state,
        to_state=event.state,
        from_node=event.grid.name,
        to_node=event.grid.name,
        from_path=event.grid_path,
        by=by,
        at=at,
        note=_("Imported from another platform."),
    )
