"""分拣: the three ways a need leaves the queue, one form each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.officials.forms.moves import MoveForm, clean_typed, required_text
from governance.officials.forms.owners import (
    clean_deadline,
    clean_owner,
    deadline_fields,
    owner_fields,
)
from governance.officials.selectors.work import merge_targets, owner_choices
from governance.officials.services import workflow


class ToTaskForm(MoveForm):
    move, label, primary = "task", _("Turn into a task"), True

    title = forms.CharField(label=_("Task"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(owner_fields(owner_choices(self.user, self.record.grid)))
        self.fields.update(deadline_fields())
        self.fields["title"].initial = self.record.title

    def clean_title(self):
        return clean_typed(self, "title")

    def clean(self):
        data = super().clean()
        data["owner"] = clean_owner(self, data)
        data["deadline"] = clean_deadline(self, data)
        return data

    def apply(self):
        data = self.cleaned_data
        working_days, due_on = data["deadline"]
        return workflow.need_to_task(
            by=self.user,
            need=self.record,
            owner=data["owner"],
            working_days=working_days,
            due_on=due_on,
            title=data["title"],
        )


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} · {obj.grid.name} · {obj.collected_on:%Y-%m-%d}"


class MergeForm(MoveForm):
    move, label = "merge", _("Merge into another need")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"] = NeedChoiceField(
            label=_("The need it repeats"),
            queryset=merge_targets(self.user, self.record, today=workflow.today()),
        )

    def apply(self):
        return workflow.need_merge(by=self.user, need=self.record, into=self.cleaned_data["into"])


class DeclineForm(MoveForm):
    move, label = "decline", _("Decline")

    reason = required_text(_("Reason"), rows=2)

    def clean_reason(self):
        return clean_typed(self, "reason")

    def apply(self):
        return workflow.need_decline(
            by=self.user, need=self.record, reason=self.cleaned_data["reason"]
        )


TRIAGE_FORMS = {form.move: form for form in (ToTaskForm, MergeForm, DeclineForm)}
