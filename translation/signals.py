"""Publishing a page in English queues its translations; a person publishing a translation reviews it."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from portal.models import HomePage
from portal.roles import grant_translators
from translation import jobs


@receiver(page_published)
def translate_or_mark_reviewed(sender, instance, revision=None, **kwargs):
    if jobs.is_translatable_source(instance):
        if settings.TRANSLATE_ON_PUBLISH:
            jobs.queue_translations(instance)
    elif revision is not None and revision.user_id is not None:
        # Translation jobs publish without a user; a person publishing the page has read it.
        jobs.mark_reviewed(instance, revision.user)


@receiver(post_save, sender=HomePage)
def open_language_tree_to_its_translators(sender, instance, created, **kwargs):
    if created:
        grant_translators(instance)
