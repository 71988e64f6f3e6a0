from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import EventMaterial


@receiver(post_save, sender=EventMaterial)
def keep_document_privacy_in_step(sender, instance, raw=False, **kwargs):
    """A delegates-only document lives in the restricted collection, so its URL refuses everyone
    else; a public one is moved out of it. Runs when the event is published (materials are saved)."""
    if raw or instance.document_id is None:
        return
    from events.privacy import place_document

    # One document may serve several materials: restricted if any of them is delegates-only.
    restricted = EventMaterial.objects.filter(document_id=instance.document_id, delegates_only=True).exists()
    place_document(instance.document, delegates_only=restricted)
