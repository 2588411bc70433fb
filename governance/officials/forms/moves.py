"""The small forms of the officials' pages: each collects one move's input and hands it to the
workflow function of that move; the workflow decides."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from governance.officials.services import workflow
from governance.officials.services.workflow import WorkRefused
from governance.text import typed_text


class DateInput(forms.DateInput):
    """The phone's own date picker."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def text_area(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class MoveForm(forms.Form):
    """`record` and `user` in; `apply()` calls the workflow. The prefix keeps the fields of the
    several forms of one page apart."""

    move = ""
    label = ""
    primary = False

    def __init__(self, *args, record, user, **kwargs):
        self.record, self.user = record, user
        super().__init__(*args, prefix=self.move, **kwargs)

    def apply(self):
        raise NotImplementedError


def refusal_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


def run_move(form: MoveForm) -> int | None:
    """Applies a bound form's move. None when done; otherwise the status of the answer, with
    the reason on the form (a refusal is a 4xx with its message, never half a move)."""
    if not form.is_valid():
        return 400
    try:
        with transaction.atomic():
            form.apply()
    except WorkRefused as refusal:
        form.add_error(None, str(refusal))
        return refusal.status_code
    except ValidationError as error:
        form.add_error(None, refusal_text(error))
        return 400
    return None


def required_text(label, *, max_length=2000, rows=3, **kwargs):
    return forms.CharField(label=label, max_length=max_length, widget=text_area(rows), **kwargs)


def clean_typed(form: forms.Form, name: str) -> str:
    value = typed_text(form.cleaned_data.get(name) or "")
    if form.fields[name].required and not value:
        raise ValidationError(form.fields[name].error_messages["required"], code="required")
    return value


def not_in_future(day):
    if day and day > workflow.today():
        raise ValidationError(_("The date cannot be in the future."))
    return day
