# The focus areas that exist (the six English ones) are in the default locale, each with
# its own translation key. On an empty database 0003 has just created them.

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0004_focusarea_locale_translation_key")]

    operations = [BootstrapTranslatableModel("casestudies.FocusArea")]
