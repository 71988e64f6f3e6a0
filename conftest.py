"""Shared fixtures. The demo content is loaded once per test session, so tests read
the same pages a visitor of `make run` sees; each test runs in a transaction that is
rolled back, except the browser tests (live server), which run last."""

import shutil
import tempfile

import pytest
from django.conf import settings
from django.core.management import call_command


def pytest_configure(config):
    # Settings for the whole run, before anything reads them.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-media-")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Wagtail's background tasks run inline in tests; the Celery backend is for the workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAP_TILE_URL = ""  # no network here: maps must work without tiles


def pytest_unconfigure(config):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)


@pytest.fixture
def home_page(db):
    from portal.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def city_index(db):
    from cities.models import CityIndexPage

    return CityIndexPage.objects.get()


@pytest.fixture
def library_page(db):
    from casestudies.models import CaseStudyIndexPage

    return CaseStudyIndexPage.objects.get()


@pytest.fixture
def event_index(db):
    from events.models import EventIndexPage

    return EventIndexPage.objects.get()
