"""Celery tasks of the case studies: thin, the work is in freshness.py."""

from celery import shared_task


@shared_task(acks_late=True)
def send_review_reminders():
    from casestudies import freshness

    return freshness.send_review_reminders()
