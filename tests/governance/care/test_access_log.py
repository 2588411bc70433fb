"""The personal-data access log in the admin: read by superusers and by district administrators
for their own districts; written only by the system."""

import pytest
from django.urls import reverse

from governance.care.models import PersonalDataAccess
from governance.care.services.access_log import record_access
from governance.models import AccessRole
from tests.governance.care.care_world import build_care_world

pytestmark = pytest.mark.django_db
LOG = "wagtailsnippets_care_personaldataaccess"


@pytest.fixture
def world():
    world = build_care_world()
    worker = world.users[AccessRole.GRID_WORKER]
    for node, what in (("g1111", "查看居民 #1"), ("g2111", "查看居民 #2")):
        record_access(worker, action="view", what=what, grid_path=world.nodes[node].path)
    record_access(None, action="export", what="居民 导出 400 行", grid_path="", reason="年报")
    return world


def listing(client, user):
    client.force_login(user)
    return client.get(reverse(f"{LOG}:list"))


def test_a_district_administrator_reads_their_district_only(client, world):
    page = listing(client, world.users[AccessRole.DISTRICT_ADMIN])
    text = page.content.decode()
    assert page.status_code == 200
    assert "查看居民 #1" in text and "查看居民 #2" not in text and "导出 400 行" not in text


def test_a_superuser_reads_everything(client, world, admin_user):
    text = listing(client, admin_user).content.decode()
    assert all(what in text for what in ("查看居民 #1", "查看居民 #2", "导出 400 行"))


@pytest.mark.parametrize(
    "role",
    [
        AccessRole.STREET_EDITOR,
        AccessRole.COMMUNITY_EDITOR,
        AccessRole.GRID_WORKER,
        AccessRole.ANALYST,
    ],
)
def test_nobody_else_reads_it(client, world, role):
    page = listing(client, world.users[role])
    assert page.status_code in (302, 403)
    entry = PersonalDataAccess.objects.get(what="查看居民 #1")
    assert client.get(reverse(f"{LOG}:inspect", args=[entry.pk])).status_code in (302, 403)


def test_nobody_writes_or_deletes_it(client, world, admin_user):
    client.force_login(admin_user)
    entry = PersonalDataAccess.objects.get(what="查看居民 #1")
    assert client.get(reverse(f"{LOG}:add")).status_code in (302, 403)
    client.post(reverse(f"{LOG}:delete", args=[entry.pk]))
    assert PersonalDataAccess.objects.filter(pk=entry.pk).exists()


def test_another_districts_entry_cannot_be_opened(client, world):
    client.force_login(world.users[AccessRole.DISTRICT_ADMIN])
    entry = PersonalDataAccess.objects.get(what="查看居民 #2")
    assert client.get(reverse(f"{LOG}:inspect", args=[entry.pk])).status_code in (302, 403)
