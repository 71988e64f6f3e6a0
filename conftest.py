"""Shared fixtures. The demo content is loaded once per test session, so tests read
the same pages a visitor of `make run` sees; each test runs in a transaction that is
rolled back, except the browser tests (live server), which run last."""

import shutil
import tempfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

_test_settings = None


def pytest_configure(config):
    # Settings for the whole run; override_settings sends setting_changed, so caches
    # that read them early (storages, task backends) start again from these values.
    global _test_settings
    _test_settings = override_settings(
        MEDIA_ROOT=tempfile.mkdtemp(prefix="portal-media-"),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Wagtail's background tasks run inline in tests; the Celery backend is for the workers.
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MAP_TILE_URL="",  # no network here: maps must work without tiles
    )
    _test_settings.enable()


def pytest_unconfigure(config):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    _test_settings.disable()


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


@pytest.fixture
def committed_demo_content(transactional_db, django_db_blocker):
    """For tests whose data must be visible to other processes (live server, Celery worker).

    Such tests are transactional, run last, and each ends with a flush that empties the
    database; the loader recreates what migrations and the session's loading had made."""
    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
