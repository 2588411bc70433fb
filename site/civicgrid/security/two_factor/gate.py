"""Hold a half-signed-in session (password given, code not yet) at the code prompt."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from civicgrid.security.two_factor.policy import has_two_factor, is_verified, must_enrol

# Never held: the prompts themselves, signing out, and the icons and texts the prompts need.
OPEN_URL_NAMES = (
    "civicgrid_two_factor_verify",
    "civicgrid_two_factor_manage",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
)


class TwoFactorGateMiddleware:
    """Runs after django-otp's OTPMiddleware, which marks the session's verified device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self.hold_at(request)
        if target is not None:
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def hold_at(self, request) -> str | None:
        user = request.user
        if not user.is_authenticated or is_verified(user) or self.is_open(request.path):
            return None
        if has_two_factor(user):
            return reverse("civicgrid_two_factor_verify")
        if must_enrol(user):
            return reverse("civicgrid_two_factor_manage")
        return None

    @staticmethod
    def is_open(path: str) -> bool:
        static_prefixes = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p)
        if path.startswith(static_prefixes) or path == reverse("healthz"):
            return True
        return path in {reverse(name) for name in OPEN_URL_NAMES}
