"""The events' settings: superusers and district administrators only, districts kept apart."""

import pytest
from django.contrib.auth import get_user_model

from governance.events.factories import DepartmentFactory
from governance.events.models import EventCategory, LadderStep
from tests.governance.events.admin_helpers import DISTRICT, STREET, WORKER
from tests.governance.permission_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_menu__daily_screens_for_staff_settings_for_district_admins(world, client):
    client.force_login(world.users[WORKER])
    html = client.get("/admin/").content.decode()
    # The sidebar is drawn from JSON in the page: its links are there, its labels escaped.
    assert "/admin/events/inbox/" in html and "/admin/events/report/" in html
    assert "scope=all" in html
    assert "/admin/snippets/events/ladderstep/" not in html
    assert client.get("/admin/snippets/events/ladderstep/").status_code in (302, 403)

    client.force_login(world.users[DISTRICT])
    html = client.get("/admin/").content.decode()
    assert "/admin/snippets/events/ladderstep/" in html


def test_departments__a_district_admin_sees_only_their_district(world, client):
    mine = DepartmentFactory(district=world.nodes["d1"], name="本区城管")
    theirs = DepartmentFactory(district=world.nodes["d2"], name="外区城管")
    client.force_login(world.users[DISTRICT])

    html = client.get("/admin/snippets/events/department/").content.decode()
    assert mine.name in html and theirs.name not in html
    assert client.get(f"/admin/snippets/events/department/edit/{theirs.pk}/").status_code in (
        302,
        403,
        404,
    )
    form = client.get("/admin/snippets/events/ladderstep/add/").context["form"]
    assert list(form.fields["district"].queryset) == [world.nodes["d1"]]


def test_street_editor_gets_no_settings(world, client):
    client.force_login(world.users[STREET])
    assert client.get("/admin/snippets/events/eventcategory/").status_code in (302, 403)


def test_category__created_in_the_tree_with_time_limits(db, client):
    admin = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(admin)
    data = {
        "parent": "",
        "name": "消防安全",
        "code": "fire",
        "description": "",
        "is_public": "on",
        "is_active": "on",
        "time_limits-TOTAL_FORMS": "1",
        "time_limits-INITIAL_FORMS": "0",
        "time_limits-MIN_NUM_FORMS": "0",
        "time_limits-MAX_NUM_FORMS": "1000",
        "time_limits-0-level": "4",
        "time_limits-0-amount": "4",
        "time_limits-0-unit": "hours",
        "time_limits-0-ORDER": "1",
        "time_limits-0-DELETE": "",
        "attributes-TOTAL_FORMS": "1",
        "attributes-INITIAL_FORMS": "0",
        "attributes-MIN_NUM_FORMS": "0",
        "attributes-MAX_NUM_FORMS": "1000",
        "attributes-0-code": "pole",
        "attributes-0-description": "灯杆编号",
        "attributes-0-datatype": "string",
        "attributes-0-required": "on",
        "attributes-0-values": "",
        "attributes-0-ORDER": "1",
        "attributes-0-DELETE": "",
        "time_limits-0-id": "",
    }
    response = client.post("/admin/snippets/events/eventcategory/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    root = EventCategory.objects.get(code="fire")
    assert root.is_root() and root.time_limits.get().amount == 4
    assert root.attributes.get().description == "灯杆编号"

    child = data | {"parent": root.pk, "name": "消防通道", "code": "fire-exit"}
    child["time_limits-TOTAL_FORMS"] = child["attributes-TOTAL_FORMS"] = "0"
    assert client.post("/admin/snippets/events/eventcategory/add/", child).status_code == 302
    assert EventCategory.objects.get(code="fire-exit").get_parent() == root
    assert not LadderStep.objects.exists()
