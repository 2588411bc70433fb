"""Keeping robots off public forms without an outside CAPTCHA (unreachable offline, unreliable in
China): a field people never see (a robot fills it in) and a signed time the form was shown (a
robot posts at once, or replays an old form)."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "civicgrid.public-form"
MAX_AGE_SECONDS = 24 * 3600


class Refused(Exception):
    """A post a person did not make; the caller answers 400 and stores nothing."""


def shown_stamp() -> str:
    return signing.dumps(time.time(), salt=SALT)


class RobotTrapMixin(forms.Form):
    """A form mixin: `website` is hidden by CSS and `shown` carries the signed time."""

    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=forms.TextInput
    )
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    min_seconds = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "trap"}
        )
        if not self.is_bound:
            self.initial["shown"] = shown_stamp()

    def robot_check(self) -> str:
        """Raises Refused for a robot; returns "" or, for a person who was simply very quick or
        came back after a day, a message to show with a fresh form."""
        if self.data.get("website"):
            raise Refused("honeypot")
        try:
            shown = signing.loads(self.data.get("shown", ""), salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.SignatureExpired:
            return str(_("The form was open for more than a day: check it and send it again."))
        except signing.BadSignature as forged:
            raise Refused("stamp") from forged
        if time.time() - float(shown) < self.min_seconds:
            raise Refused("too fast")
        return ""

    def clean(self):
        cleaned = super().clean()
        # What the trap fields held is no answer: it is never stored with the form's data.
        cleaned.pop("website", None)
        cleaned.pop("shown", None)
        return cleaned

    def fresh_stamp(self) -> None:
        """A bound form shown again keeps the time it was first shown (a person correcting a
        mistake at once is not "too fast"); a missing or day-old one gets a new time."""
        try:
            signing.loads(self.data.get("shown", ""), salt=SALT, max_age=MAX_AGE_SECONDS)
        except signing.BadSignature:
            self.data = self.data.copy()
            self.data["shown"] = shown_stamp()
