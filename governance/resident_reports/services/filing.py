"""A resident files a report: checked whole, then the event, its photos and the tracking token
are written together or not at all."""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.events.models import EventCategory, EventSource
from governance.events.services.attachments import PreparedFile, attachment_store
from governance.events.services.workflow import event_report
from governance.models import Grid
from governance.resident_reports.models import Open311Client, ResidentReport
from governance.resident_reports.services.secrets import new_secret, secret_hash
from governance.text import typed_text

DESCRIPTION_MAX = 2000
TITLE_LENGTH = 30
# ASCII digits only: full-width ones would count the same phone apart in the rate limits.
PHONE = re.compile(r"^\+?[0-9]{7,15}$")


@dataclass(frozen=True)
class Filed:
    report: ResidentReport
    # Shown once to the reporter (the private link); only its hash is kept.
    token: str


def clean_phone(phone: str) -> str:
    """The phone as typed without spaces and hyphens; ValidationError if it is not one."""
    phone = re.sub(r"[\s\-()]", "", typed_text(phone))
    if phone and not PHONE.match(phone):
        raise ValidationError(
            _("“%(phone)s” is not a phone number: type 7 to 15 digits.") % {"phone": phone[:20]}
        )
    return phone


def clean_description(text: str) -> str:
    text = typed_text(text)
    if not text:
        raise ValidationError(_("Describe the problem."))
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(
            _("The description is %(length)d characters long; at most %(max)d are kept.")
            % {"length": len(text), "max": DESCRIPTION_MAX}
        )
    return text


def clean_coordinate(value, low: int, high: int) -> Decimal | None:
    """A latitude or longitude from the browser, or None: a bad one is dropped, not an error,
    because the resident never typed it."""
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() and low <= number <= high else None


def reportable_categories():
    return EventCategory.objects.filter(is_public=True, is_active=True).order_by("path")


def category_groups() -> dict[str, str]:
    """The top-level categories' names by path, read once for a whole list of kinds."""
    return dict(EventCategory.objects.filter(depth=1).values_list("path", "name"))


def group_of(category: EventCategory, groups: dict[str, str]) -> str:
    """The top-level category a kind of problem belongs to (itself at the top)."""
    return groups.get(category.path[: EventCategory.steplen], "")


def title_from(description: str) -> str:
    first_line = description.splitlines()[0].strip()
    return first_line[:TITLE_LENGTH] + ("…" if len(first_line) > TITLE_LENGTH else "")


def resident_report_file(
    *,
    grid: Grid,
    category: EventCategory,
    description: str,
    address: str = "",
    latitude=None,
    longitude=None,
    phone: str = "",
    name: str = "",
    anonymous: bool = False,
    photos: list[PreparedFile] = (),
    client: Open311Client | None = None,
) -> Filed:
    """The report as an event waiting at the first rung above `grid`. An anonymous report keeps
    no name and no phone: its reporter follows it with the private link only."""
    if not (category.is_public and category.is_active):
        raise ValidationError(_("“%(name)s” cannot be reported here.") % {"name": category})
    description = clean_description(description)
    if len(photos) > settings.RESIDENT_REPORT_MAX_PHOTOS:
        raise ValidationError(
            _("At most %(count)d photos.") % {"count": settings.RESIDENT_REPORT_MAX_PHOTOS}
        )
    phone, name = ("", "") if anonymous else (clean_phone(phone), typed_text(name)[:40])
    token = new_secret()
    stored = []
    try:
        with transaction.atomic():
            event = event_report(
                by=None,
                check_scope=False,
                grid=grid,
                category=category,
                title=title_from(description),
                description=description,
                address=typed_text(address)[:200],
                latitude=clean_coordinate(latitude, -90, 90),
                longitude=clean_coordinate(longitude, -180, 180),
                reporter_phone=phone,
                reporter_name=name,
                source=EventSource.API if client else EventSource.RESIDENT,
            )
            report = ResidentReport.objects.create(
                event=event,
                token_hash=secret_hash(token),
                is_anonymous=anonymous,
                client=client,
                created_at=event.reported_at,
            )
            for prepared in photos:
                stored.append(attachment_store(prepared, event=event, by=None))
    except Exception:
        # The rows are rolled back; the files written before the failure go too.
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return Filed(report=report, token=token)
