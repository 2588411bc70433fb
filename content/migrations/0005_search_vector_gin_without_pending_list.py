"""The search index's GIN index without a pending list (`fastupdate = off`).

With the default, new entries wait in an unsorted pending list that every search reads in full
until (auto)vacuum merges it: after a bulk publish a search grew with the number of entries
written, whatever it matched. Pages are written seldom and read often, so each write pays to
insert its entry into the index at once, and searches stay flat."""

from django.db import migrations

INDEX_NAME = "content_search_vector_gin"


def without_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX_NAME} SET (fastupdate = off)")
        # What waits already is merged now; with fastupdate off nothing waits again.
        schema_editor.execute(f"SELECT gin_clean_pending_list('{INDEX_NAME}'::regclass)")


def with_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX IF EXISTS {INDEX_NAME} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("content", "0004_search_vector_gin")]

    operations = [migrations.RunPython(without_pending_list, with_pending_list, elidable=False)]
