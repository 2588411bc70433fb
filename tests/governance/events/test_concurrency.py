"""Two people pressing the same button on the same event at once: exactly one move happens."""

import threading
from functools import partial

import pytest

from governance.events.factories import make_event
from governance.events.models import Event, EventMove, EventState, MoveAction
from governance.events.services import workflow
from governance.models import AccessRole
from tests.concurrency import needs_concurrent_writers, run_together
from tests.governance.permission_world import build_world

pytestmark = [pytest.mark.django_db(transaction=True), needs_concurrent_writers]


def race(move, users, event_pk):
    """Run `move` for each user in its own thread and connection, released together."""
    start = threading.Barrier(len(users))

    def attempt(user):
        event = Event.objects.get(pk=event_pk)
        start.wait()
        try:
            move(event, user)
            return "moved"
        except workflow.MoveRefused as refused:
            return str(refused)

    return run_together([partial(attempt, user) for user in users])


def test_two_acceptances_at_once__one_succeeds_one_is_told_why():
    world = build_world()
    event = make_event(grid=world.nodes["g1111"])
    users = [world.users[AccessRole.GRID_WORKER], world.users[AccessRole.COMMUNITY_EDITOR]]

    outcomes = race(lambda e, user: workflow.event_accept(e, by=user), users, event.pk)

    assert outcomes.count("moved") == 1
    assert "刚刚已被他人处理" in next(o for o in outcomes if o != "moved")
    assert EventMove.objects.filter(event=event, action=MoveAction.ACCEPT).count() == 1
    assert Event.objects.get(pk=event.pk).state == EventState.ACCEPTED


def test_two_resolutions_at_once__one_result_recorded():
    world = build_world()
    worker = world.users[AccessRole.GRID_WORKER]
    event = make_event(grid=world.nodes["g1111"])
    workflow.event_accept(event, by=worker)
    users = [worker, world.users[AccessRole.STREET_EDITOR]]

    outcomes = race(
        lambda e, user: workflow.event_resolve(e, by=user, result=f"{user} 办结"), users, event.pk
    )

    assert outcomes.count("moved") == 1
    assert EventMove.objects.filter(event=event, action=MoveAction.RESOLVE).count() == 1


def test_event_numbers_stay_unique_under_concurrent_reports():
    world = build_world()
    grid = world.nodes["g1111"]
    category = make_event(grid=grid).category

    numbers = run_together([lambda: make_event(grid=grid, category=category).number] * 6)

    assert not [n for n in numbers if isinstance(n, Exception)]
    assert len(set(numbers)) == 6
