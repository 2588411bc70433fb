"""The event page: the record, its photos and timeline, and the moves the user may make."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from governance.events.forms import MOVE_FORMS
from governance.events.models import EventAttachment, MoveAction
from governance.events.selectors import possible_duplicates
from governance.events.services import workflow
from governance.permissions import scope_for
from governance.views.downloads import set_attachment_name
from governance.viewsets.scoped import is_record_id


def visible_event(request, pk):
    """The event if the user may see it; any other id, real or forged, is not found."""
    if not is_record_id(pk):
        raise Http404
    events = workflow.visible_events(request.user).select_related(
        "category",
        "grid",
        "handling_grid",
        "handling_department__district",
        "assignee",
        "reported_by",
        "duplicate_of",
    )
    return get_object_or_404(events, pk=pk)


# Apps built on the events add sections to the event page (publishing a resident's report)
# through this hook: `fn(request, event)` returns HTML or "".
EVENT_PAGE_SECTIONS_HOOK = "event_page_sections"


def render_event(request, event, *, bound=None, status=200):
    moves = workflow.available_moves(request.user, event)
    forms = [
        bound
        if bound is not None and bound.action == action
        else MOVE_FORMS[action](event=event, user=request.user)
        for action in MOVE_FORMS
        if action in moves
    ]
    timeline = event.moves.select_related("by").prefetch_related(
        Prefetch("attachments", queryset=EventAttachment.objects.order_by("pk"))
    )
    sees_contact = scope_for(request).sees_personal_data(event.grid_path)
    return TemplateResponse(
        request,
        "events/admin/event.html",
        {
            "event": event,
            "forms": forms,
            "timeline": timeline,
            "photos": event.attachments.filter(move__isnull=True),
            "overdue": event.is_overdue(workflow.now()),
            "reporter_name": event.reporter_name if sees_contact else event.masked_reporter_name,
            "reporter_phone": event.reporter_phone if sees_contact else event.masked_reporter_phone,
            "duplicates": possible_duplicates(event, request.user),
            "open_forms": bound is not None,
            "sections": [
                section
                for section_of in hooks.get_hooks(EVENT_PAGE_SECTIONS_HOOK)
                if (section := section_of(request, event))
            ],
        },
        status=status,
    )


def event_page(request, pk):
    return render_event(request, visible_event(request, pk))


@require_POST
def event_move(request, pk, action):
    event = visible_event(request, pk)
    form_class = MOVE_FORMS.get(action)
    if form_class is None:
        raise Http404
    version = request.POST.get("version", "")
    if version.isdigit():
        # The move applies to the record as the page showed it: if it has moved since, the
        # workflow refuses instead of acting on a state the user never saw.
        event.version = int(version)
    form = form_class(request.POST, request.FILES, event=event, user=request.user)
    if not form.is_valid():
        return render_event(request, event, bound=form, status=400)
    try:
        with transaction.atomic():
            form.move()
    except workflow.MoveRefused as refusal:
        messages.error(request, str(refusal))
        event.refresh_from_db()
        return render_event(request, event, status=refusal.status_code)
    messages.success(
        request,
        _("%(number)s: %(move)s.") % {"number": event.number, "move": MoveAction(action).label},
    )
    return redirect("events_event", pk=event.pk)


def attachment_file(request, pk):
    if not is_record_id(pk):
        raise Http404
    attachment = get_object_or_404(EventAttachment.objects.select_related("event"), pk=pk)
    if not workflow.may_see(request.user, attachment.event):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    if attachment.is_image and request.GET.get("download") != "1":
        return response
    return set_attachment_name(response, attachment.original_name, f"attachment-{pk}")
