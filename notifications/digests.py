"""Weekly digests: each weekly subscriber's waiting items bundled into one outbox e-mail."""

from django.db import transaction
from django.utils import timezone

from notifications import outbox
from notifications.models import OutboxEmail, Subscriber

State = OutboxEmail.State


def make_digests(today=None):
    """One digest per subscriber with waiting items, keyed by subscriber and date, so running
    twice the same day (beat restarted, a retry) writes nothing twice. Items announced after
    a digest was made wait for the next one. Returns the number of digests written."""
    stamp = (today or timezone.now().date()).isoformat()
    waiting = OutboxEmail.objects.filter(kind=OutboxEmail.Kind.DIGEST_ITEM, state=State.WAITING)
    made = 0
    for subscriber in Subscriber.objects.filter(pk__in=waiting.values("subscriber_id")).iterator():
        with transaction.atomic():
            digest, created = OutboxEmail.objects.get_or_create(
                key=f"digest:{subscriber.pk}:{stamp}",
                defaults={"kind": OutboxEmail.Kind.DIGEST, "to": subscriber.email, "subscriber": subscriber},
            )
            if created:
                waiting.filter(subscriber=subscriber).update(state=State.BUNDLED, digest=digest)
                made += 1
    if made:
        outbox.start_delivery()
    return made
