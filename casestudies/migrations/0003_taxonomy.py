from django.db import migrations

from casestudies.taxonomy import ensure_taxonomy


def add_taxonomy(apps, schema_editor):
    ensure_taxonomy(apps.get_model("casestudies", "FocusArea"), apps.get_model("casestudies", "SustainableDevelopmentGoal"))


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0002_initial")]

    operations = [migrations.RunPython(add_taxonomy, migrations.RunPython.noop)]
