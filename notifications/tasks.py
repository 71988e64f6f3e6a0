"""Celery tasks of the notifications app: thin, the work is in emails.py, outbox.py and webhooks.py."""

from celery import shared_task

from notifications import emails
from notifications.webhook_tasks import deliver_webhooks  # noqa: F401  (registered with the worker)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_confirmation(email, language, token):
    """The double opt-in e-mail. The address is in the task, not the database: nothing is
    stored before its owner confirms. SMTP errors are retried with back-off."""
    emails.send_confirmation(email, language, token)
