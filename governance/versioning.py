"""A counter that changes whenever the registry changes, so readers can cache derived views.

Bumped by signals for ordinary saves and deletes, and explicitly after bulk imports (bulk writes
send no signals).
"""

from civicgrid.versions import VersionCounter

REGISTRY = VersionCounter("registry-version")
registry_version = REGISTRY.current
bump_registry_version = REGISTRY.bump


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from governance.models import (
        Amenity,
        Grid,
        Person,
        Role,
        ServicePoint,
        ServicePointKind,
        TallyEntry,
        TallyKind,
        TeamType,
        VolunteerTeam,
    )

    for model in (
        Amenity,
        Grid,
        Person,
        Role,
        ServicePoint,
        ServicePointKind,
        TallyEntry,
        TallyKind,
        TeamType,
        VolunteerTeam,
    ):
        post_save.connect(
            bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}"
        )
        post_delete.connect(
            bump_registry_version, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
        )
    m2m_changed.connect(
        bump_registry_version, sender=ServicePoint.amenities.through, dispatch_uid="bump-amenities"
    )
