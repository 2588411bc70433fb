"""走访: the phone form a grid worker fills in at the door or after the call."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.care.forms import VisitForm
from governance.care.models import Resident
from governance.care.services.access_log import record_access
from governance.care.services.visits import (
    VisitRefused,
    active_groups,
    allowed_methods,
    visit_record,
)
from governance.events.services import workflow
from governance.permissions import ADD, scope_for
from governance.viewsets.scoped import is_record_id


def resident_for_visit(request, resident_id) -> Resident:
    """A resident in a grid where the user may add records; any other id is not found."""
    if not is_record_id(resident_id):
        raise Http404
    residents = scope_for(request).restrict(
        Resident.objects.select_related("household", "grid"), ADD, path_field="grid__path"
    )
    try:
        return residents.get(pk=resident_id)
    except Resident.DoesNotExist:
        raise Http404 from None


def visit_new(request, resident_id):
    resident = resident_for_visit(request, resident_id)
    groups = active_groups(resident, timezone.localdate())
    form = VisitForm(request.POST or None, methods=allowed_methods(groups))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                visit = visit_record(
                    by=request.user,
                    resident=resident,
                    visited_at=data["visited_at"],
                    method=data["method"],
                    findings=data["findings"],
                    needs=data["needs"],
                    event_category=data["category"] if data["raise_event"] else None,
                    event_title=data["event_title"],
                )
            except (VisitRefused, workflow.MoveRefused) as refusal:
                form.add_error(None, str(refusal))
                status = refusal.status_code
            else:
                if visit.event_id:
                    messages.success(
                        request,
                        _("Visit recorded; event %(number)s reported.")
                        % {"number": visit.event.number},
                    )
                    return redirect("events_event", pk=visit.event_id)
                messages.success(request, _("Visit to %(name)s recorded.") % {"name": resident})
                return redirect("care_due")
        else:
            status = 400
    sees = scope_for(request).sees_personal_data(resident.grid.path)
    if sees and request.method == "GET" and resident.phone:
        record_access(
            request.user,
            action="view",
            what=_("Phone of resident #%(id)d for a visit") % {"id": resident.pk},
            grid_path=resident.grid.path,
        )
    context = {
        "resident": resident,
        "sees_personal_data": sees,
        "groups": groups,
        "form": form,
        "due_url": reverse("care_due"),
    }
    return TemplateResponse(request, "care/visit_form.html", context, status=status)
