"""The events' version counter: the anonymous API's response cache and its Last-Modified are
keyed by it (civicgrid/versions.py), so /api/registry/event-stats/ changes with the next move."""

from django.db.models.signals import post_delete, post_save

from civicgrid.versions import VersionCounter

EVENTS = VersionCounter("events-version")


def connect_signals(event_model, event_moved) -> None:
    # Every move (and every report) sends event_moved once committed; saves and deletes
    # outside the workflow (imports, the admin's delete) are caught by the model signals.
    event_moved.connect(EVENTS.bump, dispatch_uid="bump-events-on-move")
    post_save.connect(EVENTS.bump, sender=event_model, dispatch_uid="bump-events-on-save")
    post_delete.connect(EVENTS.bump, sender=event_model, dispatch_uid="bump-events-on-delete")
