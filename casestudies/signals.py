from django.db.models.signals import post_save
from django.dispatch import receiver

from casestudies.models import FocusArea


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
