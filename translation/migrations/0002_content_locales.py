from django.db import migrations

from portal.languages import LANGUAGES


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _english, _native in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_initial"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
