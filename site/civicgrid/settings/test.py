"""The pytest profile: fast hashing, an isolated cache and media folder, tasks run inline."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PERSONAL_DATA_KEY = "L9GgmPKp5qg7SMf91j05SzmVD9CICyot1zM4AmGtLlM="
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Room for every entry a test makes: past Django's default of 300, culling drops a third of the
# entries at random, rate-limit counters among them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="civicgrid-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="civicgrid-test-private-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
# django-otp's per-device back-off would make tests wait between a wrong and a right code;
# the lock-out after repeated wrong codes is ours (LoginThrottle) and stays on.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
