"""我的待办 and 全部事件: one listing, a stable URL other pages link to with filters."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from governance.events.forms import BulkAssignForm
from governance.events.models import EventCategory, EventSource, EventState, HandlingLevel
from governance.events.selectors import InboxFilters, handleable_events, inbox_page, users_below
from governance.events.services import workflow
from governance.viewsets.scoped import is_record_id

PER_PAGE = 50


def inbox(request):
    filters = InboxFilters.from_query(request.GET)
    at = workflow.now()
    page = inbox_page(request.user, filters, at=at, page=request.GET.get("p"), per_page=PER_PAGE)
    for error in filters.errors:
        messages.error(request, error)
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "events/admin/inbox.html",
        {
            "filters": filters,
            "page": page,
            "rows": page.object_list,
            "query": query.urlencode(),
            "states": EventState.choices,
            "sources": EventSource.choices,
            "levels": HandlingLevel.choices,
            "categories": EventCategory.objects.filter(is_active=True),
            "assign_form": None
            if filters.everything
            else BulkAssignForm(assignees=users_below(request.user)),
            "get": request.GET,
        },
    )


@require_POST
def bulk_assign(request):
    form = BulkAssignForm(request.POST, assignees=users_below(request.user))
    back = redirect(f"{reverse('events_inbox')}?{request.POST.get('query', '')}")
    if not form.is_valid():
        messages.error(request, _("Choose whom to assign the events to."))
        return back
    ids = [pk for pk in request.POST.getlist("event") if is_record_id(pk)]
    if not ids:
        messages.error(request, _("Select the events to assign."))
        return back
    # Only events the user may handle are even looked at; other ids name nothing here.
    events = (
        handleable_events(request.user)
        .filter(pk__in=ids)
        .select_related("handling_department__district", "category", "grid")
    )
    done, refused = 0, []
    for event in events:
        try:
            workflow.event_assign(event, by=request.user, assignee=form.cleaned_data["assignee"])
            done += 1
        except workflow.MoveRefused as refusal:
            refused.append(f"{event.number}：{refusal}")
    missing = len(set(ids)) - done - len(refused)
    if done:
        messages.success(
            request,
            ngettext("%(count)d event assigned.", "%(count)d events assigned.", done)
            % {"count": done},
        )
    for reason in refused:
        messages.error(request, reason)
    if missing > 0:
        messages.error(
            request,
            ngettext(
                "%(count)d selected event is not yours to assign.",
                "%(count)d selected events are not yours to assign.",
                missing,
            )
            % {"count": missing},
        )
    return back
