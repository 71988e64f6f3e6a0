import logging

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def publish_scheduled_pages():
    """Publish pages whose go-live date has passed and unpublish expired ones."""
    call_command("publish_scheduled")


logger = logging.getLogger(__name__)


@shared_task
def log_ping(note=""):
    """Logs one line on a worker: checks the path from the web to the workers end to end
    (docs/operations.md, "Logs"): the line carries the request id of whoever enqueued it."""
    logger.info("ping %s", note)
    return note
