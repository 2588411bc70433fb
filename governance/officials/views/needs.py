"""A need's page at /admin/officials/needs/<id>/: the record, and its triage (分拣) for whoever
may change its grid: turn it into a task, merge it into the need it repeats, or decline it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.officials.forms.moves import run_move
from governance.officials.forms.triage import TRIAGE_FORMS
from governance.officials.models import NeedSource, NeedStatus
from governance.officials.selectors.work import visible_needs
from governance.officials.services import workflow
from governance.officials.views.pages import (
    move_forms,
    record_or_404,
    render_page,
    shown_description,
)


def may_triage(request, need) -> bool:
    return need.status == NeedStatus.NEW and workflow.may_triage(request.user, need)


def render_need(request, need, *, bound=None, status=200):
    triage = may_triage(request, need)
    forms = move_forms(
        need,
        request.user,
        TRIAGE_FORMS,
        lambda move: triage,
        url_name="officials_need_triage",
        bound=bound,
    )
    resident = need.visit.resident if need.visit_id and need.visit else None
    return render_page(
        request,
        "officials/admin/need.html",
        {
            "need": need,
            "description": shown_description(
                request, need, from_a_visit=need.source == NeedSource.VISIT
            ),
            "forms": forms,
            "merged_needs": need.merged_needs.select_related("grid"),
            "projects": need.projects.all(),
            # The resident who voiced it is named only masked: the need travels further.
            "resident": resident.masked_name if resident else "",
        },
        status=status,
    )


def need_page(request, pk):
    need = record_or_404(visible_needs(request.user).select_related("visit__resident", "event"), pk)
    return render_need(request, need)


@require_POST
def need_triage(request, pk, move):
    need = record_or_404(visible_needs(request.user), pk)
    form_class = TRIAGE_FORMS.get(move)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, record=need, user=request.user)
    status = run_move(form)
    if status is not None:
        need.refresh_from_db()
        return render_need(request, need, bound=form, status=status)
    messages.success(request, _("“%(need)s”: %(move)s.") % {"need": need.title, "move": form.label})
    need.refresh_from_db()
    if need.task_id:
        return redirect("officials_task", pk=need.task_id)
    return redirect("officials_need", pk=need.pk)
