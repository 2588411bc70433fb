"""Publishing a resolved event on its community's page: staff of the community choose the
public title and the official reply, so nothing a resident typed appears unless they do."""

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.events.models import DONE_STATES, Event
from governance.models import Grid, GridLevel
from governance.permissions import CHANGE, scope_for
from governance.resident_reports.models import PublishedCase
from governance.text import typed_text

COMMUNITY_PATH_LENGTH = Grid.steplen * GridLevel.COMMUNITY


class CannotPublish(Exception):
    """Why the event cannot be published, in Chinese."""


def community_path(event: Event) -> str:
    return event.grid_path[:COMMUNITY_PATH_LENGTH]


def is_community_staff(user, event: Event) -> bool:
    """Who may change the records of the event's whole community."""
    return len(event.grid_path) >= COMMUNITY_PATH_LENGTH and scope_for(user).allows(
        CHANGE, community_path(event)
    )


def may_publish(user, event: Event) -> bool:
    return event.state in DONE_STATES and is_community_staff(user, event)


def case_publish(event: Event, *, by, title: str, reply: str) -> PublishedCase:
    if not may_publish(by, event):
        raise CannotPublish(_("Only a resolved event can be published, by its community's staff."))
    title, reply = typed_text(title).strip(), typed_text(reply).strip()
    if not title or not reply:
        raise CannotPublish(_("Write both a public title and the official reply."))
    case, _created = PublishedCase.objects.update_or_create(
        event=event,
        defaults={
            "title": title[:100],
            "reply": reply[:2000],
            "published_at": timezone.now(),
            "published_by": by,
        },
    )
    return case


def case_withdraw(event: Event, *, by) -> None:
    if not is_community_staff(by, event):
        raise CannotPublish(_("Only the community's staff may withdraw its published cases."))
    PublishedCase.objects.filter(event=event).delete()


def published_cases(community: Grid, *, limit: int = 10):
    """The newest cases of the community, with the grid each happened in: one query."""
    return (
        PublishedCase.objects.filter(
            event__grid_path__startswith=community.path, event__state__in=DONE_STATES
        )
        .select_related("event__grid")
        .order_by("-published_at")[:limit]
    )
