"""The care ledger's admin forms: a resident's ID number typed in clear and stored encrypted, a
household placed only in grids the user may write to, and the visit form of the phone."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.care.id_numbers import clean_id_number
from governance.care.models import HOUSEHOLD_LEVELS, Household, HouseholdTag, Resident, VisitMethod
from governance.events.models import EventCategory
from governance.forms import RegistryForm
from governance.permissions import ADD, CHANGE, scope_for
from governance.text import typed_text


class HouseholdForm(RegistryForm):
    class Meta:
        widgets = {"tags": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "grid" in self.fields:
            self.fields["grid"].queryset = self.fields["grid"].queryset.filter(
                level__in=HOUSEHOLD_LEVELS
            )
        if "tags" in self.fields:
            self.fields["tags"].queryset = HouseholdTag.objects.all()


class ResidentForm(RegistryForm):
    """The ID number is a form field, not a column: the form decrypts it only for users who may
    see it (the edit view logs that), and encrypts what is typed."""

    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        resident = self.instance
        if resident.pk and resident.id_number_encrypted:
            self.initial["id_number"] = resident.id_number
        if "household" in self.fields and self.for_user is not None:
            action = ADD if resident._state.adding else CHANGE
            self.fields["household"].queryset = scope_for(self.for_user).restrict(
                Household.objects.all(), action, path_field="grid__path"
            )

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        if not value.strip():
            return ""
        number = clean_id_number(value)
        others = Resident.objects.with_id_number(number).exclude(pk=self.instance.pk)
        if others.exists():
            # Where the other record lives may be outside the user's grids: not said.
            raise ValidationError(_("A resident with this ID number is already registered."))
        return number

    def save(self, commit=True):
        number = self.cleaned_data.get("id_number", "")
        if number != (self.initial.get("id_number") or ""):
            self.instance.id_number = number
        return super().save(commit=commit)


class VisitForm(forms.Form):
    """走访: when, how, what was found, what is needed; optionally an event raised from it."""

    visited_at = forms.DateTimeField(
        label=_("visited at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    method = forms.ChoiceField(label=_("method"), widget=forms.RadioSelect)
    findings = forms.CharField(
        label=_("what was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("needs raised"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=EventCategory.objects.filter(is_active=True), required=False
    )
    event_title = forms.CharField(label=_("What happened"), max_length=100, required=False)

    def __init__(self, *args, methods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            (value, label) for value, label in VisitMethod.choices if value in methods
        ]
        self.fields["method"].initial = methods[0] if methods else None
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_visited_at(self):
        at = self.cleaned_data["visited_at"]
        if at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("A visit cannot be recorded before it happens."))
        return at

    def clean_findings(self):
        return typed_text(self.cleaned_data["findings"])

    def clean_needs(self):
        return typed_text(self.cleaned_data["needs"])

    def clean(self):
        """An event is raised as soon as either of its fields is filled in: a tick box beside
        them would let a filled-in event be dropped without a word."""
        data = super().clean()
        data["event_title"] = typed_text(data.get("event_title") or "")
        data["raise_event"] = bool(data.get("category") or data["event_title"])
        if data["raise_event"]:
            if not data.get("category"):
                self.add_error("category", _("Choose the category of the event."))
            if not data["event_title"]:
                self.add_error("event_title", _("Say in a few words what the event is."))
        return data
