"""Permission names in the site's language.

Django stores a permission's name once, in English ("Can add grid"), and Wagtail's group editor
reads it out as the label of each permission's tick box. After every migrate the names of an
app's permissions are rewritten from the models' translated names.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

DEFAULT_PERMISSIONS = {
    "add": gettext_noop("Can add %(model)s"),
    "change": gettext_noop("Can change %(model)s"),
    "delete": gettext_noop("Can delete %(model)s"),
    "view": gettext_noop("Can view %(model)s"),
}


def _names_for(model) -> dict[str, str]:
    opts = model._meta
    names = {
        f"{action}_{opts.model_name}": gettext(DEFAULT_PERMISSIONS[action])
        % {"model": gettext(str(opts.verbose_name))}
        for action in opts.default_permissions
    }
    names.update((codename, gettext(str(name))) for codename, name in opts.permissions)
    return names


def name_permissions_in_chinese(app_config, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    # auth's own handler may run after this one; creating the app's permissions first
    # (it only adds missing ones) means there are names to translate either way.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    renamed = []
    with translation.override(settings.LANGUAGE_CODE):
        for model in app_config.get_models():
            content_type = ContentType.objects.db_manager(using).get_for_model(
                model, for_concrete_model=False
            )
            names = _names_for(model)
            for permission in Permission.objects.using(using).filter(content_type=content_type):
                name = names.get(permission.codename)
                if name and name != permission.name:
                    permission.name = name[: Permission._meta.get_field("name").max_length]
                    renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
