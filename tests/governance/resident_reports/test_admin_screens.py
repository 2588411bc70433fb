"""The admin screens of this issue: the outbox, where recorded messages to reporters are read,
and the Open311 clients, whose key is shown once. Superusers only: both hold secrets or phones."""

import pytest
from django.test import Client

from governance.events.models import OutboxMessage
from governance.events.services import workflow
from governance.events.services.outbox import outbox_deliver, outbox_enqueue
from governance.resident_reports.models import Open311Client
from governance.resident_reports.services.clients import client_for_key
from tests.governance.events.admin_helpers import DISTRICT
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db
OUTBOX = "/admin/snippets/events/outboxmessage/"
CLIENTS = "/admin/snippets/resident_reports/open311client/"


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-2026!")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_outbox__a_superuser_reads_the_recorded_sms_and_cannot_edit_it(superuser, world):
    outbox_enqueue(
        channel="sms",
        recipient="13800001234",
        subject="您的反映已受理",
        body="事件 SJ20261123-0001 已受理。",
        dedupe_key="test-1",
        at=workflow.now(),
    )
    outbox_deliver(at=workflow.now())
    message = OutboxMessage.objects.get()
    admin = signed_in(superuser)

    listing = admin.get(OUTBOX).content.decode()
    inspected = admin.get(f"{OUTBOX}inspect/{message.pk}/")

    assert "您的反映已受理" in listing and "13800001234" in listing and "已记录" in listing
    assert inspected.status_code == 200 and "已受理。" in inspected.content.decode()
    assert admin.get(f"{OUTBOX}edit/{message.pk}/").status_code in (302, 403, 404)
    assert admin.get(f"{OUTBOX}add/").status_code in (302, 403, 404)


def test_outbox__a_district_administrator_does_not_see_it(world):
    staff = signed_in(world.users[DISTRICT])

    assert staff.get(OUTBOX).status_code in (302, 403)
    assert "发件箱" not in staff.get("/admin/").content.decode()


def test_clients__the_new_key_is_shown_once_and_works(superuser):
    admin = signed_in(superuser)

    response = admin.post(f"{CLIENTS}add/", {"name": "城市服务平台", "is_active": "on"})
    page = response.content.decode()
    key = page.split('<code class="events-key">')[1].split("</code>")[0]
    client = Open311Client.objects.get()

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert client_for_key(key) == client and client.key_hint == key[-4:]
    assert key not in admin.get(CLIENTS).content.decode()
    assert key not in admin.get(f"{CLIENTS}edit/{client.pk}/").content.decode()


def test_clients__a_duplicate_or_empty_name_is_refused(superuser):
    admin = signed_in(superuser)
    admin.post(f"{CLIENTS}add/", {"name": "小程序", "is_active": "on"})

    again = admin.post(f"{CLIENTS}add/", {"name": "小程序", "is_active": "on"})
    blank = admin.post(f"{CLIENTS}add/", {"name": "\u200b", "is_active": "on"})

    assert again.status_code == 200 and "已存在" in again.content.decode()
    assert blank.status_code == 200 and Open311Client.objects.count() == 1


def test_clients__only_superusers_reach_them(world):
    staff = signed_in(world.users[DISTRICT])

    assert staff.get(CLIENTS).status_code in (302, 403)
    assert staff.post(f"{CLIENTS}add/", {"name": "偷偷", "is_active": "on"}).status_code in (
        302,
        403,
    )
    assert not Open311Client.objects.exists()
