from django.db import migrations

from governance.care.defaults import add_defaults


def add_default_groups_and_tags(apps, schema_editor):
    add_defaults(apps.get_model("care", "CareGroup"), apps.get_model("care", "HouseholdTag"))


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(add_default_groups_and_tags, migrations.RunPython.noop)]
