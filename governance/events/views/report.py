"""随手记: a grid worker's quick report from a phone."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from governance.events.forms import QuickReportForm
from governance.events.services import workflow
from governance.permissions import ADD, scope_for


def quick_report(request):
    if not scope_for(request).allows_anywhere(ADD):
        # Analysts read figures; a form with no grid to choose would be a dead end.
        raise PermissionDenied
    form = QuickReportForm(request.POST or None, request.FILES or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    event = form.report()
            except workflow.MoveRefused as refusal:
                messages.error(request, str(refusal))
                status = refusal.status_code
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                messages.success(
                    request, _("Event %(number)s reported.") % {"number": event.number}
                )
                return redirect("events_event", pk=event.pk)
        else:
            status = 400
    return TemplateResponse(request, "events/admin/report.html", {"form": form}, status=status)
