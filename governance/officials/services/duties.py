"""六员: a young official's log of the six duties, written by the official or an editor above."""

import datetime

from django.utils.translation import gettext as _

from governance.officials.models import Duty, DutyLog, YoungOfficial
from governance.officials.services import workflow
from governance.officials.services.workflow import WorkForbidden, WorkRefused
from governance.permissions import ADD, scope_for
from governance.text import typed_text


def may_log_duties(by, official: YoungOfficial) -> bool:
    """The official's own account, or whoever may add records on the official's grid."""
    if official.user_id is not None and official.user_id == getattr(by, "pk", None):
        return True
    return scope_for(by).allows(ADD, official.grid.path)


def duty_log_record(
    *, by, official: YoungOfficial, duty: str, done_on: datetime.date, note: str
) -> DutyLog:
    if not may_log_duties(by, official):
        raise WorkForbidden(_("%(grid)s is outside your grids.") % {"grid": official.grid.name})
    if duty not in Duty.values:
        raise WorkRefused(_("Choose one of the six duties."))
    note = typed_text(note)
    if not note:
        raise WorkRefused(_("Write what was done."))
    if done_on > workflow.today():
        raise WorkRefused(_("A duty cannot be logged for a day still to come."))
    return DutyLog.objects.create(
        official=official,
        grid=official.grid,
        duty=duty,
        done_on=done_on,
        note=note,
        created_by=by,
    )
