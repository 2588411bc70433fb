"""Shared set-up for the events tests: the roles of the permission world, a reported event."""

from governance.events.factories import make_category, make_event
from governance.models import AccessRole

WORKER, COMMUNITY, STREET, DISTRICT, ANALYST = (
    AccessRole.GRID_WORKER,
    AccessRole.COMMUNITY_EDITOR,
    AccessRole.STREET_EDITOR,
    AccessRole.DISTRICT_ADMIN,
    AccessRole.ANALYST,
)


def report(world, node="g1111", *, by=WORKER, **fields):
    fields.setdefault("category", make_category())
    return make_event(grid=world.nodes[node], by=world.users[by], **fields)
