"""Who looked at residents' personal data: exports, and records shown unmasked."""

import os

from django.utils.translation import gettext as _

from governance.care.models import AccessAction, PersonalDataAccess
from governance.models import Grid
from governance.permissions import EXPORT, scope_for


def record_access(
    user, *, action: str, what: str, grid_path: str, reason: str = "", rows: int = 0
) -> PersonalDataAccess:
    """Write one entry; `user` None is the server operator (commands)."""
    return PersonalDataAccess.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        what=what[:200],
        reason=reason[:200],
        grid_path=grid_path,
        row_count=rows,
    )


def export_scope_path(user) -> str:
    """The deepest grid path above every subtree the user may export ("" for everything)."""
    if user is None:
        return ""
    scope = scope_for(user)
    if scope.is_superuser:
        return ""
    paths = [path for path, _role in scope.grants if scope.allows(EXPORT, path)]
    if not paths:
        return ""
    common = os.path.commonprefix(paths)
    return common[: len(common) - len(common) % Grid.steplen]


def record_export(user, registry_type, rows: int, reason: str) -> None:
    """The `on_export` hook of the households and residents spreadsheets."""
    record_access(
        user,
        action=AccessAction.EXPORT,
        what=_("%(label)s export %(count)d rows") % {"label": registry_type.label, "count": rows},
        grid_path=export_scope_path(user),
        reason=reason,
        rows=rows,
    )
