from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from civicgrid.security.client_address import client_address
from civicgrid.security.throttle import LoginThrottle


class ThrottledLoginForm(LoginForm):
    """Wagtail's login form, refusing further tries once an account or address is locked."""

    error_messages = {
        **LoginForm.error_messages,
        "locked": _(
            "Too many failed sign-ins: this account or address is locked for %(minutes)d "
            "minutes. Try again later or ask an administrator."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's form leaves the field unlabelled, so Django would show "Password".
        self.fields["password"].label = _("Password")

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            # No password is checked, so there is nothing to count and nothing to forgive.
            return super().clean()
        throttle = LoginThrottle.from_settings()
        address = client_address(self.request)
        if not throttle.reserve(username, address):
            raise self.locked_error(throttle)
        try:
            cleaned = super().clean()
        except ValidationError:
            if throttle.is_locked(username, address):
                raise self.locked_error(throttle) from None
            raise
        throttle.succeeded(username, address)
        return cleaned

    def locked_error(self, throttle: LoginThrottle) -> ValidationError:
        return ValidationError(
            self.error_messages["locked"],
            code="locked",
            params={"minutes": max(1, throttle.lock_seconds // 60)},
        )
