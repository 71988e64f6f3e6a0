# A city page chooses among the English focus areas only (their translations only name them).

import modelcluster.fields
from django.db import migrations

import casestudies.taxonomy


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0006_focusarea_translatable"),
        ("cities", "0002_city_team"),
    ]

    operations = [
        migrations.AlterField(
            model_name="citypage",
            name="focus_areas",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=casestudies.taxonomy.in_default_locale,
                related_name="cities",
                to="casestudies.focusarea",
            ),
        ),
    ]
