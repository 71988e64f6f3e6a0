"""Celery tasks of the case studies: thin, the work is in freshness.py."""

from celery import shared_task
from django.db import OperationalError


# The database unreachable for a while (a restart, a failover, a dropped connection): try again
# with back-off, as notifications/tasks.py does, rather than wait for the next day's run. Safe
# to repeat: a second run sends nothing already sent.
@shared_task(
    acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=60, retry_backoff_max=3600, max_retries=8
)
def send_review_reminders():
    from casestudies import freshness

    return freshness.send_review_reminders()
