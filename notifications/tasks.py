"""Celery tasks of the notifications app: thin, the work is in emails.py, outbox.py and webhooks.py."""

from celery import shared_task
from django.conf import settings

from notifications import announcements, digests, emails, outbox, webhooks
from notifications.webhook_tasks import deliver_webhooks  # noqa: F401  (registered with the worker)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_confirmation(email, language, token):
    """The double opt-in e-mail. The address is in the task, not the database: nothing is
    stored before its owner confirms. SMTP errors are retried with back-off."""
    emails.send_confirmation(email, language, token)


@shared_task(acks_late=True)
def deliver_emails():
    """One batch from the outbox, then the next after the throttle's pause while any are due."""
    sent = outbox.deliver_batch()
    if outbox.due_exists():
        outbox.start_delivery(countdown=settings.NOTIFICATIONS_BATCH_PAUSE_SECONDS, chains=1)
    return sent


@shared_task(acks_late=True)
def sweep():
    """Every minute (beat): restart delivery of whatever is due — rows a dead worker claimed,
    rows written while the broker was down, retries whose back-off has passed — and announce
    any publish whose outbox was never written."""
    missed = announcements.announce_missed()
    if outbox.due_exists():
        deliver_emails.delay()
    if webhooks.due_deliveries_exist():
        deliver_webhooks.delay()
    return missed


@shared_task(acks_late=True)
def make_digests():
    return digests.make_digests()
