"""Translation jobs, run in the test process against the engine doubles on loopback
(the Celery worker round trip is in test_worker_jobs.py)."""

import math

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation

from casestudies.factories import CaseStudyPageFactory
from cities.models import CityPage
from portal.tests.helpers import soup
from translation import jobs
from translation.engines import EngineError
from translation.models import GlossaryRendering, GlossaryTerm, TranslationJob

pytestmark = pytest.mark.django_db

NOTICE = "notice--machine"  # the notice's class: its text is in the reader's language
THAI_NOTICE = "หน้านี้แปลด้วยเครื่อง"


@pytest.fixture
def thai():
    return Locale.objects.get(language_code="th")


@pytest.fixture
def case_study(db):
    bangkok = CityPage.objects.get(slug="bangkok", locale__language_code="en")
    page = CaseStudyPageFactory(
        parent=bangkok,
        title="Smart water plan",
        slug="smart-water-plan",
        summary="A green plan for the city water.",
    )
    page.save_revision().publish()
    return page


def run(page, locale):
    (job,) = jobs.queue_translations(page, [locale])
    return jobs.run_job(job.pk)


def title_translation(page, locale):
    return StringTranslation.objects.get(locale=locale, context__object_id=page.translation_key, context__path="title")


def test_job_machine_translates_and_publishes_the_page_with_a_notice(client, case_study, thai, deepl_settings):
    job = run(case_study, thai)

    assert job.state == TranslationJob.State.DONE
    assert job.engine == "DeepL"
    assert job.segments_machine == job.segments_total > 0
    # One request for the page, one for its city (not yet in Thai): all of a page's segments at once.
    assert job.engine_requests == deepl_settings.server.request_count == 2
    assert "1 parent pages translated first" in job.message
    assert job.machine_notice
    thai_page = case_study.get_translation(thai)
    assert thai_page.live
    assert "อัจฉริยะ" in thai_page.title and "แผน" in thai_page.title
    assert title_translation(case_study, thai).translation_type == "machine"

    response = client.get("/th/cities/bangkok/smart-water-plan/")
    assert response.status_code == 200
    assert NOTICE in response.content.decode() and THAI_NOTICE in response.content.decode()
    assert soup(response).find("h1").get_text(strip=True) == thai_page.title
    # The English page has no notice.
    assert NOTICE not in client.get("/cities/bangkok/smart-water-plan/").content.decode()


def test_the_budget_currency_is_kept_not_translated(case_study, thai, deepl_settings):
    case_study.budget_amount, case_study.budget_currency = 1000, "USD"
    case_study.save_revision().publish()
    job = run(case_study, thai)
    assert job.state == TranslationJob.State.DONE, job.error
    assert case_study.get_translation(thai).specific.budget_currency == "USD"


def test_segments_are_sent_in_batches_of_the_configured_size(case_study, thai, deepl_settings, settings):
    settings.TRANSLATION_BATCH_SIZE = 2
    job = run(case_study, thai)
    pending = len({text for request in deepl_settings.server.requests for text in request.texts})
    assert job.engine_requests == math.ceil(pending / 2) == deepl_settings.server.request_count
    assert max(deepl_settings.server.texts_per_request) <= 2


def test_rerun_is_idempotent_and_asks_the_engine_for_nothing_new(case_study, thai, deepl_settings):
    run(case_study, thai)
    first = deepl_settings.server.request_count
    job = run(case_study, thai)
    assert job.state == TranslationJob.State.DONE
    assert job.segments_machine == 0 and job.engine_requests == 0
    assert deepl_settings.server.request_count == first
    assert case_study.get_translations().filter(locale=thai).count() == 1


def test_a_human_edit_survives_a_rerun_and_a_change_of_the_english(case_study, thai, deepl_settings):
    run(case_study, thai)
    human = title_translation(case_study, thai)
    human.data = "แผนน้ำอัจฉริยะ (แปลโดยคน)"
    human.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
    human.save()

    # The English changes: a new summary, and a new title under the human's translation.
    case_study.summary = "A new plan for water in the smart city."
    case_study.title = "Smart water plan, phase two"
    case_study.save_revision().publish()
    job = run(case_study, thai)

    thai_page = case_study.get_translation(thai)
    thai_page.refresh_from_db()
    assert thai_page.title == "แผนน้ำอัจฉริยะ (แปลโดยคน)"
    assert job.segments_human == 1
    assert "please review" in job.message
    assert "น้ำ" in thai_page.summary and "อัจฉริยะ" in thai_page.summary  # the new summary, machine-translated


def test_without_an_engine_the_job_prepares_a_draft_for_translators(case_study, thai, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
    del settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR
    job = run(case_study, thai)
    assert job.state == TranslationJob.State.PREPARED
    assert "No machine translation engine is configured" in job.message
    thai_page = case_study.get_translation(thai)
    assert not thai_page.live
    assert thai_page.title == case_study.title  # English until a translator writes the Thai
    assert not job.machine_notice


def test_draft_languages_wait_for_review(case_study, thai, deepl_settings, settings):
    settings.TRANSLATION_DRAFT_LANGUAGES = ["th"]
    job = run(case_study, thai)
    assert job.state == TranslationJob.State.DONE
    assert "draft" in job.message
    assert not case_study.get_translation(thai).live


def test_an_engine_error_leaves_the_source_untouched(case_study, thai, deepl_settings):
    deepl_settings.server.fail_next(1, 503, retry_after=7)
    (job,) = jobs.queue_translations(case_study, [thai])
    with pytest.raises(EngineError) as error:
        jobs.run_job(job.pk)
    assert error.value.retryable and error.value.retry_after == 7
    case_study.refresh_from_db()
    assert case_study.title == "Smart water plan" and case_study.live
    assert case_study.get_translations().filter(locale=thai).count() == 0


def test_retry_delays_back_off_exponentially_unless_the_engine_says_when(settings):
    settings.TRANSLATION_RETRY_BASE_SECONDS = 30
    assert [jobs.retry_delay(attempt) for attempt in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert jobs.retry_delay(2, retry_after=5) == 5


def test_glossary_terms_come_out_as_the_network_writes_them(thai, deepl_settings, db):
    GlossaryTerm.objects.create(term="Smart City", do_not_translate=True)
    bangkok = CityPage.objects.get(slug="bangkok", locale__language_code="en")
    page = CaseStudyPageFactory(parent=bangkok, title="Water plan", summary="Bangkok Smart City water plan.")
    page.save_revision().publish()
    term = GlossaryTerm.objects.create(term="Bangkok", do_not_translate=False)
    GlossaryRendering.objects.create(term=term, language="th", text="กรุงเทพมหานคร")

    run(page, thai)

    summary = page.get_translation(thai).summary
    assert "Smart City" in summary  # the engine would have made it "อัจฉริยะ เมือง"
    assert "กรุงเทพมหานคร" in summary
    assert "น้ำ" in summary  # the rest is translated


def test_a_person_publishing_the_translation_removes_the_notice(client, case_study, thai, deepl_settings):
    run(case_study, thai)
    reviewer = get_user_model().objects.create_user("reviewer-th", password="x")
    reviewer.groups.add(Group.objects.get(name="Translators (Thai)"))
    thai_page = case_study.get_translation(thai)
    thai_page.save_revision(user=reviewer).publish(user=reviewer)

    job = TranslationJob.objects.get(source_page=case_study, target_locale=thai)
    assert not job.machine_notice and job.reviewed_by == reviewer
    assert NOTICE not in client.get("/th/cities/bangkok/smart-water-plan/").content.decode()


def test_publishing_in_english_queues_a_job_per_language(case_study, settings, django_capture_on_commit_callbacks):
    settings.TRANSLATE_ON_PUBLISH = True
    with django_capture_on_commit_callbacks() as callbacks:
        case_study.save_revision().publish()
    states = dict(
        TranslationJob.objects.filter(source_page=case_study).values_list("target_locale__language_code", "state")
    )
    assert sorted(states) == ["fil", "id", "ja", "km", "lo", "ms", "my", "th", "vi"]
    assert set(states.values()) == {"pending"}
    assert callbacks  # the tasks are sent once the publish commits


def test_publishing_a_translation_queues_nothing(case_study, thai, deepl_settings, settings):
    run(case_study, thai)
    settings.TRANSLATE_ON_PUBLISH = True
    TranslationJob.objects.all().delete()
    case_study.get_translation(thai).save_revision().publish()
    assert not TranslationJob.objects.exists()


# --- Admin ------------------------------------------------------------------------


def test_admin_shows_the_state_per_language_and_reruns_a_job(admin_client, case_study, thai, deepl_settings):
    run(case_study, thai)
    response = admin_client.get(f"/admin/translations/page/{case_study.pk}/")
    assert response.status_code == 200
    rows = {
        row.find("th").get_text(" ", strip=True): row.get_text(" ", strip=True)
        for row in soup(response).select("tbody tr")
    }
    assert "Machine translated" in rows["Thai th"]
    assert "Machine translated, not reviewed" in rows["Thai th"]
    assert "Not translated" in rows["Khmer km"]

    response = admin_client.post(f"/admin/translations/page/{case_study.pk}/run/", {"language": "km"})
    assert response.status_code == 302
    assert TranslationJob.objects.get(source_page=case_study, target_locale__language_code="km").state == "pending"

    response = admin_client.post(f"/admin/translations/page/{case_study.pk}/run/")
    assert TranslationJob.objects.filter(source_page=case_study, state="pending").count() == 9


def test_the_editors_machine_translate_button_queues_the_job(admin_client, case_study, thai, deepl_settings):
    from wagtail_localize.models import Translation

    run(case_study, thai)
    translation = Translation.objects.get(source__object_id=case_study.translation_key, target_locale=thai)
    before = deepl_settings.server.request_count
    response = admin_client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/", {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert deepl_settings.server.request_count == before  # nothing translated inside the request
    assert TranslationJob.objects.get(source_page=case_study, target_locale=thai).state == "pending"


def test_translators_rerun_only_their_own_language(client, case_study, thai, deepl_settings):
    run(case_study, thai)
    translator = get_user_model().objects.create_user("translator-th", password="pw-th-1234")
    translator.groups.add(Group.objects.get(name="Translators (Thai)"))
    client.force_login(translator)

    assert client.post(f"/admin/translations/page/{case_study.pk}/run/", {"language": "th"}).status_code == 302
    response = client.post(f"/admin/translations/page/{case_study.pk}/run/", {"language": "km"})
    # Wagtail answers a permission error in the admin with a redirect to the dashboard.
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not TranslationJob.objects.filter(source_page=case_study, target_locale__language_code="km").exists()
    # Anonymous users reach the login page, not the view.
    client.logout()
    assert client.post(f"/admin/translations/page/{case_study.pk}/run/", {"language": "th"}).status_code == 302
    assert TranslationJob.objects.get(source_page=case_study, target_locale__language_code="th").state == "pending"


def test_translators_edit_their_language_only(client, case_study, thai, deepl_settings):
    run(case_study, thai)
    translator = get_user_model().objects.create_user("translator-th2", password="pw-th-1234")
    translator.groups.add(Group.objects.get(name="Translators (Thai)"))
    thai_page = case_study.get_translation(thai)
    khmer_home = Locale.objects.get(language_code="km")
    assert thai_page.permissions_for_user(translator).can_edit()
    assert thai_page.permissions_for_user(translator).can_publish()
    assert not case_study.permissions_for_user(translator).can_edit()
    khmer_page = case_study.get_parent().get_translation_or_none(khmer_home) or case_study.get_parent()
    assert not khmer_page.permissions_for_user(translator).can_edit()


# --- Command ------------------------------------------------------------------


def test_translate_pages_command_queues_jobs_and_refuses_bad_input(case_study):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("translate_pages", "/cities/bangkok/smart-water-plan/", str(case_study.pk), "-l", "th", stdout=out)
    assert "Queued 2 translation jobs" in out.getvalue()
    assert TranslationJob.objects.get(source_page=case_study, target_locale__language_code="th").state == "pending"

    with pytest.raises(CommandError, match="Unknown language xx: use one of fil, id"):
        call_command("translate_pages", "-l", "xx")
    with pytest.raises(CommandError, match="No live English page '/nowhere/'"):
        call_command("translate_pages", "/nowhere/")


def test_a_translator_corrects_a_segment_in_the_editor_and_publishes_it(
    client, case_study, thai, deepl_settings, django_capture_on_commit_callbacks
):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from wagtail_localize.models import StringSegment, Translation

    run(case_study, thai)
    translator = get_user_model().objects.create_user("translator-th3", password="pw-th-1234")
    translator.groups.add(Group.objects.get(name="Translators (Thai)"))
    client.force_login(translator)
    thai_page = case_study.get_translation(thai)
    translation = Translation.objects.get(source__object_id=case_study.translation_key, target_locale=thai)
    title = StringSegment.objects.get(source=translation.source, context__path="title")

    # The page's edit view is wagtail-localize's segment-by-segment editor.
    editor = client.get(f"/admin/pages/{thai_page.pk}/edit/")
    assert editor.status_code == 200 and "wagtail-localize" in editor.content.decode()

    # The editor saves a segment with a multipart PUT.
    url = f"/admin/localize/translate/{translation.pk}/strings/{title.pk}/edit/"
    response = client.put(url, encode_multipart(BOUNDARY, {"value": "แผนน้ำอัจฉริยะ"}), content_type=MULTIPART_CONTENT)
    assert response.status_code in (200, 201), response.content
    assert title_translation(case_study, thai).translation_type == "manual"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{thai_page.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    thai_page.refresh_from_db()
    assert thai_page.title == "แผนน้ำอัจฉริยะ"
    job = TranslationJob.objects.get(source_page=case_study, target_locale=thai)
    assert not job.machine_notice and job.reviewed_by == translator

    # Not in another language.
    khmer = Locale.objects.get(language_code="km")
    run(case_study, khmer)
    khmer_translation = Translation.objects.get(source__object_id=case_study.translation_key, target_locale=khmer)
    url = f"/admin/localize/translate/{khmer_translation.pk}/strings/{title.pk}/edit/"
    response = client.put(url, encode_multipart(BOUNDARY, {"value": "x"}), content_type=MULTIPART_CONTENT)
    assert response.status_code == 403


def test_translate_this_page_into_several_languages_queues_their_jobs(admin_client, case_study):
    locales = Locale.objects.filter(language_code__in=["th", "km", "ja"])
    response = admin_client.post(
        f"/admin/localize/submit/page/{case_study.pk}/", {"locales": [locale.pk for locale in locales]}
    )
    assert response.status_code == 302
    queued = TranslationJob.objects.filter(source_page=case_study)
    assert sorted(queued.values_list("target_locale__language_code", flat=True)) == ["ja", "km", "th"]
    assert set(queued.values_list("state", flat=True)) == {"pending"}
    # wagtail-localize made the drafts; the jobs will fill them in.
    assert case_study.get_translations().filter(locale__in=locales, live=False).count() == 3


def test_dashboard_shows_failed_jobs_to_the_secretariat_and_pages_to_review_to_translators(
    client, admin_client, case_study, thai, deepl_settings
):
    run(case_study, thai)
    (failed,) = jobs.queue_translations(case_study, [Locale.objects.get(language_code="ja")])
    jobs.record_failure(failed.pk, "DeepL answered HTTP 403 Forbidden")

    dashboard = soup(admin_client.get("/admin/"))
    panel = dashboard.find(id="translation-jobs-heading").find_parent("section").get_text(" ", strip=True)
    assert "1 translation job failed" in panel

    translator = get_user_model().objects.create_user("translator-th4", password="pw-th-1234")
    translator.groups.add(Group.objects.get(name="Translators (Thai)"))
    client.force_login(translator)
    dashboard = soup(client.get("/admin/"))
    assert dashboard.find(id="translation-jobs-heading") is None
    panel = dashboard.find(id="translations-review-heading").find_parent("section")
    link = panel.find("a", href=f"/admin/pages/{case_study.get_translation(thai).pk}/edit/")
    assert link is not None
