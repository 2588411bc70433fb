from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.mark.parametrize("private_root", ["/srv/elsewhere/private", "relative/private"])
def test_migrations_do_not_depend_on_where_the_checkout_lives(private_root, db):
    """CI clones into another folder: a storage path baked into a migration shows up as a change."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": private_root},
        },
    }
    with override_settings(PRIVATE_MEDIA_ROOT=private_root, STORAGES=storages):
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert "No changes detected" in out.getvalue()
