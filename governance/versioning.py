"""A counter that changes whenever the registry changes, so readers can cache derived views.

Bumped by signals for ordinary saves and deletes, and explicitly after bulk imports (bulk writes
send no signals).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from civicgrid.versions import VersionCounter

REGISTRY = VersionCounter("registry-version")
registry_version = REGISTRY.current
bump_registry_version = REGISTRY.bump


def connect_signals(models) -> None:
    """Saves and deletes of `models`, and changes of their many-to-many sets, bump the version."""
    for model in models:
        post_save.connect(
            bump_registry_version, sender=model, dispatch_uid=f"bump-{model.__name__}"
        )
        post_delete.connect(
            bump_registry_version, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
        )
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                bump_registry_version,
                sender=field.remote_field.through,
                dispatch_uid=f"bump-m2m-{model.__name__}-{field.name}",
            )
