"""What the officials' record pages share: a record found only within what the user may see,
and its move forms, each posting to its own address."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from governance.permissions import scope_for
from governance.viewsets.scoped import is_record_id


def record_or_404(queryset, pk):
    """The record if it is among `queryset` (what the user may see); a forged or unknown id is
    not found, whichever it is."""
    if not is_record_id(pk):
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def move_forms(record, user, form_classes: dict, allowed, *, url_name, bound=None) -> list:
    """One form per move the user may make now (`allowed(move)`), the bound one kept."""
    forms = []
    for move, form_class in form_classes.items():
        if not allowed(move):
            continue
        form = bound if bound is not None and bound.move == move else None
        form = form or form_class(record=record, user=user)
        form.action_url = reverse(url_name, args=[record.pk, move])
        forms.append(form)
    return forms


def render_page(request, template, context, *, status=200):
    return TemplateResponse(request, template, context, status=status)


def shown_description(request, record, *, from_a_visit: bool) -> str:
    """What a resident said at a visit is personal (the care ledger shows it only to those
    holding personal_data there): a description copied from a visit is masked for the others."""
    if from_a_visit and not scope_for(request).sees_personal_data(record.grid.path):
        return "***" if record.description else ""
    return record.description
