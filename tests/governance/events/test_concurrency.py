"""Two people pressing the same button on the same event at once: exactly one move happens."""

import threading

import pytest
from django.db import connection, connections

from governance.events.factories import make_event
from governance.events.models import Event, EventMove, EventState, MoveAction
from governance.events.services import workflow
from governance.models import AccessRole
from tests.governance.permission_world import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need a database with concurrent writers (the CI runs PostgreSQL)",
    ),
]


def race(move, users, event_pk):
    """Run `move` for each user in its own thread and connection, released together."""
    start = threading.Barrier(len(users))
    outcomes = []

    def attempt(user):
        event = Event.objects.get(pk=event_pk)
        start.wait()
        try:
            move(event, user)
            outcomes.append("moved")
        except workflow.MoveRefused as refused:
            outcomes.append(str(refused))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
    numbers = []

    def report():
        numbers.append(make_event(grid=grid, category=category).number)
        connections.close_all()

    threads = [threading.Thread(target=report) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(numbers)) == 6
