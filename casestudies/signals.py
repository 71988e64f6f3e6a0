from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from casestudies.models import CaseStudyPage, ContentReview, FocusArea


@receiver(post_save, sender=FocusArea, dispatch_uid="casestudies.signals.log_focus_area_translation")
def log_focus_area_translation(sender, instance, created=False, raw=False, **kwargs):
    """wagtail-localize saves a snippet's translation (created, edited in its editor, synced)
    without a log entry. Log it as Wagtail's own snippet views would: the translation gets its
    history, and the API, whose cached answers change with the newest log entry, shows the
    new name at once."""
    if raw:
        return
    from wagtail.log_actions import log
    from wagtail_localize.models import Translation

    # While wagtail-localize manages a translation, the admin opens its editor instead of
    # Wagtail's edit view (which logs for itself).
    managed = Translation.objects.filter(
        source__object_id=instance.translation_key, target_locale_id=instance.locale_id, enabled=True
    )
    if managed.exists():
        log(instance, "wagtail.create" if created else "wagtail.edit")


@receiver(page_published, sender=CaseStudyPage, dispatch_uid="casestudies.signals.record_review_on_publish")
def record_review_on_publish(sender, instance, revision=None, **kwargs):
    """A person publishing the case study's source copy (English if live, else its oldest live
    copy) has reviewed it. Translation jobs publish translations without a user, and a person
    publishing a translation reviews the translation, not the facts: neither counts."""
    from casestudies import freshness

    if revision is not None and revision.user_id is not None and freshness.is_source(instance):
        freshness.record_review(instance, revision.user)


@receiver(post_delete, sender=CaseStudyPage, dispatch_uid="casestudies.signals.drop_content_review")
def drop_content_review(sender, instance, **kwargs):
    # The review belongs to the case study in all its languages: it goes with the last copy.
    if not CaseStudyPage.objects.filter(translation_key=instance.translation_key).exists():
        ContentReview.objects.filter(translation_key=instance.translation_key).delete()
