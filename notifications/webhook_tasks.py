"""Celery task delivering partner webhooks: thin, the work is in notifications/webhooks.py."""

from celery import shared_task


@shared_task(acks_late=True)
def deliver_webhooks():
    """Send the due deliveries (one batch) and queue the next run when more are due. Idempotent:
    deliveries are claimed, so a duplicate or re-delivered task sends nothing twice."""
    from notifications import webhooks

    return webhooks.deliver_due()
