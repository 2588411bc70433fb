"""The three lists' version counter: the response cache keys anonymous answers by it
(civicgrid/versions.py), so /api/registry/officials-stats/ and the community pages' 我们办成的事
change with the next saved need, task, project or outcome photo."""

from django.db.models.signals import post_delete, post_save

from civicgrid.versions import VersionCounter

OFFICIALS = VersionCounter("officials-version")


def connect_signals(models) -> None:
    for model in models:
        name = model.__name__
        post_save.connect(OFFICIALS.bump, sender=model, dispatch_uid=f"bump-officials-{name}")
        post_delete.connect(OFFICIALS.bump, sender=model, dispatch_uid=f"bump-officials-del-{name}")
