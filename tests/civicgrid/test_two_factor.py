import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from civicgrid.security.two_factor.policy import new_backup_codes

PASSWORD = "right-pass-2026!"
VERIFY = "civicgrid_two_factor_verify"
MANAGE = "civicgrid_two_factor_manage"


@pytest.fixture
def chief(db, django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.com", PASSWORD)


@pytest.fixture
def later(monkeypatch):
    """Move the clock on, as a real second sign-in would be: a TOTP code is accepted only once."""

    def move(seconds=60):
        now = time.time() + seconds
        monkeypatch.setattr("django_otp.plugins.otp_totp.models.time.time", lambda: now)
        return now

    return move


def code_for(device, at=None):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    return "000000" if code_for(device) != "000000" else "111111"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, new_backup_codes(user)


def sign_in(client, username="chief", password=PASSWORD):
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}
    )
    assert response.status_code == 302
    return response


def test_without_two_factor_the_password_alone_opens_the_admin(client, chief):
    sign_in(client)

    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_enrolment_shows_a_qr_code_and_turns_on_only_with_a_right_code(client, chief):
    sign_in(client)
    page = client.get(reverse(MANAGE))
    device = TOTPDevice.objects.get(user=chief, confirmed=False)

    wrong = client.post(reverse(MANAGE), {"code": wrong_code(device)})
    right = client.post(reverse(MANAGE), {"code": code_for(device)})

    assert "<svg" in page.content.decode()
    assert "扫描" in page.content.decode()
    assert "不匹配" in wrong.content.decode()
    assert right.status_code == 200
    assert "no-store" in right["Cache-Control"]
    assert StaticToken.objects.filter(device__user=chief).count() == 10
    for token in StaticToken.objects.filter(device__user=chief):
        assert token.token in right.content.decode()
    assert TOTPDevice.objects.get(user=chief).confirmed
    assert ModelLogEntry.objects.filter(action="civicgrid.two_factor.enable").exists()
    # The session that enrolled counts as verified.
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_qr_code_stays_the_same_across_reloads_until_enrolment_ends(client, chief):
    sign_in(client)
    first = client.get(reverse(MANAGE)).context["secret"]
    second = client.get(reverse(MANAGE)).context["secret"]

    assert first == second
    assert TOTPDevice.objects.filter(user=chief).count() == 1


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_home", "wagtailsnippets_governance_person:list", "wagtailadmin_account"],
)
def test_a_password_alone_is_held_at_the_code_prompt(client, chief, url_name):
    enrolled(chief)
    sign_in(client)
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(VERIFY))
    assert "next=" in response["Location"]


def test_the_right_code_finishes_sign_in_and_returns_to_the_page_asked_for(client, chief):
    device, _ = enrolled(chief)
    sign_in(client)
    target = reverse("wagtailsnippets_governance_person:list")

    wrong = client.post(reverse(VERIFY), {"code": "12345x", "next": target})
    right = client.post(reverse(VERIFY), {"code": code_for(device), "next": target})

    assert wrong.status_code == 200
    assert "不正确" in wrong.content.decode()
    assert right.status_code == 302
    assert right["Location"] == target
    assert client.get(target).status_code == 200


def test_verify_never_redirects_to_another_site(client, chief):
    device, _ = enrolled(chief)
    sign_in(client)

    response = client.post(
        reverse(VERIFY), {"code": code_for(device), "next": "https://evil.example/steal"}
    )

    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_backup_code_works_once(client, chief, later):
    _, codes = enrolled(chief)
    sign_in(client)

    first = client.post(reverse(VERIFY), {"code": codes[0]})
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client)
    again = client.post(reverse(VERIFY), {"code": codes[0]})

    assert first.status_code == 302
    assert "9" in "".join(str(m) for m in first.wsgi_request._messages)
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=chief).count() == 9


def test_ten_wrong_codes_end_the_session_and_lock_sign_in(client, chief):
    device, _ = enrolled(chief)
    sign_in(client)
    wrong = wrong_code(device)

    for _ in range(9):
        assert client.post(reverse(VERIFY), {"code": wrong}).status_code == 200
    tenth = client.post(reverse(VERIFY), {"code": wrong}, follow=True)
    password_again = client.post(
        reverse("wagtailadmin_login"), {"username": "chief", "password": PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert "锁定" in tenth.content.decode()
    assert password_again.status_code == 200
    assert "锁定" in password_again.content.decode()


def test_compulsory_for_superusers_when_the_site_says_so(
    client, chief, settings, django_user_model
):
    settings.ADMIN_2FA_REQUIRED = True
    editor = django_user_model.objects.create_user("editor", password=PASSWORD)
    editor.user_permissions.add(*_admin_access())

    sign_in(client)
    held = client.get(reverse("wagtailadmin_home"))
    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, username="editor")
    free = client.get(reverse("wagtailadmin_home"))

    assert held.status_code == 302
    assert held["Location"].startswith(reverse(MANAGE))
    assert free.status_code == 200


def test_turning_off_needs_the_password_and_a_code(client, chief, later):
    device, codes = enrolled(chief)
    sign_in(client)
    client.post(reverse(VERIFY), {"code": code_for(device)})
    now = later()

    bad_password = client.post(
        reverse("civicgrid_two_factor_disable"), {"password": "nope", "code": code_for(device, now)}
    )
    still_on = TOTPDevice.objects.filter(user=chief).exists()
    good = client.post(
        reverse("civicgrid_two_factor_disable"), {"password": PASSWORD, "code": codes[1]}
    )

    assert bad_password.status_code == 400
    assert "密码不正确" in bad_password.content.decode()
    assert still_on
    assert good.status_code == 302
    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticToken.objects.filter(device__user=chief).exists()


def test_new_backup_codes_replace_the_old_ones(client, chief):
    device, old_codes = enrolled(chief)
    sign_in(client)
    client.post(reverse(VERIFY), {"code": code_for(device)})

    response = client.post(reverse("civicgrid_two_factor_backup_codes"))

    tokens = set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True))
    assert len(tokens) == 10
    assert not tokens & set(old_codes)
    assert all(token in response.content.decode() for token in tokens)


def test_the_account_page_links_to_two_step_settings(client, chief):
    sign_in(client)

    response = client.get(reverse("wagtailadmin_account"))

    assert reverse(MANAGE) in response.content.decode()
    assert "两步验证" in response.content.decode()


def test_reset_command_removes_a_lost_phone(chief, capsys):
    enrolled(chief)

    call_command("reset_two_factor", "chief")

    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert "chief" in capsys.readouterr().out
    with pytest.raises(CommandError, match="用户不存在：nobody"):
        call_command("reset_two_factor", "nobody")


def _admin_access():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def test_a_code_sent_straight_after_a_wrong_one_is_asked_to_wait(client, chief, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    settings.OTP_STATIC_THROTTLE_FACTOR = 30
    device, _ = enrolled(chief)
    sign_in(client)

    client.post(reverse(VERIFY), {"code": wrong_code(device)})
    hurried = client.post(reverse(VERIFY), {"code": code_for(device)})

    assert hurried.status_code == 200
    assert "秒后再试" in hurried.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


@pytest.mark.parametrize("url_name", ["wagtailadmin_sprite", "wagtailadmin_javascript_catalog"])
def test_the_code_prompt_gets_the_admin_icons_and_texts(client, chief, url_name):
    enrolled(chief)
    sign_in(client)

    assert client.get(reverse(url_name)).status_code == 200
