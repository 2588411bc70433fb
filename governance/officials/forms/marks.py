"""The assessors' form: for each hand-scored item, the points (0 up to the item's maximum) and a
comment. Blank points leave the item unscored."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.officials.formatting import points_text
from governance.officials.models import ManualScore, ScoringRule
from governance.officials.services.marks import Mark, marks_stamp


class MarksForm(forms.Form):
    # When the marks shown were last changed: a save over someone else's later one is refused.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rules: list[ScoringRule], given: dict[int, ManualScore], **kwargs):
        initial = {"seen": marks_stamp(given)}
        for rule_id, mark in given.items():
            initial[f"points_{rule_id}"] = points_text(mark.points)
            initial[f"note_{rule_id}"] = mark.note
        super().__init__(*args, initial=initial, **kwargs)
        self.rules = rules
        for rule in rules:
            self.fields[f"points_{rule.pk}"] = forms.DecimalField(
                label=rule.name,
                required=False,
                max_digits=6,
                decimal_places=2,
                help_text=_("0 to %(points)s points") % {"points": points_text(rule.points)},
                error_messages={"invalid": gettext_lazy("Enter the points as a number, e.g. 8.5.")},
                widget=forms.NumberInput(
                    attrs={
                        "min": "0",
                        "max": str(rule.points),
                        "step": "0.5",
                        "inputmode": "decimal",
                    }
                ),
            )
            self.fields[f"note_{rule.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def items(self):
        """(rule, points field, comment field) for the template."""
        return [(rule, self[f"points_{rule.pk}"], self[f"note_{rule.pk}"]) for rule in self.rules]

    def clean(self):
        data = super().clean()
        for rule in self.rules:
            name = f"points_{rule.pk}"
            given = data.get(name)
            if given is None:
                if name not in self.errors and (data.get(f"note_{rule.pk}") or "").strip():
                    self.add_error(name, _("Give the points this comment goes with."))
                continue
            if given < 0:
                self.add_error(name, _("The points cannot be negative."))
            elif given > rule.points:
                self.add_error(
                    name,
                    _("At most %(points)s points for this item.")
                    % {"points": points_text(rule.points)},
                )
        return data

    def marks(self) -> list[Mark]:
        """The items the form posted; an item it did not post keeps its mark."""
        data = self.cleaned_data
        return [
            Mark(
                rule=rule,
                points=data.get(f"points_{rule.pk}"),
                note=(data.get(f"note_{rule.pk}") or "").strip(),
            )
            for rule in self.rules
            if f"points_{rule.pk}" in self.data
        ]
