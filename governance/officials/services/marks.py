"""Assessors' marks (考评打分): the points and comment of each hand-scored item for one official
and one month, saved together or not at all.

Only users holding the assess action on the official's grid may mark (the one policy: the
street, the district and their assessors, never the community the official serves), and nobody
marks their own record. An item left without points has no mark: clearing it removes the old one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.officials.models import ManualScore, ScoreBasis, ScoringRule, YoungOfficial
from governance.permissions import ASSESS, scope_for


@dataclass(frozen=True)
class Mark:
    rule: ScoringRule
    points: Decimal | None  # None: the item is not scored
    note: str = ""


def manual_rules() -> list[ScoringRule]:
    """The items assessors score, as the admin lists them."""
    return list(ScoringRule.objects.filter(basis=ScoreBasis.MANUAL, is_active=True))


def may_assess(user, official: YoungOfficial) -> bool:
    return scope_for(user).allows(ASSESS, official.grid.path) and official.user_id != getattr(
        user, "pk", None
    )


def marks_of(official: YoungOfficial, month: datetime.date) -> dict[int, ManualScore]:
    """The marks given for the month, by rule id."""
    return {
        mark.rule_id: mark
        for mark in ManualScore.objects.filter(official=official, month=month.replace(day=1))
    }


def marks_stamp(given: dict[int, ManualScore]) -> str:
    """When the month's marks were last written ("" before any): what the assessor saw."""
    return max((mark.scored_at.isoformat() for mark in given.values()), default="")


def marks_save(
    *,
    by,
    official: YoungOfficial,
    month: datetime.date,
    marks: list[Mark],
    seen: str | None = None,
) -> None:
    """Writes the month's marks; a refused or invalid one leaves every mark as it was. `seen`
    is the stamp of the marks the assessor was shown: if another assessor has saved since, the
    save is refused rather than silently overwriting theirs."""
    if official.user_id is not None and official.user_id == by.pk:
        raise PermissionDenied(_("You may not score your own work."))
    if not scope_for(by).allows(ASSESS, official.grid.path):
        raise PermissionDenied(
            _("You may not score the young officials of %(grid)s.") % {"grid": official.grid.name}
        )
    month = month.replace(day=1)
    with transaction.atomic():
        # One save at a time per official: the stamp check and the writes go together.
        YoungOfficial.objects.select_for_update().filter(pk=official.pk).first()
        if seen is not None and marks_stamp(marks_of(official, month)) != seen:
            raise ValidationError(
                _("Someone else changed these marks after you opened the form: reload and check.")
            )
        for mark in marks:
            if mark.rule.basis != ScoreBasis.MANUAL or not mark.rule.is_active:
                raise ValidationError(
                    _("“%(rule)s” is not an item assessors score.") % {"rule": mark.rule.name}
                )
            if mark.points is None:
                ManualScore.objects.filter(official=official, rule=mark.rule, month=month).delete()
                continue
            # The model's own checks (the item's maximum, no negative points) before writing.
            candidate = ManualScore(
                official=official, rule=mark.rule, month=month, points=mark.points, note=mark.note
            )
            candidate.clean_fields(exclude=["official", "rule", "scored_by"])
            candidate.clean()
            ManualScore.objects.update_or_create(
                official=official,
                rule=mark.rule,
                month=month,
                defaults={"points": mark.points, "note": mark.note, "scored_by": by},
            )
