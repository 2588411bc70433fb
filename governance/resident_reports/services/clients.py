"""Open311 clients and their keys: a key is shown once, when it is made, and kept as a hash."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from governance.resident_reports.models import Open311Client
from governance.resident_reports.services.secrets import new_secret, secret_hash
from governance.text import typed_text

KEY_MAX = 64


def open311_client_create(
    name: str, *, by=None, is_active: bool = True
) -> tuple[Open311Client, str]:
    name = typed_text(name)[:80]
    if not name:
        raise ValidationError(_("Give the client a name."))
    if Open311Client.objects.filter(name=name).exists():
        raise ValidationError(_("A client named “%(name)s” already exists.") % {"name": name})
    key = new_secret()
    client = Open311Client.objects.create(
        name=name,
        key_hash=secret_hash(key),
        key_hint=key[-4:],
        is_active=is_active,
        created_by=by,
    )
    return client, key


def client_for_key(key: str) -> Open311Client | None:
    if not key or len(key) > KEY_MAX:
        return None
    return Open311Client.objects.filter(key_hash=secret_hash(key), is_active=True).first()
