"""What an edit changed, for the audit trail, without copying personal data into the log."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

# Values of these fields never enter a log entry: only the fact that they changed.
PERSONAL_FIELDS = frozenset({"phone", "id_number"})


def display_value(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (QuerySet, list, tuple, set)):
        return "、".join(str(item) for item in value) or "—"
    return str(value)


def describe_changes(form) -> dict[str, list[str]]:
    """{field label: [before, after]} for every changed field of a bound model form."""
    changes = {}
    for name in form.changed_data:
        field = form.fields.get(name)
        if field is None:
            continue
        label = str(field.label or name)
        if name in PERSONAL_FIELDS:
            changes[label] = [_("(hidden)"), _("(changed)")]
            continue
        before = form.initial.get(name)
        if hasattr(field, "queryset") and before not in (None, ""):
            lookup = before if isinstance(before, (list, tuple)) else [before]
            before = list(field.queryset.model._default_manager.filter(pk__in=lookup))
        changes[label] = [display_value(before), display_value(form.cleaned_data.get(name))]
    return changes
