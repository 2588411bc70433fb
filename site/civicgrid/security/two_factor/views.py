"""The code prompt after the password, and each user's own two-step settings page."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from wagtail.log_actions import log

from civicgrid.security.client_address import client_address
from civicgrid.security.throttle import LoginThrottle
from civicgrid.security.two_factor import policy
from civicgrid.security.two_factor.forms import CodeForm, DisableForm


def audit(request, action: str) -> None:
    """Record the change in the user's admin history; the log needs the real model instance."""
    account = get_user_model()._default_manager.get(pk=request.user.pk)
    log(account, action, user=account)


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def verify(request):
    home = reverse("wagtailadmin_home")
    if policy.is_verified(request.user) or not policy.has_two_factor(request.user):
        return redirect(safe_next(request, home))

    throttle = LoginThrottle.from_settings()
    username = request.user.get_username()
    address = client_address(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = policy.retry_wait_seconds(request.user)
        if wait:
            form.add_error(
                "code", _("Too fast: try again in %(seconds)d seconds.") % {"seconds": wait}
            )
            return verify_page(request, form)
        if not throttle.reserve(username, address):
            return locked_out(request, throttle)
        device = policy.matching_device(request.user, form.cleaned_data["code"])
        if device is not None:
            throttle.succeeded(username, address)
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(
                    request,
                    _("You signed in with a backup code; %(count)d backup codes are left.")
                    % {"count": left},
                )
            return redirect(safe_next(request, home))
        if throttle.is_locked(username, address):
            return locked_out(request, throttle)
        form.add_error("code", _("This code is not correct or has expired. Try the newest code."))
    return verify_page(request, form)


def locked_out(request, throttle):
    """Guessing codes is as serious as guessing passwords: end the half-open session."""
    logout(request)
    messages.error(
        request,
        _("Too many wrong codes: sign-in is locked for %(minutes)d minutes.")
        % {"minutes": max(1, throttle.lock_seconds // 60)},
    )
    return redirect("wagtailadmin_login")


def verify_page(request, form):
    next_url = safe_next(request, reverse("wagtailadmin_home"))
    return TemplateResponse(
        request, "security/two_factor_verify.html", {"form": form, "next": next_url}
    )


def manage(request):
    user = request.user
    if policy.has_two_factor(user):
        return TemplateResponse(
            request,
            "security/two_factor_manage.html",
            {
                "enabled": True,
                "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
                "disable_form": DisableForm(user=user),
            },
        )

    device = policy.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if policy.confirm_authenticator(device, form.cleaned_data["code"]):
            otp_login(request, device)
            audit(request, "civicgrid.two_factor.enable")
            return show_backup_codes(request, policy.new_backup_codes(user), just_enabled=True)
        form.add_error(
            "code", _("This code does not match. Check the phone's clock and try again.")
        )
    return TemplateResponse(
        request,
        "security/two_factor_manage.html",
        {
            "enabled": False,
            "required": policy.must_enrol(user),
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5),
            "secret": readable_secret(device),
        },
    )


@require_POST
def regenerate_backup_codes(request):
    if not policy.has_two_factor(request.user):
        return redirect("civicgrid_two_factor_manage")
    audit(request, "civicgrid.two_factor.backup_codes")
    return show_backup_codes(request, policy.new_backup_codes(request.user), just_enabled=False)


@require_POST
def disable(request):
    user = request.user
    form = DisableForm(request.POST, user=user)
    if form.is_valid():
        if policy.matching_device(user, form.cleaned_data["code"]) is not None:
            policy.remove_two_factor(user)
            audit(request, "civicgrid.two_factor.disable")
            messages.success(request, _("Two-step verification is turned off."))
            return redirect("civicgrid_two_factor_manage")
        form.add_error("code", _("This code is not correct or has expired. Try the newest code."))
    return TemplateResponse(
        request,
        "security/two_factor_manage.html",
        {
            "enabled": True,
            "backup_codes_left": StaticToken.objects.filter(device__user=user).count(),
            "disable_form": form,
        },
        status=400,
    )


def readable_secret(device) -> str:
    """The key in groups of four, for typing into an app when the QR code cannot be scanned."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def show_backup_codes(request, codes: list[str], *, just_enabled: bool):
    # Admin views are sent with Cache-Control: no-store, so no cache keeps a copy of the codes.
    return TemplateResponse(
        request,
        "security/two_factor_backup_codes.html",
        {"codes": codes, "just_enabled": just_enabled},
    )
