"""从走访登记需求 at /admin/officials/needs/from-visits/: the recent visits of the user's grids
where a resident voiced needs that are not on the list yet, each with a one-line form that
puts it there (`need_from_visit`). Residents appear masked: the list travels further than the
ledger."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance.officials.forms.moves import clean_typed, refusal_text
from governance.officials.selectors.visits import visits_awaiting_a_need
from governance.officials.services import workflow
from governance.officials.views.pages import record_or_404, render_page
from governance.permissions import ADD, scope_for

SHOWN = 30


class NeedFromVisitForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Need"), max_length=100)

    def clean_title(self):
        return clean_typed(self, "title")


def render_visits(request, *, bound=None, bound_visit=None, status=200):
    visits = visits_awaiting_a_need(request.user, today=workflow.today())
    scope = scope_for(request)
    rows = []
    for visit in visits[:SHOWN]:
        form = bound if bound_visit == visit.pk else NeedFromVisitForm(auto_id=f"v{visit.pk}_%s")
        rows.append(
            {
                "visit": visit,
                "resident": visit.resident.masked_name if visit.resident else _("(erased)"),
                # What was said is personal: in full only where the user sees personal data.
                "needs": visit.needs if scope.sees_personal_data(visit.grid.path) else "***",
                "form": form,
            }
        )
    if bound is not None and bound_visit not in {row["visit"].pk for row in rows}:
        # The visit posted is further down than the page shows: its errors as a message.
        for error in bound.errors.values():
            messages.error(request, "；".join(error))
    return render_page(request, "officials/admin/visits.html", {"rows": rows}, status=status)


def visits_with_needs(request):
    if not scope_for(request).allows_anywhere(ADD):
        raise PermissionDenied
    return render_visits(request)


@require_POST
def need_from_visit(request, visit_id):
    visit = record_or_404(visits_awaiting_a_need(request.user, today=workflow.today()), visit_id)
    form = NeedFromVisitForm(request.POST, auto_id=f"v{visit.pk}_%s")
    status = 400
    if form.is_valid():
        try:
            need = workflow.need_from_visit(
                by=request.user, visit=visit, title=form.cleaned_data["title"]
            )
        except (workflow.WorkRefused, ValidationError) as refusal:
            form.add_error(None, refusal_text(refusal))
            status = getattr(refusal, "status_code", 400)
        else:
            messages.success(request, _("Need “%(need)s” is on the list.") % {"need": need.title})
            return redirect("officials_visits_with_needs")
    return render_visits(request, bound=form, bound_visit=visit.pk, status=status)
