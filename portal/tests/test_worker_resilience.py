"""Redis stopped under a running worker, a page published through the admin meanwhile, Redis
started again: the worker catches up with what could not be queued, and /readyz follows
along. The Redis is the test's own (portal/tests/redis_server.py), in both CI runs."""

import contextlib
import time

import pytest
from wagtail.models import Page

from casestudies.models import CaseStudyPage
from cities.models import CityPage
from portal.models import WorkerHeartbeat
from portal.tests.admin_forms import create_data
from portal.tests.helpers import english
from portal.tests.redis_server import celery_broker, running_redis
from portal.tests.test_resilience import ON_COMMIT, login_secretariat, readyz, redis_cache
from portal.tests.test_worker import running_worker
from translation.models import TranslationJob

pytestmark = pytest.mark.django_db(transaction=True)

FINISHED = [TranslationJob.State.DONE, TranslationJob.State.PREPARED, TranslationJob.State.FAILED]


def wait_for(condition, seconds=150, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"Timed out waiting for {what}")


def statuses(body):
    return {name: check["status"] for name, check in body["checks"].items()}


def test_publish_while_redis_is_stopped_then_the_worker_catches_up(committed_demo_content, client, settings):
    settings.TASKS = ON_COMMIT
    settings.TRANSLATE_ON_PUBLISH = True
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(running_redis())
        settings.CACHES = redis_cache(redis.url(1))
        stack.enter_context(celery_broker(redis.url(0)))
        env = {
            "REDIS_URL": redis.url(0),
            "TRANSLATION_SWEEP_EVERY_SECONDS": "1",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "BROKER_RETRY_AFTER_SECONDS": "1",
        }
        worker = stack.enter_context(running_worker("test-resilience-worker.log", beat=True, purge=True, **env))
        wait_for(WorkerHeartbeat.objects.exists, what="the worker's first heartbeat")
        status, body = readyz(client)
        assert status == 200 and body["status"] == "ok", body

        redis.stop()
        status, body = readyz(client)
        assert status == 200 and body["status"] == "degraded"
        assert statuses(body) == {"database": "ok", "cache": "error", "broker": "error", "worker": "ok"}

        login_secretariat(client)
        url, data = create_data(
            client,
            CaseStudyPage,
            english(CityPage, "aizuwakamatsu"),
            title="Snow-clearing routes by sensor",
            slug="snow-clearing-routes",
            summary="Ploughs sent where the sensors say the snow is.",
            source_name="City of Aizuwakamatsu",
        )
        data["action-publish"] = "1"
        assert client.post(url, data).status_code == 302  # committed, and nothing raised after the commit
        page = CaseStudyPage.objects.get(slug="snow-clearing-routes")
        assert page.live
        assert client.get(page.url).status_code == 200
        found = Page.objects.live().filter(locale=page.locale).search("snow-clearing routes sensor")
        assert page.pk in [result.pk for result in found], "indexed in the request, the broker being down"
        queued = TranslationJob.objects.filter(source_page=page)
        assert queued.count() == 9 and not queued.exclude(state=TranslationJob.State.PENDING).exists()

        redis.start()
        if worker.poll() is not None:
            # kombu can end a worker whose broker vanished (docs/operations.md): its supervisor
            # starts it again in production, as here.
            stack.enter_context(running_worker("test-resilience-worker-restarted.log", beat=True, **env))
        wait_for(
            lambda: not queued.exclude(state__in=FINISHED).exists(),
            what="the translation jobs queued by the sweeper once Redis is back",
        )
        assert set(queued.values_list("state", flat=True)) == {TranslationJob.State.PREPARED}
        assert all(job.attempts == 1 for job in queued), "each job ran once"
        wait_for(lambda: readyz(client)[1]["status"] == "ok", seconds=30, what="/readyz to be ok again")
