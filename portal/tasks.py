import logging

from celery import shared_task
from django.core.management import call_command
from django.db import DatabaseError

from portal import renditions


@shared_task(acks_late=True)
def publish_scheduled_pages():
    """Publish pages whose go-live date has passed and unpublish expired ones."""
    call_command("publish_scheduled")


logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True, autoretry_for=(DatabaseError, OSError), retry_backoff=30, retry_backoff_max=600, max_retries=5
)
def make_page_renditions(page_id):
    """Queued when a page is published: the renditions its images are shown in, made now so
    that no visitor waits for them. Idempotent (what exists is kept); storage and database
    errors are retried with back-off."""
    return renditions.make_page_renditions(page_id)


@shared_task
def log_ping(note=""):
    """Logs one line on a worker: checks the path from the web to the workers end to end
    (docs/operations.md, "Logs"): the line carries the request id of whoever enqueued it."""
    logger.info("ping %s", note)
    return note
