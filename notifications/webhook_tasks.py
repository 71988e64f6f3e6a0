"""Celery task delivering partner webhooks (being written)."""

from celery import shared_task


@shared_task(acks_late=True)
def deliver_webhooks():
    return 0
