"""Translating one page into one language: what a translation job does.

The Celery task (translation/tasks.py) is a thin wrapper around `run_job`. A job
works through wagtail-localize: it refreshes the page's translation source, asks
the configured engine for the segments nobody has translated yet (many per
request), stores them as machine translations, and saves the translated page.
A person's translation of a segment is never replaced.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from portal.languages import LANGUAGES, SOURCE_LANGUAGE
from translation.models import TranslationJob

logger = logging.getLogger(__name__)

LANGUAGE_NAMES = {code: english for code, english, _native in LANGUAGES}
MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE


class JobFailed(Exception):
    """An error no retry will cure (the job is marked failed with this message)."""


def target_locales():
    return Locale.objects.exclude(language_code=SOURCE_LANGUAGE).order_by("language_code")


def is_translatable_source(page):
    from portal.page_base import PortalPageMixin

    return page.locale.language_code == SOURCE_LANGUAGE and isinstance(page.specific, PortalPageMixin)


def queue_translations(page, locales=None):
    """(Re)start the jobs translating `page` into `locales` (default: every other language).

    The tasks are sent when the surrounding transaction commits, so a worker never
    looks for a page or job that is not saved yet. A job the broker does not take (Redis
    down) waits in the database for the sweeper (`requeue_due`)."""
    jobs = []
    claimed_until = timezone.now() + datetime.timedelta(seconds=settings.TRANSLATION_REQUEUE_AFTER_SECONDS)
    for locale in locales if locales is not None else target_locales():
        job, _ = TranslationJob.objects.update_or_create(
            source_page_id=page.pk,
            target_locale=locale,
            defaults={
                "state": TranslationJob.State.PENDING,
                "attempts": 0,
                "error": "",
                "message": "",
                "queued_at": timezone.now(),
                "claimed_until": claimed_until,  # the broker's, once sent; dispatch() undoes it if not
                "started_at": None,
                "finished_at": None,
            },
        )
        jobs.append(job)
    job_ids = [job.pk for job in jobs]
    transaction.on_commit(lambda: dispatch(job_ids))
    return jobs


# --- Getting jobs to a worker, whatever happened to the broker ----------------------------
# A job is claimed (`claimed_until`) by whoever has it: the broker from the moment it takes
# the message, a worker while it runs the job, a scheduled retry while it waits. An
# unfinished job whose claim is empty or past has been dropped — never sent (Redis was
# down), sent and lost (Redis restarted without persistence), or its worker died — and the
# sweeper (Celery beat, every TRANSLATION_SWEEP_EVERY_SECONDS) sends it again. As in
# notifications/claims.py, a lapsed claim is what hands work on.

UNFINISHED = [TranslationJob.State.PENDING, TranslationJob.State.RETRYING, TranslationJob.State.RUNNING]


def dispatch(job_ids):
    """Send the jobs to the workers; the first the broker refuses, and all after it, are left
    unclaimed for the sweeper. Never raises (it runs after a publish has committed)."""
    from portal import broker
    from translation.tasks import translate_page

    for position, job_id in enumerate(job_ids):
        if not broker.send(lambda job_id=job_id: translate_page.delay(job_id), what=f"translation job {job_id}"):
            left = job_ids[position:]
            TranslationJob.objects.filter(pk__in=left).update(claimed_until=None)
            logger.warning("%s translation jobs wait in the database for the broker to return.", len(left))
            return position
    return len(job_ids)


def dropped(now=None):
    now = now or timezone.now()
    return TranslationJob.objects.filter(state__in=UNFINISHED).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def requeue_due(limit=500):
    """The sweeper: claim up to `limit` dropped jobs for the broker and send them again."""
    now = timezone.now()
    claimed_until = now + datetime.timedelta(seconds=settings.TRANSLATION_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        rows = dropped(now).order_by("queued_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        job_ids = list(rows.values_list("pk", flat=True)[:limit])
        TranslationJob.objects.filter(pk__in=job_ids).update(claimed_until=claimed_until)
        # Its worker is gone: waiting for a worker again.
        TranslationJob.objects.filter(pk__in=job_ids, state=TranslationJob.State.RUNNING).update(
            state=TranslationJob.State.PENDING
        )
    if job_ids:
        logger.info("Sending %s dropped translation jobs again.", len(job_ids))
    return dispatch(job_ids)


def claim_for_worker(job_id):
    """Claim the job for the worker about to run it; False when it is finished, or running
    on another worker whose claim holds (this message is a copy the sweeper sent). The claim
    outlasts Celery's hard time limit: past it, that worker is certainly gone."""
    now = timezone.now()
    lease = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    free = Q(state__in=[TranslationJob.State.PENDING, TranslationJob.State.RETRYING]) | Q(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now), state=TranslationJob.State.RUNNING
    )
    # One UPDATE: of two copies of a message, only one finds the job free.
    claimed = TranslationJob.objects.filter(free, pk=job_id).update(
        state=TranslationJob.State.RUNNING, claimed_until=now + lease
    )
    return claimed == 1


def run_job(job_id):
    """Do job `job_id` once. Engine errors propagate (as EngineError) for the task to retry."""
    try:
        job = TranslationJob.objects.select_related("source_page", "target_locale").get(pk=job_id)
    except TranslationJob.DoesNotExist:
        return None  # the page was deleted since: nothing to do
    job.state = TranslationJob.State.RUNNING
    job.attempts += 1
    job.started_at = timezone.now()
    job.finished_at = None
    job.save(update_fields=["state", "attempts", "started_at", "finished_at"])

    translator = get_machine_translator()
    locale = job.target_locale
    page = job.source_page.specific
    language = LANGUAGE_NAMES.get(locale.language_code, locale.language_code)
    note = ""
    if translator is not None and not translator.can_translate(page.locale, locale):
        reason = getattr(translator, "unsupported_reason", lambda *_: None)(page.locale, locale)
        note = f"{reason or f'{translator.display_name} cannot translate into {language}'}. "
        translator = None
    publish = translator is not None and locale.language_code not in settings.TRANSLATION_DRAFT_LANGUAGES

    # A translated page needs translated parents to live under /<language>/.
    parents = []
    for ancestor in page.get_ancestors().filter(depth__gte=2).specific():
        if not ancestor.get_translations().filter(locale=locale, live=True).exists():
            parents.append(translate_object(ancestor, locale, translator, publish=publish))

    result = translate_object(page, locale, translator, publish=publish)
    result["parents"] = len(parents)
    result["requests"] += sum(parent["requests"] for parent in parents)

    job.engine = translator.display_name if translator else ""
    job.segments_total = result["total"]
    job.segments_machine = result["machine"]
    job.segments_human = result["human"]
    job.engine_requests = result["requests"]
    job.error = ""
    job.finished_at = timezone.now()
    if translator is None:
        job.state = TranslationJob.State.PREPARED
        job.message = note + (
            "No machine translation engine is configured: the translation is ready for human translators."
            if not note
            else "The translation is ready for human translators."
        )
    else:
        job.state = TranslationJob.State.DONE
        job.message = describe(result, published=publish, language=language)
        if result["machine_on_page"] and publish:
            job.machine_notice = True
            job.reviewed_at = None
            job.reviewed_by = None
        elif not result["machine_on_page"]:
            job.machine_notice = False
    job.save()
    return job


def describe(result, *, published, language):
    parts = [f"{result['machine']} segments machine-translated in {result['requests']} engine requests"]
    if result["human"]:
        parts.append(f"{result['human']} translated by people kept")
    if result["stale"]:
        parts.append(f"{result['stale']} of those kept although the English changed: please review them")
    if result.get("parents"):
        parts.append(f"{result['parents']} parent pages translated first")
    state = f"published in {language}" if published else f"saved as a draft in {language} for review"
    return "; ".join(parts) + f"; {state}."


def translate_object(instance, locale, translator, *, publish):
    """Bring the translation of `instance` into `locale` up to date and save it."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    segments = list(source.stringsegment_set.select_related("string", "context").order_by("order"))
    context_ids = {segment.context_id for segment in segments}
    existing = {}
    latest_human = {}  # context → the newest translation a person made there, of any source text
    for string_translation in StringTranslation.objects.filter(locale=locale, context_id__in=context_ids).order_by(
        "updated_at"
    ):
        existing[(string_translation.translation_of_id, string_translation.context_id)] = string_translation
        if string_translation.translation_type == MANUAL:
            latest_human[string_translation.context_id] = string_translation

    counts = {"total": len(segments), "machine": 0, "human": 0, "stale": 0, "requests": 0, "machine_on_page": 0}
    pending = defaultdict(list)  # source text → the (string, context) pairs it fills
    for segment in segments:
        current = existing.get((segment.string_id, segment.context_id))
        if current is not None:
            counts["human" if current.translation_type == MANUAL else "machine_on_page"] += 1
            continue
        human = latest_human.get(segment.context_id)
        if human is not None:
            # The English changed under a person's translation: keep their words (for
            # them to review) rather than replace them with a machine's.
            StringTranslation.objects.get_or_create(
                translation_of_id=segment.string_id,
                locale=locale,
                context_id=segment.context_id,
                defaults={
                    "data": human.data,
                    "translation_type": MANUAL,
                    "last_translated_by": human.last_translated_by,
                },
            )
            counts["human"] += 1
            counts["stale"] += 1
            continue
        pending[segment.string.as_value()].append((segment.string_id, segment.context_id))

    if translator is not None and pending:
        texts = list(pending)
        batch_size = max(1, settings.TRANSLATION_BATCH_SIZE)
        for start in range(0, len(texts), batch_size):
            batch = texts[start : start + batch_size]
            before = getattr(translator, "requests_made", None)
            translated = translator.translate(source.locale, locale, batch)
            # Our engines count their requests (DeepL splits more than 50 texts); others: one.
            after = getattr(translator, "requests_made", None)
            counts["requests"] += after - before if before is not None and after is not None else 1
            # Each batch is saved as it arrives: a retry after an engine error resumes here.
            with transaction.atomic():
                for text in batch:
                    value = translated.get(text)
                    if value is None or value.data is None:
                        continue
                    for string_id, context_id in pending[text]:
                        StringTranslation.objects.get_or_create(
                            translation_of_id=string_id,
                            locale=locale,
                            context_id=context_id,
                            defaults={
                                "data": value.data,
                                "translation_type": MACHINE,
                                "tool_name": translator.display_name,
                                "has_error": False,
                                "field_error": "",
                            },
                        )
                        counts["machine"] += 1
        counts["machine_on_page"] += counts["machine"]

    try:
        translation.save_target(user=None, publish=False)
        if publish:
            # Publish from a fresh copy: wagtail-localize would publish on commit from an
            # object whose child count may be stale by then.
            instance.get_translation(locale).get_latest_revision().publish()
    except Exception as exc:  # a translated page that does not validate, a slug clash …
        raise JobFailed(f"The translated page could not be saved: {exc}") from exc
    return counts


def record_failure(job_id, error, *, retry_in=None):
    """Note an error on the job: retrying in `retry_in` seconds, or failed for good."""
    TranslationJob.objects.filter(pk=job_id).update(
        state=TranslationJob.State.RETRYING if retry_in is not None else TranslationJob.State.FAILED,
        # A retry is Celery's message with a countdown: claimed until well after it is due.
        claimed_until=(
            timezone.now() + datetime.timedelta(seconds=retry_in + settings.TRANSLATION_REQUEUE_AFTER_SECONDS)
            if retry_in is not None
            else None
        ),
        error=str(error)[:2000],
        message=(
            f"Engine error; trying again in {retry_in} seconds."
            if retry_in is not None
            else "The translation failed: see the error. The source page is unchanged."
        ),
        finished_at=None if retry_in is not None else timezone.now(),
    )
    if retry_in is None:
        from notifications import notices

        notices.translation_failed(TranslationJob.objects.select_related("source_page", "target_locale").get(pk=job_id))


def retry_delay(attempts, retry_after=None):
    """Seconds before the next try: the engine's Retry-After, else 30 s, 60 s, 120 s …"""
    if retry_after:
        return int(retry_after)
    return settings.TRANSLATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)


def translation_states(page):
    """{language code: job or None} for a source page, for the admin."""
    jobs = {job.target_locale.language_code: job for job in page.translation_jobs.select_related("target_locale")}
    return {locale.language_code: jobs.get(locale.language_code) for locale in target_locales()}


def mark_reviewed(page, user):
    """A person published a translated page: it no longer needs the machine notice."""
    source = Page.objects.filter(translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE).first()
    if source is None:
        return
    TranslationJob.objects.filter(source_page=source, target_locale_id=page.locale_id, machine_notice=True).update(
        machine_notice=False, reviewed_at=timezone.now(), reviewed_by=user
    )
