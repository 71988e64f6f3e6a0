"""Celery tasks of the translation app: thin, the work is in translation/jobs.py."""

import logging

from celery import shared_task
from django.conf import settings

from translation import jobs

logger = logging.getLogger(__name__)


@shared_task(bind=True, acks_late=True, max_retries=None)
def translate_page(self, job_id):
    """Translate one page into one language (a TranslationJob), retrying engine errors with back-off."""
    from translation.engines import EngineError

    if not jobs.claim_for_worker(job_id):
        return "skipped"  # finished, or running elsewhere: a second copy of the message
    try:
        job = jobs.run_job(job_id)
    except EngineError as exc:
        attempts = jobs.TranslationJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first() or 0
        if getattr(exc, "retryable", True) and attempts < settings.TRANSLATION_MAX_ATTEMPTS:
            delay = jobs.retry_delay(attempts, getattr(exc, "retry_after", None))
            jobs.record_failure(job_id, exc, retry_in=delay)
            raise self.retry(countdown=delay, exc=exc) from exc
        jobs.record_failure(job_id, f"Gave up after {attempts} attempts: {exc}")
        return "failed"
    except jobs.JobFailed as exc:
        jobs.record_failure(job_id, exc)
        return "failed"
    except Exception as exc:
        logger.exception("Translation job %s failed", job_id)
        jobs.record_failure(job_id, f"{type(exc).__name__}: {exc}")
        return "failed"
    return job.state if job else "gone"


@shared_task(acks_late=True)
def sweep_jobs():
    """Celery beat, every TRANSLATION_SWEEP_EVERY_SECONDS: send again the jobs nobody has —
    never queued because the broker was down, lost with a restarted Redis, or left by a dead worker."""
    return jobs.requeue_due()
