"""A real Celery worker, on the configured broker (filesystem or Redis), against the test database."""

import contextlib
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cities.models import CityPage
from portal.tasks import publish_scheduled_pages

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)


def worker_database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def running_worker(log_name="test-worker.log", *, beat=False, purge=False, **extra_env):
    """A Celery worker subprocess on this test database, configured from the environment
    as in production (`extra_env` adds settings, e.g. the translation engine); with `beat`,
    Celery beat runs inside it; with `purge`, tasks earlier tests left queued are dropped.
    It leads its own process group (os.killpg kills it all)."""
    env = {
        **os.environ,
        **extra_env,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    if purge:
        command += ["--purge"]
    if beat:
        command += ["--beat", f"--schedule={Path(settings.VAR_DIR) / 'test-beat-schedule'}"]
    with open(Path(settings.VAR_DIR) / log_name, "w") as log:
        worker = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            if purge:  # what the test queues next must not be purged: wait for the worker to start
                wait_until_ready(Path(settings.VAR_DIR) / log_name, worker)
            yield worker
        finally:
            stop_group(worker)


def wait_until_ready(log_path, worker, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        if " ready." in log_path.read_text(errors="replace"):
            return
        time.sleep(0.2)
    raise RuntimeError(f"The Celery worker did not start; see {log_path}")


def stop_group(worker):
    """Stop the worker and whatever it started (embedded beat), politely, then not."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(worker.pid, sig)
        except ProcessLookupError:
            return
        try:
            worker.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def celery_worker():
    with running_worker() as worker:
        yield worker


def test_scheduled_page_goes_live_when_the_worker_runs_the_beat_task(committed_demo_content, celery_worker):
    city = CityPage.objects.get(slug="phnom-penh")
    page = CaseStudyPageFactory(parent=city, title="Scheduled project", live=False)
    revision = page.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    assert not page.live and revision.approved_go_live_at

    result = publish_scheduled_pages.delay()
    result.get(timeout=90)  # raises if the task failed in the worker

    page.refresh_from_db()
    assert page.live
    assert page.live_revision_id == revision.pk


def test_wagtails_background_tasks_run_on_the_celery_worker(committed_demo_content, celery_worker, settings):
    """Production's task backend (django-tasks-fennel) hands Wagtail's own tasks to Celery."""
    import time

    from django_tasks.exceptions import TaskResultDoesNotExist
    from wagtail.models import ReferenceIndex
    from wagtail.tasks import update_reference_index_task

    settings.TASKS = {"default": {"BACKEND": "portal.tasks_backend.OnCommitCeleryBackend"}}
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    ReferenceIndex.objects.filter(object_id=str(page.pk)).delete()

    result = update_reference_index_task.enqueue("casestudies", "casestudypage", page.pk)
    deadline = time.monotonic() + 90
    while not result.is_finished and time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            result.refresh()
        except TaskResultDoesNotExist:  # the result backend may not know the task until it starts
            continue
    assert result.status.name == "SUCCESSFUL", result.status
    assert ReferenceIndex.objects.filter(object_id=str(page.pk)).exists()  # the worker wrote it
