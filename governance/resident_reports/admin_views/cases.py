"""Publishing a resolved event on its community's page, from the event page in the admin."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance.events.views.event import render_event, visible_event
from governance.resident_reports.models import PublishedCase
from governance.resident_reports.services.publishing import (
    CannotPublish,
    case_publish,
    case_withdraw,
    may_publish,
)


class PublishForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("public title"),
        max_length=100,
        # Never the event's title: that is the first words the resident typed.
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("e.g. Bins at building 51 emptied the same day")}
        ),
    )
    reply = forms.CharField(
        label=gettext_lazy("official reply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Shown on the community page under 办结案例. Leave out names, phone numbers and "
            "house numbers."
        ),
    )


def publish_section(request, event) -> str:
    """The event page's 公开到社区页面 section, for staff who may publish this event."""
    if not may_publish(request.user, event):
        return ""
    case = PublishedCase.objects.filter(event=event).first()
    form = PublishForm(
        initial={
            "title": case.title if case else "",
            "reply": case.reply if case else event.resolution,
        }
    )
    return render_to_string(
        "resident_reports/admin/publish_section.html",
        {"event": event, "case": case, "form": form},
        request=request,
    )


@require_POST
def publish(request, pk):
    event = visible_event(request, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write both a public title and the official reply."))
        return redirect("events_event", event.pk)
    try:
        case_publish(event, by=request.user, **form.cleaned_data)
    except CannotPublish as refusal:
        messages.error(request, str(refusal))
        return render_event(request, event, status=403)
    messages.success(request, _("Published on the community page."))
    return redirect("events_event", event.pk)


@require_POST
def withdraw(request, pk):
    event = visible_event(request, pk)
    try:
        case_withdraw(event, by=request.user)
    except CannotPublish as refusal:
        messages.error(request, str(refusal))
        return render_event(request, event, status=403)
    messages.success(request, _("Withdrawn from the community page."))
    return redirect("events_event", event.pk)
