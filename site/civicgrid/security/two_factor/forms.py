from django import forms
from django.utils.translation import gettext_lazy as _


def code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Verification code"),
        max_length=16,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class CodeForm(forms.Form):
    code = code_field()


class DisableForm(forms.Form):
    """Turning the second factor off needs both factors: a borrowed session alone cannot do it."""

    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = code_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
