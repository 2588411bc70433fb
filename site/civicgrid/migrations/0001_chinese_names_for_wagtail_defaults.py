"""Wagtail's first migrations create records with English names that every editor sees: the
"Editors" and "Moderators" groups, the "Moderators approval" workflow and task (the editor's
"submit to" button), and the page tree's and collections' "Root". Each is renamed only while it
still has Wagtail's name, so a site that renamed it keeps its own."""

from django.db import migrations

RENAMES = [
    ("auth", "Group", "name", "Editors", "网站编辑"),
    ("auth", "Group", "name", "Moderators", "网站审核员"),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "网站审核员审批"),
    ("wagtailcore", "Task", "name", "Moderators approval", "网站审核员审批"),
    ("wagtailcore", "Collection", "name", "Root", "根目录"),
    ("wagtailcore", "Page", "title", "Root", "根目录"),
    ("wagtailcore", "Page", "draft_title", "Root", "根目录"),
]
# Only the roots are Wagtail's: a page or collection deeper down may well be called "Root".
TREE_MODELS = {"Collection", "Page"}


def rename(apps, pairs):
    for app_label, model_name, field, old, new in pairs:
        records = apps.get_model(app_label, model_name).objects.filter(**{field: old})
        if model_name in TREE_MODELS:
            records = records.filter(depth=1)
        records.update(**{field: new})


def to_chinese(apps, schema_editor):
    rename(apps, RENAMES)


def to_english(apps, schema_editor):
    rename(apps, [(app, model, field, new, old) for app, model, field, old, new in RENAMES])


class Migration(migrations.Migration):
    # After every Wagtail migration that finds these records by their English names.
    dependencies = [
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(to_chinese, to_english)]
