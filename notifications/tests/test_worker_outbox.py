"""The outbox delivered by real Celery workers to a real SMTP server on loopback, through
faults: a worker killed mid-batch, the mail server refusing then accepting, the broker
(Redis) stopped then restarted. Afterwards every expected e-mail has arrived exactly once."""

import asyncio
import collections
import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import FocusArea
from cities.models import CityPage
from notifications.models import OutboxEmail, Subscriber
from portal.tests.helpers import english, translate
from portal.tests.test_worker import running_worker

pytestmark = pytest.mark.django_db(transaction=True)


class Sink:
    """An SMTP server that records what it accepts, and can refuse recipients (451) or hold
    the answer to one message (while a test kills the sender)."""

    def __init__(self):
        self.messages = []
        self.refusing = False
        self.hold_at = None  # hold the answer to the message that would be number hold_at + 1
        self.holding = False
        self.released = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            return "451 4.3.2 Not accepting mail right now, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_at is not None and len(self.messages) == self.hold_at and not self.released:
            self.holding = True
            while not self.released:
                await asyncio.sleep(0.05)
            if server.transport is None or server.transport.is_closing():
                return "451 4.4.2 Connection lost"  # the sender died: like a real server, do not deliver
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def recipients(self):
        return collections.Counter(str(message["To"]) for message in self.messages)


@pytest.fixture
def sink():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Sink()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    handler.url = f"smtp://127.0.0.1:{port}"
    yield handler
    handler.released = True
    controller.stop()


def wait_for(condition, seconds=120, what="the condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out waiting for {what}")


def subscribers(count):
    made = Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n:05d}@example.org", confirmed_at=timezone.now()) for n in range(count)
    )
    return {subscriber.email for subscriber in made}


def publish_case_study(title="Bus lanes that pay for themselves", city="bangkok", thai_title=None):
    """Published (and translated) in one transaction, so a worker sees all of it or nothing."""
    with transaction.atomic():
        page = CaseStudyPageFactory(
            parent=english(CityPage, city),
            title=title,
            live=False,
            focus_areas=list(FocusArea.objects.in_default_language().filter(slug="built-infrastructure")),
        )
        page.save_revision().publish()
        if thai_title:
            translate(page, thai_title, "th")
    page.refresh_from_db()
    return page


def worker_env(sink, **extra):
    return {
        "EMAIL_URL": sink.url,
        "NOTIFICATIONS_SWEEP_EVERY_SECONDS": "1",
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
        **extra,
    }


def test_sign_up_confirm_publish_then_exactly_the_matching_subscribers_hear_once(committed_demo_content, sink, client):
    OutboxEmail.objects.all().delete()  # the demo's moderation notices are not what this test counts
    Subscriber.objects.create(email="elsewhere@example.org", confirmed_at=timezone.now()).cities.set(
        [english(CityPage, "hanoi")]
    )
    with running_worker("test-outbox-worker.log", beat=True, purge=True, **worker_env(sink)):
        signup = {"email": "Reader@Example.org", "language": "th", "frequency": "immediate", "cities": ["bangkok"]}
        assert client.post("/subscribe/", signup).status_code == 302
        wait_for(lambda: sink.messages, what="the confirmation e-mail")
        text = sink.messages[0].get_body(("plain",)).get_content()
        assert client.post(re.search(r"https?://[^/\s]+(/th/subscribe/confirm/\S+/)", text).group(1)).status_code == 302

        publish_case_study(thai_title="ช่องทางรถเมล์ที่คุ้มทุน")
        wait_for(lambda: len(sink.messages) >= 2, what="the announcement")
        time.sleep(3)  # a few sweeps more: nothing else may arrive

    assert sink.recipients() == {"reader@example.org": 2}  # the confirmation, then one announcement
    announcement = sink.messages[1]
    assert "ช่องทางรถเมล์ที่คุ้มทุน" in announcement["Subject"]
    assert announcement["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(committed_demo_content, sink):
    OutboxEmail.objects.all().delete()
    expected = subscribers(120)
    sink.hold_at = 45  # the worker is killed while it waits for the server's answer to the 46th
    env = worker_env(sink, NOTIFICATIONS_BATCH_SIZE="20", NOTIFICATIONS_CLAIM_SECONDS="3")

    with running_worker("test-outbox-killed.log", purge=True, **env) as worker:
        publish_case_study()
        wait_for(lambda: sink.holding, what="the worker to be mid-batch")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=20)
    sink.released = True
    assert len(sink.messages) == 45
    assert OutboxEmail.objects.filter(state=OutboxEmail.State.SENT).count() == 45

    with running_worker("test-outbox-after-kill.log", beat=True, **env):
        wait_for(lambda: len(sink.messages) >= len(expected), what="the rest of the e-mails")
        time.sleep(4)  # claims lapse and sweeps run again: nothing may be sent twice

    assert sink.recipients() == dict.fromkeys(expected, 1)
    assert OutboxEmail.objects.filter(state=OutboxEmail.State.SENT).count() == len(expected)


def test_mail_server_refusing_then_accepting(committed_demo_content, sink):
    OutboxEmail.objects.all().delete()
    expected = subscribers(30)
    sink.refusing = True

    with running_worker("test-outbox-refused.log", beat=True, purge=True, **worker_env(sink)):
        publish_case_study()
        wait_for(lambda: OutboxEmail.objects.exclude(last_error="").exists(), what="a refused delivery")
        assert not sink.messages
        assert "451" in OutboxEmail.objects.exclude(last_error="").first().last_error
        sink.refusing = False
        wait_for(lambda: len(sink.messages) >= len(expected), what="delivery once the server accepts")
        time.sleep(3)

    assert sink.recipients() == dict.fromkeys(expected, 1)
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {OutboxEmail.State.SENT}


REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379", "--save", "",
    "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip


def redis_up():
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode == 0


@pytest.mark.skipif(not settings.REDIS_URL, reason="the broker is Redis only in the PostgreSQL + Redis run")
def test_broker_stopped_then_restarted(committed_demo_content, sink):
    OutboxEmail.objects.all().delete()
    expected = subscribers(40)
    env = worker_env(sink, NOTIFICATIONS_BATCH_SIZE="5", NOTIFICATIONS_BATCH_PAUSE_SECONDS="0.5")

    with contextlib.ExitStack() as workers:
        worker = workers.enter_context(running_worker("test-outbox-redis.log", beat=True, purge=True, **env))
        publish_case_study()
        wait_for(lambda: sink.messages, what="delivery to start")
        subprocess.run(["redis-cli", "-h", "127.0.0.1", "shutdown", "nosave"], capture_output=True)
        try:
            wait_for(lambda: not redis_up(), seconds=20, what="Redis to stop")
            # Published while the broker is down: the page goes live, the rows wait in the database.
            second = publish_case_study("Flood sensors on every canal")
            assert second.live
            assert OutboxEmail.objects.filter(announcement__page=second).count() == len(expected)
            time.sleep(3)
        finally:
            subprocess.run(REDIS_START, check=True)
            wait_for(redis_up, seconds=30, what="Redis to start again")
        if worker.poll() is not None:
            # kombu 5.7 can end the worker when the broker vanishes under a running task
            # ("Unrecoverable error" restoring unacknowledged messages); in production the
            # process supervisor starts it again (docs/notifications.md), as here.
            workers.enter_context(running_worker("test-outbox-redis-restarted.log", beat=True, **env))
        wait_for(lambda: len(sink.messages) >= 2 * len(expected), seconds=180, what="every e-mail after the restart")
        time.sleep(3)

    assert sink.recipients() == dict.fromkeys(expected, 2)
