"""Recording a visit, and the event a visit may raise: the visit form, imports and the demo all
call these."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.care.models import CareMembership, Resident, Visit, VisitMethod
from governance.care.services.ledger import active_on
from governance.events.models import EventSource
from governance.events.services import workflow
from governance.permissions import ADD, scope_for


class VisitRefused(Exception):
    status_code = 400


def active_groups(resident: Resident, day: datetime.date):
    return [
        membership.group
        for membership in CareMembership.objects.filter(active_on(day), resident=resident)
        .select_related("group")
        .order_by("group__sort_order")
    ]


def allowed_methods(groups) -> list[str]:
    """The ways a visit counts for every one of the resident's groups (both, outside the ledger,
    or if the groups share none)."""
    allowed = [method for method in VisitMethod.values if all(method in g.methods for g in groups)]
    return allowed or list(VisitMethod.values)


def visit_record(
    *,
    by,
    resident: Resident,
    visited_at: datetime.datetime,
    method: str,
    findings: str,
    needs: str = "",
    event_category=None,
    event_title: str = "",
) -> Visit:
    if not scope_for(by).allows(ADD, resident.grid.path):
        raise VisitRefused(_("%(grid)s is outside your grids.") % {"grid": resident.grid.name})
    groups = active_groups(resident, timezone.localtime(visited_at).date())
    if method not in allowed_methods(groups):
        raise VisitRefused(
            _("A %(method)s does not count as a visit for %(groups)s.")
            % {
                "method": VisitMethod(method).label,
                "groups": "、".join(group.name for group in groups),
            }
        )
    with transaction.atomic():
        # One visit per resident at a time: a double tap (or two phones) posting the same
        # visit records it once; the second post gets the first one back.
        Resident.objects.select_for_update().filter(pk=resident.pk).first()
        same = Visit.objects.filter(
            resident=resident, visited_by=by, visited_at=visited_at, findings=findings
        ).first()
        if same is not None:
            return same
        visit = Visit(
            resident=resident,
            grid=resident.grid,
            visited_by=by,
            visited_at=visited_at,
            method=method,
            findings=findings,
            needs=needs,
        )
        if event_category is not None:
            visit.event = workflow.event_report(
                by=by,
                grid=resident.grid,
                category=event_category,
                title=event_title,
                description=visit_context(visit, groups),
                address=resident.household.address,
                source=EventSource.VISIT,
            )
        visit.save()
    return visit


def visit_context(visit: Visit, groups) -> str:
    """What the event carries from the visit: the place, the groups, the words; the resident
    only by a masked name, since events travel up to departments that need no names."""
    lines = [
        _("Raised at a visit (%(method)s) to %(name)s, %(address)s%(groups)s on %(day)s.")
        % {
            "method": visit.get_method_display(),
            "name": visit.resident.masked_name,
            "address": visit.resident.household.address,
            "groups": f"（{'、'.join(group.name for group in groups)}）" if groups else "",
            "day": f"{visit.visited_at:%Y-%m-%d}",
        },
        _("Found: %(text)s") % {"text": visit.findings},
    ]
    if visit.needs:
        lines.append(_("Needs: %(text)s") % {"text": visit.needs})
    return "\n".join(lines)
