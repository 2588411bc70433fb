"""A task's page: progress notes, 办结 and 撤销."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.officials.forms.moves import (
    DateInput,
    MoveForm,
    clean_typed,
    not_in_future,
    required_text,
)
from governance.officials.services import workflow


class NoteForm(MoveForm):
    move, label, primary = "note", _("Add a progress note"), True

    text = required_text(_("What has been done"), rows=3)

    def clean_text(self):
        return clean_typed(self, "text")

    def apply(self):
        return workflow.task_add_note(
            by=self.user, task=self.record, text=self.cleaned_data["text"]
        )


class FinishForm(MoveForm):
    move, label = "finish", _("Finish the task")

    result = required_text(_("Result"), rows=3)
    done_on = forms.DateField(label=_("done on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].initial = workflow.today()

    def clean_result(self):
        return clean_typed(self, "result")

    def clean_done_on(self):
        return not_in_future(self.cleaned_data["done_on"])

    def apply(self):
        data = self.cleaned_data
        return workflow.task_finish(
            by=self.user, task=self.record, result=data["result"], done_on=data["done_on"]
        )


class CancelForm(MoveForm):
    move, label = "cancel", _("Cancel the task")

    reason = required_text(_("Reason"), rows=2)

    def clean_reason(self):
        return clean_typed(self, "reason")

    def apply(self):
        return workflow.task_cancel(
            by=self.user, task=self.record, reason=self.cleaned_data["reason"]
        )


TASK_FORMS = {form.move: form for form in (NoteForm, FinishForm, CancelForm)}
