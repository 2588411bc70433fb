from governance.events.models.attachments import EventAttachment
from governance.events.models.calendar import WorkdayOverride
from governance.events.models.categories import (
    AttributeType,
    CategoryAttribute,
    CategoryTimeLimit,
    EventCategory,
)
from governance.events.models.departments import Department
from governance.events.models.events import (
    DONE_STATES,
    OPEN_STATES,
    SATISFIED_RATINGS,
    Event,
    EventMove,
    EventNumberCounter,
    EventPriority,
    EventSource,
    EventState,
    MoveAction,
    Rating,
)
from governance.events.models.ladders import LadderStep
from governance.events.models.limits import HandlingLevel, TimeUnit
from governance.events.models.notifications import (
    Notification,
    NotificationKind,
    OutboxMessage,
    OutboxStatus,
)
from governance.events.models.replies import ReplyTemplate

__all__ = [
    "AttributeType",
    "CategoryAttribute",
    "CategoryTimeLimit",
    "DONE_STATES",
    "Department",
    "Event",
    "EventAttachment",
    "EventCategory",
    "EventMove",
    "EventNumberCounter",
    "EventPriority",
    "EventSource",
    "EventState",
    "HandlingLevel",
    "LadderStep",
    "MoveAction",
    "Notification",
    "NotificationKind",
    "OutboxMessage",
    "OutboxStatus",
    "OPEN_STATES",
    "Rating",
    "ReplyTemplate",
    "SATISFIED_RATINGS",
    "TimeUnit",
    "WorkdayOverride",
]
