# Focus areas are translatable: every row has a locale and a translation key (0005), a
# name and a slug unique in its locale (a translation keeps the English slug), and pages
# choose among the English rows only.

import uuid

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import casestudies.taxonomy


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0005_focusarea_rows_in_default_locale"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="focusarea",
            name="locale",
            field=models.ForeignKey(
                default=None,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="focusarea",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="focusarea",
            name="name",
            field=models.CharField(max_length=80),
        ),
        migrations.AlterField(
            model_name="focusarea",
            name="slug",
            field=models.SlugField(max_length=80),
        ),
        migrations.AlterUniqueTogether(
            name="focusarea",
            unique_together={("translation_key", "locale")},
        ),
        migrations.AddConstraint(
            model_name="focusarea",
            constraint=models.UniqueConstraint(fields=("locale", "slug"), name="focus_area_slug_unique_in_locale"),
        ),
        migrations.AddConstraint(
            model_name="focusarea",
            constraint=models.UniqueConstraint(fields=("locale", "name"), name="focus_area_name_unique_in_locale"),
        ),
        migrations.AlterField(
            model_name="casestudypage",
            name="focus_areas",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True,
                limit_choices_to=casestudies.taxonomy.in_default_locale,
                related_name="case_studies",
                to="casestudies.focusarea",
            ),
        ),
    ]
