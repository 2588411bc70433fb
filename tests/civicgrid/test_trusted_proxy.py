"""Sign-in locks follow the client's address, also behind a reverse proxy."""

import pytest
from django.urls import reverse

PASSWORD = "right-pass-2026!"
PROXY = "10.0.0.254"


@pytest.fixture
def clerks(django_user_model):
    for name in ("clerk", "other"):
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)


def sign_in(client, username, password, **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        **headers,
    )


def lock_out_address(client, **headers):
    for n in range(10):
        sign_in(client, f"guess{n}", "wrong", **headers)


def is_locked(response):
    return "锁定" in response.content.decode()


@pytest.mark.django_db
def test_behind_a_proxy__one_attacker_does_not_lock_out_other_staff(client, clerks, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    lock_out_address(client, HTTP_X_FORWARDED_FOR="203.0.113.9")

    attacker = sign_in(client, "other", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9")
    colleague = sign_in(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert is_locked(attacker)
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_behind_a_proxy__a_forged_left_entry_does_not_escape_the_lock(client, clerks, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    for n in range(10):
        forged = f"192.0.2.{n}, 203.0.113.9"
        sign_in(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=forged)

    response = sign_in(client, "other", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.9")

    assert is_locked(response)


@pytest.mark.django_db
def test_behind_two_proxies__the_address_the_outer_one_saw_counts(client, clerks, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 2
    lock_out_address(client, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9, 10.1.1.1")

    attacker = sign_in(client, "other", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9, 10.1.1.1")
    colleague = sign_in(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 10.1.1.1")

    assert is_locked(attacker)
    assert colleague.status_code == 302


@pytest.mark.django_db
def test_a_real_ip_header_names_the_client(client, clerks, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    lock_out_address(client, HTTP_X_REAL_IP="203.0.113.9")

    colleague = sign_in(client, "clerk", PASSWORD, HTTP_X_REAL_IP="198.51.100.7")

    assert colleague.status_code == 302


@pytest.mark.django_db
def test_without_a_trusted_proxy__a_forged_header_is_ignored(client, clerks):
    for n in range(10):
        sign_in(client, f"guess{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = sign_in(client, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert is_locked(response)


@pytest.mark.django_db
def test_behind_a_proxy__a_garbled_header_counts_against_the_proxy(client, clerks, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    lock_out_address(client, HTTP_X_FORWARDED_FOR="not-an-address")

    response = sign_in(client, "clerk", PASSWORD)

    assert is_locked(response)
