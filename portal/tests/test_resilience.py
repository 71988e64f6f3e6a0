"""Degrade, don't fall over: the site with Redis (cache and broker), the translation engine
or the mail server down, and what /readyz says about each. The Redis here is the test's own
(portal/tests/redis_server.py), stopped and started again; a closed port stands in for a
broker or cache that is simply not there. Real workers: test_worker_resilience.py."""

import datetime
import logging

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

from casestudies.models import CaseStudyPage
from cities.models import CityPage
from notifications.models import OutboxEmail, Subscriber
from portal import broker
from portal.models import WorkerHeartbeat
from portal.tests.admin_forms import create_data
from portal.tests.helpers import english
from portal.tests.redis_server import celery_broker, free_port, running_redis
from translation import jobs
from translation.models import TranslationJob

pytestmark = pytest.mark.django_db

ON_COMMIT = {"default": {"BACKEND": "portal.tasks_backend.OnCommitCeleryBackend"}}


def redis_cache(url, **options):
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "portal-test",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "down_for": 5, **options},
        }
    }


def closed_port_url(db=0):
    return f"redis://127.0.0.1:{free_port()}/{db}"


@pytest.fixture
def redis():
    with running_redis() as server:
        yield server


@pytest.fixture(autouse=True)
def broker_tried_afresh():
    """A failed publish makes this process leave the broker alone for a while: not across tests."""
    broker.reset()
    yield
    broker.reset()


@pytest.fixture
def dead_broker():
    with celery_broker(closed_port_url()):
        yield


def login_secretariat(client):
    """The secretariat, past both factors (their group requires two-factor authentication)."""
    user = get_user_model().objects.get(username="secretariat")
    device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


# --- The cache ---------------------------------------------------------------------------


def test_the_cache_works_then_misses_quietly_while_redis_is_down(redis, settings, caplog):
    from django.core.cache import cache

    settings.CACHES = redis_cache(redis.url(1), warn_every=60)
    cache.set("greeting", "hello")
    assert cache.get("greeting") == "hello"

    redis.stop()
    with caplog.at_level(logging.WARNING, logger="portal.cache"):
        assert cache.get("greeting", "missed") == "missed"
        assert cache.set("greeting", "again") is None
        assert cache.add("other", 1) is False
        assert cache.get_many(["greeting", "other"]) == {}
        with pytest.raises(ValueError):  # what Django's caches say of a key they do not hold
            cache.incr("counter")
    warnings = [record for record in caplog.records if record.name == "portal.cache"]
    assert len(warnings) == 1 and "cannot be reached" in warnings[0].getMessage()

    redis.start()
    assert cache.get("greeting", "missed") == "missed", "left alone for `down_for` seconds after a failure"
    cache.check()  # the readiness check pings it, whatever the last failure was
    cache.set("greeting", "back")
    assert cache.get("greeting") == "back"


def test_public_pages_and_the_api_serve_with_redis_stopped(redis, settings, client):
    settings.CACHES = redis_cache(redis.url(1))
    redis.stop()

    case_study = CaseStudyPage.objects.live().filter(locale__language_code="en").first()
    pages = ["/", case_study.url, "/case-studies/", "/th/", "/feeds/case-studies.rss"]
    for url in pages + ["/api/v1/case-studies/", "/api/v1/cities/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
    assert client.get(f"/api/v1/case-studies/{case_study.pk}/").status_code == 200


def test_api_rate_limits_fail_open_while_the_cache_is_down(redis, settings, client):
    """The documented choice (docs/operations.md): public, read-only data stays available."""
    settings.CACHES = redis_cache(redis.url(1))
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "partner": "2/minute"},
    }
    statuses = [client.get("/api/v1/countries/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429], "with Redis up the limit holds"

    redis.stop()
    assert [client.get("/api/v1/countries/").status_code for _ in range(5)] == [200] * 5


# --- Publishing with everything it talks to down -------------------------------------------


def test_admin_publishes_with_the_broker_cache_engine_and_mail_server_down(
    client, settings, dead_broker, django_capture_on_commit_callbacks
):
    """The page goes live; what could not be queued waits in the database (translation jobs,
    e-mails); Wagtail's search-index update is done in the request instead."""
    settings.CACHES = redis_cache(closed_port_url(1))
    settings.TASKS = ON_COMMIT
    settings.TRANSLATE_ON_PUBLISH = True
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "translation.engines.LibreTranslateEngine",
        "OPTIONS": {"LIBRETRANSLATE_URL": f"http://127.0.0.1:{free_port()}", "TIMEOUT": 1},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on the discard port
    OutboxEmail.objects.all().delete()
    Subscriber.objects.create(email="follower@example.org", confirmed_at=timezone.now())
    login_secretariat(client)

    city = english(CityPage, "aizuwakamatsu")
    url, data = create_data(
        client,
        CaseStudyPage,
        city,
        title="Snow-clearing routes by sensor",
        slug="snow-clearing-routes",
        summary="Ploughs sent where the sensors say the snow is.",
        source_name="City of Aizuwakamatsu",
    )
    data["action-publish"] = "1"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert callbacks, "the broker was asked (and could not answer)"

    page = CaseStudyPage.objects.get(slug="snow-clearing-routes")
    assert page.live
    queued = TranslationJob.objects.filter(source_page=page)
    assert queued.count() == 9
    assert set(queued.values_list("state", flat=True)) == {TranslationJob.State.PENDING}
    assert not queued.exclude(claimed_until=None).exists(), "unclaimed: the sweeper sends them"
    assert set(jobs.dropped().filter(source_page=page)) == set(queued)
    emails = OutboxEmail.objects.filter(to="follower@example.org")
    assert emails.count() == 1 and emails.get().state == OutboxEmail.State.PENDING
    # The search index was updated in the request (the broker could not take the job).
    found = Page.objects.live().filter(locale=page.locale).search("snow-clearing routes sensor")
    assert page.pk in [result.pk for result in found]


def test_the_sweeper_sends_dropped_jobs_once_the_broker_is_back(redis, case_study_jobs):
    pending, running_elsewhere, worker_gone, finished = case_study_jobs

    with celery_broker(closed_port_url()):
        assert jobs.requeue_due() == 0
    assert set(jobs.dropped()) == {pending, worker_gone}, "still waiting, nothing lost"

    broker.reset()
    with celery_broker(redis.url(0)):
        assert jobs.requeue_due() == 2
    assert not jobs.dropped().exists()
    assert redis.cli("llen", "default").stdout.strip() == b"2"  # on the broker's queue
    worker_gone.refresh_from_db()
    assert worker_gone.state == TranslationJob.State.PENDING, "its worker is gone: waiting for another"


def test_a_worker_runs_a_job_only_when_nobody_else_has_it(case_study_jobs):
    pending, running_elsewhere, worker_gone, finished = case_study_jobs

    assert jobs.claim_for_worker(pending.pk)
    assert not jobs.claim_for_worker(pending.pk), "a second copy of the message is skipped"
    assert not jobs.claim_for_worker(running_elsewhere.pk)
    assert jobs.claim_for_worker(worker_gone.pk)
    assert not jobs.claim_for_worker(finished.pk)
    pending.refresh_from_db()
    assert pending.state == TranslationJob.State.RUNNING and pending.claimed_until > timezone.now()


@pytest.fixture
def case_study_jobs():
    page = CaseStudyPage.objects.live().filter(locale__language_code="en").first()
    TranslationJob.objects.all().delete()
    now = timezone.now()
    locales = list(jobs.target_locales()[:4])
    State = TranslationJob.State

    def job(locale, state, claimed_until):
        return TranslationJob.objects.create(
            source_page=page, target_locale=locale, state=state, claimed_until=claimed_until
        )

    return (
        job(locales[0], State.PENDING, None),  # never reached the broker
        job(locales[1], State.RUNNING, now + datetime.timedelta(minutes=5)),
        job(locales[2], State.RUNNING, now - datetime.timedelta(minutes=1)),  # its worker died
        job(locales[3], State.DONE, None),
    )


# --- /healthz and /readyz ---------------------------------------------------------------------


def readyz(client):
    response = client.get("/readyz")
    return response.status_code, response.json()


def fresh_heartbeat(age_seconds=1):
    WorkerHeartbeat.objects.update_or_create(
        worker="celery@test", defaults={"beat_at": timezone.now() - datetime.timedelta(seconds=age_seconds)}
    )


def test_healthz_is_a_cheap_liveness_check(client, django_assert_num_queries, dead_broker):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_all_ok(client, redis, settings):
    settings.CACHES = redis_cache(redis.url(1))
    fresh_heartbeat()
    with celery_broker(redis.url(0)):
        status, body = readyz(client)
    assert status == 200 and body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "ok",
    }
    assert body["checks"]["broker"]["transport"] == "redis"
    assert body["checks"]["database"]["required"] and not body["checks"]["cache"]["required"]


def test_readyz_on_the_embedded_broker(client, settings, tmp_path):
    """kombu's filesystem transport: ready while its folder can be written."""
    fresh_heartbeat()
    folder = tmp_path / "queue"
    folder.mkdir()
    with celery_broker("filesystem://"):
        options = {"data_folder_in": str(folder), "data_folder_out": str(folder)}
        with_options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, **options}
        from portal.celery import app

        saved = app.conf.broker_transport_options
        app.conf.broker_transport_options = with_options
        try:
            expected = {"status": "ok", "transport": "filesystem", "required": False}
            assert readyz(client)[1]["checks"]["broker"] == expected
            folder.rmdir()
            assert readyz(client)[1]["checks"]["broker"]["status"] == "error"
        finally:
            app.conf.broker_transport_options = saved


def test_readyz_with_redis_stopped_is_degraded_not_unavailable(client, redis, settings):
    """The cache and the broker are every web node's: a load balancer must not take all the
    nodes out for them, since the site serves without them."""
    settings.CACHES = redis_cache(redis.url(1))
    fresh_heartbeat()
    with celery_broker(redis.url(0)):
        redis.stop()
        status, body = readyz(client)
    assert status == 200 and body["status"] == "degraded"
    checks = body["checks"]
    assert checks["database"]["status"] == "ok" and checks["worker"]["status"] == "ok"
    assert checks["cache"] == {"status": "error", "error": "ConnectionError", "required": False}
    assert checks["broker"]["status"] == "error" and "127.0.0.1" not in str(body), "details only in the log"


def test_readyz_unavailable_when_a_required_check_fails(client, settings, dead_broker):
    settings.READYZ_REQUIRED = ["database", "broker"]
    fresh_heartbeat()
    status, body = readyz(client)
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["broker"]["status"] == "error" and body["checks"]["broker"]["required"]


def test_readyz_reports_workers_missing_stale_and_fresh(client, settings):
    settings.WORKER_HEARTBEAT_STALE_SECONDS = 90
    WorkerHeartbeat.objects.all().delete()
    assert readyz(client)[1]["checks"]["worker"] == {"status": "missing", "last_heartbeat": None, "required": False}

    fresh_heartbeat(age_seconds=200)
    status, body = readyz(client)
    assert status == 200 and body["status"] == "degraded"
    assert body["checks"]["worker"]["status"] == "stale" and body["checks"]["worker"]["age_seconds"] == 200

    fresh_heartbeat(age_seconds=10)
    assert readyz(client)[1]["checks"]["worker"]["status"] == "ok"


# --- Sign-ups ----------------------------------------------------------------------------


def test_a_sign_up_with_the_broker_down_sends_its_confirmation_from_the_request(client, dead_broker, smtp_inbox):
    response = client.post("/subscribe/", {"email": "reader@example.org", "language": "en", "frequency": "immediate"})
    assert response.status_code == 302
    assert len(smtp_inbox.to("reader@example.org")) == 1


def test_a_sign_up_with_broker_and_mail_server_down_says_to_try_later(client, dead_broker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    response = client.post("/subscribe/", {"email": "reader@example.org", "language": "en", "frequency": "immediate"})
    assert response.status_code == 503
    assert "could not be sent just now" in response.content.decode()
