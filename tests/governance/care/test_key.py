"""The personal-data key: without it, or with a malformed one, no process starts; with a key
that did not encrypt the stored numbers, start-up checks stop with an error instead of anyone
reading garbage (Fernet is authenticated: a wrong key cannot decrypt at all)."""

import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command

from governance.care import crypto
from governance.care.checks import personal_data_key_opens_stored_data
from tests.civicgrid.test_settings import PERSONAL_DATA_KEY, run


def test_production_refuses_to_start_without_the_key():
    result = run(
        [sys.executable, "manage.py", "check"],
        DJANGO_SETTINGS_MODULE="civicgrid.settings.production",
        SECRET_KEY="x7!" + "k" * 60 + "Qz#9",
        ALLOWED_HOSTS="grid.example.cn",
        PERSONAL_DATA_KEY="",
    )
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEY" in result.stderr


def test_a_malformed_key_stops_start_up():
    result = run(
        [sys.executable, "manage.py", "check"],
        DJANGO_SETTINGS_MODULE="civicgrid.settings.dev",
        PERSONAL_DATA_KEY="not-a-fernet-key",
    )
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEY 不是有效的 Fernet 密钥" in result.stderr


@pytest.mark.django_db
def test_a_wrong_key_fails_the_start_up_check(settings, tmp_path):
    call_command("migrate", "care", verbosity=0)  # stores the key sample
    assert personal_data_key_opens_stored_data() == []
    settings.PERSONAL_DATA_KEY = Fernet.generate_key().decode()
    errors = personal_data_key_opens_stored_data()
    assert [error.id for error in errors] == ["care.E002"]
    assert "密钥不符" in errors[0].msg


@pytest.mark.django_db
def test_an_old_key_after_the_new_one_still_opens_the_data(settings):
    call_command("migrate", "care", verbosity=0)
    settings.PERSONAL_DATA_KEY = f"{Fernet.generate_key().decode()},{PERSONAL_DATA_KEY}"
    assert personal_data_key_opens_stored_data() == []


def test_decrypting_with_a_wrong_key_raises_never_garbage(settings):
    token = crypto.encrypt("410103194805020271")
    settings.PERSONAL_DATA_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.PersonalDataKeyError):
        crypto.decrypt(token)
