from django.db import migrations

from governance.officials.defaults import add_default_rules


def add_default_scoring_rules(apps, schema_editor):
    add_default_rules(apps.get_model("officials", "ScoringRule"))


class Migration(migrations.Migration):
    dependencies = [("officials", "0001_initial")]
    operations = [migrations.RunPython(add_default_scoring_rules, migrations.RunPython.noop)]
