import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from governance.groups import LIST_ADMIN_GROUP, STAFF_GROUP


@pytest.mark.django_db
def test_migrate__creates_the_staff_groups_without_any_demo_data():
    staff = Group.objects.get(name=STAFF_GROUP)
    list_admins = Group.objects.get(name=LIST_ADMIN_GROUP)

    staff_rights = set(staff.permissions.values_list("codename", flat=True))
    admin_rights = set(list_admins.permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_role", "view_tallykind"} <= staff_rights
    assert "change_role" not in staff_rights
    assert {"add_role", "change_tallykind", "delete_amenity"} <= admin_rights


@pytest.mark.django_db
def test_setup_groups__restores_a_group_someone_deleted():
    Group.objects.filter(name=STAFF_GROUP).delete()

    call_command("setup_groups", stdout=io.StringIO())

    assert Group.objects.get(name=STAFF_GROUP).permissions.filter(codename="access_admin").exists()
