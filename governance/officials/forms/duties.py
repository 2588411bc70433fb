"""六员 on the phone: which duty, which day, what was done."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.officials.forms.moves import DateInput, clean_typed, not_in_future, required_text
from governance.officials.models import Duty, YoungOfficial
from governance.officials.services import workflow
from governance.officials.services.duties import duty_log_record
from governance.permissions import ADD, scope_for


def loggable_officials(user):
    """The user's own record and the officials of grids where the user may add records."""
    officials = scope_for(user).restrict(
        YoungOfficial.objects.all(), ADD, path_field="person__grid__path"
    )
    mine = YoungOfficial.objects.filter(user=user) if user.is_authenticated else None
    if mine is not None:
        officials = YoungOfficial.objects.filter(
            pk__in=[*officials.values_list("pk", flat=True), *mine.values_list("pk", flat=True)]
        )
    return officials.select_related("person__grid").order_by("person__grid__path", "person__name")


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name} · {obj.person.grid.name}"


class DutyLogForm(forms.Form):
    duty = forms.ChoiceField(label=_("duty"), choices=Duty.choices, widget=forms.RadioSelect)
    done_on = forms.DateField(label=_("date"), widget=DateInput())
    note = required_text(_("what was done"), rows=3)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["official"] = OfficialChoiceField(
            label=_("young official"), queryset=loggable_officials(user)
        )
        self.order_fields(["official"])
        self.fields["done_on"].initial = workflow.today()

    def clean_note(self):
        return clean_typed(self, "note")

    def clean_done_on(self):
        return not_in_future(self.cleaned_data["done_on"])

    def apply(self):
        data = self.cleaned_data
        return duty_log_record(
            by=self.user,
            official=data["official"],
            duty=data["duty"],
            done_on=data["done_on"],
            note=data["note"],
        )
