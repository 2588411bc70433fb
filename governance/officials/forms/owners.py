"""One owner for a task (a young official, a person or a team) and its deadline, in working
days or as a date: shared by triage (转为任务) and the task form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from governance.officials.forms.moves import DateInput

OWNER_KINDS = [
    ("official", _("A young official")),
    ("person", _("A person of the registry")),
    ("team", _("A volunteer team")),
]
DEFAULT_WORKING_DAYS = 10


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        grid = obj.grid.name if obj.grid else ""
        return f"{obj} · {grid}" if grid else str(obj)


def owner_fields(choices: dict) -> dict[str, forms.Field]:
    """The owner's kind and one select per kind, each offering only `choices[kind]`."""
    return {
        "owner_kind": forms.ChoiceField(
            label=_("Owner"), choices=OWNER_KINDS, initial="official", widget=forms.RadioSelect
        ),
        "official": OwnerChoiceField(
            label=_("young official"), queryset=choices["official"], required=False
        ),
        "person": OwnerChoiceField(label=_("person"), queryset=choices["person"], required=False),
        "team": OwnerChoiceField(label=_("team"), queryset=choices["team"], required=False),
    }


def deadline_fields() -> dict[str, forms.Field]:
    return {
        "working_days": forms.IntegerField(
            label=_("Deadline in working days"),
            min_value=1,
            max_value=250,
            required=False,
            initial=DEFAULT_WORKING_DAYS,
            help_text=_("Counted on the PRC calendar, make-up working days included."),
        ),
        "due_on": forms.DateField(
            label=_("or a deadline date"),
            required=False,
            widget=DateInput(),
            help_text=_("A date here wins over the working days."),
        ),
    }


def clean_owner(form: forms.Form, data: dict):
    """The chosen owner of the chosen kind; an error on that kind's field when it is empty."""
    kind = data.get("owner_kind")
    if not kind:
        return None
    owner = data.get(kind)
    if owner is None and kind not in form.errors:
        form.add_error(kind, _("Choose the owner of the task."))
    return owner


def clean_deadline(form: forms.Form, data: dict) -> tuple[int | None, object]:
    """(working days, date): exactly one of them, the date winning when both are given."""
    due_on, working_days = data.get("due_on"), data.get("working_days")
    if due_on is not None:
        return None, due_on
    if working_days is None and not form.errors.get("working_days"):
        raise ValidationError(_("Give the task a deadline: a number of working days or a date."))
    return working_days, None
