"""Who must give a second factor, and checking the codes they give."""

import math

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10


def _enrolled_key(user) -> str:
    return f"two-factor:enrolled:{user.pk}"


def has_two_factor(user) -> bool:
    """Asked on every signed-in request, so the answer is cached until the user's devices change."""
    if not user.is_authenticated:
        return False
    enrolled = cache.get(_enrolled_key(user))
    if enrolled is None:
        enrolled = user_has_device(user, confirmed=True)
        cache.set(_enrolled_key(user), enrolled, 60 * 60)
    return enrolled


def forget_enrolment(user) -> None:
    cache.delete(_enrolled_key(user))


def must_enrol(user) -> bool:
    """Superusers hold every resident's data: a deployment may insist they use a second factor."""
    return (
        user.is_authenticated
        and user.is_superuser
        and getattr(settings, "ADMIN_2FA_REQUIRED", False)
        and not has_two_factor(user)
    )


def is_verified(user) -> bool:
    return bool(getattr(user, "otp_device", None))


def matching_device(user, token: str):
    """The confirmed device accepting this code, or None. Each device throttles its own failures."""
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if verify_token(user, device.persistent_id, token):
            return device
    return None


def retry_wait_seconds(user) -> int:
    """After a wrong code each device waits 1, 2, 4 … seconds before it checks another one."""
    now = timezone.now()
    waits = [
        (info["locked_until"] - now).total_seconds()
        for allowed, info in (d.verify_is_allowed() for d in devices_for_user(user))
        if not allowed and info and info.get("locked_until")
    ]
    return max(0, math.ceil(min(waits))) if waits else 0


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being enrolled, kept across page loads so the QR code stays the same."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes; each works once. Shown to the user once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="backup")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    forget_enrolment(user)
    return codes


@transaction.atomic
def remove_two_factor(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    forget_enrolment(user)


def confirm_authenticator(device: TOTPDevice, token: str) -> bool:
    """Enrolment ends only on a code we accept, so a mistyped secret locks nobody out."""
    if not device.verify_token("".join(token.split())):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    forget_enrolment(device.user)
    return True
