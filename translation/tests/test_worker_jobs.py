"""Publishing a page → translation jobs on a real Celery worker → translated pages, with the
engine a local HTTP double the worker reaches over loopback."""

import time

import pytest

from casestudies.factories import CaseStudyPageFactory
from cities.models import CityPage
from portal.tests.test_worker import running_worker
from translation import jobs
from translation.models import TranslationJob

pytestmark = pytest.mark.django_db(transaction=True)

FINISHED = [TranslationJob.State.DONE, TranslationJob.State.PREPARED, TranslationJob.State.FAILED]


@pytest.fixture
def translation_worker(libretranslate_settings):
    """A worker with the engine (the LibreTranslate double) and quick retries."""
    retries = {"TRANSLATION_RETRY_BASE_SECONDS": "1", "TRANSLATION_MAX_ATTEMPTS": "3"}
    with running_worker("test-translation-worker.log", **libretranslate_settings.env, **retries) as worker:
        yield worker


def wait_for_jobs(page, timeout=150):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        queued = TranslationJob.objects.filter(source_page=page)
        if queued.exists() and not queued.exclude(state__in=FINISHED).exists():
            return {job.target_locale.language_code: job for job in queued.select_related("target_locale")}
        time.sleep(0.5)
    states = list(TranslationJob.objects.filter(source_page=page).values_list("target_locale__language_code", "state"))
    raise AssertionError(f"translation jobs still running after {timeout} s: {states}")


def test_publishing_translates_the_page_into_every_language_on_the_worker(
    committed_demo_content, translation_worker, libretranslate_settings, settings, client
):
    settings.TRANSLATE_ON_PUBLISH = True
    city = CityPage.objects.get(slug="vientiane", locale__language_code="en")
    page = CaseStudyPageFactory(parent=city, title="Smart water plan", slug="smart-water-plan", live=False)
    page.save_revision().publish()  # commits: the nine jobs go to the broker

    finished = wait_for_jobs(page)

    assert sorted(finished) == ["fil", "id", "ja", "km", "lo", "ms", "my", "th", "vi"]
    assert all(job.state != TranslationJob.State.FAILED for job in finished.values()), {
        code: job.error for code, job in finished.items()
    }
    thai = finished["th"]
    assert thai.state == TranslationJob.State.DONE and thai.engine == "LibreTranslate" and thai.attempts == 1
    thai_page = page.get_translation(thai.target_locale)
    assert thai_page.live and "อัจฉริยะ" in thai_page.title
    response = client.get(f"/th/cities/vientiane/{page.slug}/")
    assert response.status_code == 200 and thai_page.title in response.content.decode()
    # Languages the engine cannot do are left ready for human translators, and say why.
    for job in finished.values():
        if job.state == TranslationJob.State.PREPARED:
            assert "cannot translate" in job.message
            assert not page.get_translation(job.target_locale).live


def test_an_engine_that_stays_down_fails_the_job_after_its_retries(
    committed_demo_content, translation_worker, libretranslate_settings
):
    libretranslate_settings.server.fail_next(100, 503, message="Service temporarily unavailable")
    city = CityPage.objects.get(slug="vientiane", locale__language_code="en")
    page = CaseStudyPageFactory(parent=city, title="Flood sensors", slug="flood-sensors")
    page.save_revision().publish()
    jobs.queue_translations(page, jobs.target_locales().filter(language_code="th"))

    job = wait_for_jobs(page, timeout=90)["th"]

    assert job.state == TranslationJob.State.FAILED
    assert job.attempts == 3
    assert "Gave up after 3 attempts" in job.error and "503" in job.error
    assert libretranslate_settings.server.request_count >= 3
    page.refresh_from_db()
    assert page.live and page.title == "Flood sensors"  # the source is untouched
    assert not page.get_translations().filter(locale__language_code="th", live=True).exists()
