"""A GIN index on the expression Wagtail's PostgreSQL search filters on, `title || body` of
wagtailsearch_indexentry (content/search/postgres.py). The per-column indexes Wagtail creates
cannot serve that expression, so every entry was read. SQLite searches through its FTS5 table
and gets nothing here."""

from django.db import migrations

INDEX_NAME = "content_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} "
            "ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_community_lists_resolved_cases"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
