"""Shared fixtures. The demo content is loaded once per test session, so tests read
the same pages a visitor of `make run` sees; each test runs in a transaction that is
rolled back, except the browser tests (live server), which run last."""

import shutil
import socket
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
        # Translation jobs are queued only by the tests about them (a worker would find
        # the others rolled back).
        TRANSLATE_ON_PUBLISH=False,
        # The page cache and publish-time renditions only where a test asks for them:
        # factories write no log entry, so cached pages would not change under them.
        PAGE_CACHE_SECONDS=0,
        RENDITIONS_ON_PUBLISH=False,
    )
    _test_settings.enable()


def pytest_unconfigure(config):
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    _test_settings.disable()


_demo_snapshot = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _demo_snapshot
    from portal.tests.db_snapshot import Snapshot

    with django_db_blocker.unblock():
        call_command("load_demo_content", verbosity=0)
        _demo_snapshot = Snapshot()


@pytest.fixture
def home_page(db):
    from portal.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def city_index(db):
    from cities.models import CityIndexPage

    return CityIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def library_page(db):
    from casestudies.models import CaseStudyIndexPage

    return CaseStudyIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def event_index(db):
    from events.models import EventIndexPage

    return EventIndexPage.objects.get(locale__language_code="en")


@pytest.fixture
def committed_demo_content(transactional_db, django_db_blocker):
    """For tests whose data must be visible to other processes (live server, Celery worker).

    Such tests are transactional, run last, and each ends with a flush that empties the
    database; the copy taken after the session's loading puts the demo content back."""
    from django.core.cache import cache

    from portal.tests.db_snapshot import empty_database

    with django_db_blocker.unblock():
        _demo_snapshot.restore()
    cache.clear()  # nothing cached from content an earlier test changed
    yield
    with django_db_blocker.unblock():
        empty_database()  # so that the flush that follows finds nothing to wait for


class _Inbox:
    """What the loopback SMTP server received, as parsed e-mail messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m["X-Envelope-To"]]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on 127.0.0.1; the portal sends to it over SMTP."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (aiosmtpd checks its own start by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture
def two_factor_login():
    """Log a test client in as an admin sign-in ends: a session for the user (force_login stands
    for the password step), then a code from their authenticator app posted to the verify page.

    Superusers and the Secretariat cannot open the admin without it (portal/two_factor.py).
    Each call gives the user a new authenticator, as a TOTP code is accepted once per device
    and 30-second step, and one test may sign the same user in more than once."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def login(client, user):
        client.force_login(user)
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
        code = f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"
        response = client.post("/admin/two-factor/verify/", {"code": code})
        assert response.status_code == 302, "the second factor was refused"
        return user

    return login


@pytest.fixture
def admin_client(admin_user, two_factor_login):
    """pytest-django's admin_client, signed in with the second factor a superuser must give."""
    from django.test import Client

    client = Client()
    two_factor_login(client, admin_user)
    return client
