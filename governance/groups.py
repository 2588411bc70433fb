"""The staff groups every installation has, kept in step with the code after each `migrate`.

"网格工作人员" (grid staff) may open the admin and read the editable registry lists; "区级管理员"
(district administrators) may also edit them. Where in the tree someone works comes from their
grid assignments (governance/permissions.py), not from these groups.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from governance import registry_types

STAFF_GROUP = "网格工作人员"
LIST_ADMIN_GROUP = "区级管理员"


def lookup_models():
    return sorted(
        {model for t in registry_types.all_types() for model in t.lookups},
        key=lambda model: model.__name__,
    )


def ensure_staff_groups() -> tuple[Group, Group]:
    """Creates the two groups and gives them their permissions; safe to run any number of times."""
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    list_admins, _ = Group.objects.get_or_create(name=LIST_ADMIN_GROUP)
    content_types = ContentType.objects.get_for_models(*lookup_models()).values()
    lookup_permissions = Permission.objects.filter(content_type__in=content_types)
    staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *lookup_permissions.filter(codename__startswith="view_"),
    )
    list_admins.permissions.add(*lookup_permissions)
    return staff, list_admins


def setup_groups_after_migrate(sender, **kwargs):
    # Django creates each app's permissions as that app's post_migrate signal goes out (only
    # apps with models get one); after the last one, every permission the groups need exists.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        ensure_staff_groups()
