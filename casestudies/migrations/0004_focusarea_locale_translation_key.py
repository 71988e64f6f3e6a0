# Focus areas become translatable (wagtail-localize), in three steps as Wagtail documents
# for an existing model: nullable locale and translation_key (this one), existing rows
# given the default locale and a key each (0005), then the constraints (0006).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0003_taxonomy"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="focusarea",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
        migrations.AddField(
            model_name="focusarea",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
