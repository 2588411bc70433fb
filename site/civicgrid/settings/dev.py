"""Local development and `make demo`: debug on, insecure key allowed, SQLite by default."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The demo's residents are fictional; a real deployment sets its own key (README).
PERSONAL_DATA_KEY = os.environ.get(
    "PERSONAL_DATA_KEY", "XCMpTRa1xVk7GsAOXY4bDOpd4IciyHpbqM0Lhx3Osss="
)
