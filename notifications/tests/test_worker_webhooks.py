"""Webhooks delivered by a real Celery worker to a real HTTP receiver on loopback: signed as
documented, retried after 500s, and the endpoint disabled (the secretariat told) when it
keeps failing. Deadlines, never sleeps of a fixed length: CI machines are slow."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from casestudies.models import CaseStudyPage
from notifications import webhooks
from notifications.models import OutboxEmail, WebhookDelivery, WebhookEndpoint
from portal.tests.test_worker import running_worker
from tools.webhook_receiver import verify

pytestmark = pytest.mark.django_db(transaction=True)

LOCAL = {"WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "1", "WEBHOOK_REQUIRE_HTTPS": "0", "WEBHOOK_RETRY_BASE_SECONDS": "1"}


class Receiver(ThreadingHTTPServer):
    """Answers with `statuses` in turn (the last one for ever after)."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.received = []
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/portal-hooks"


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        status = server.statuses.pop(0) if len(server.statuses) > 1 else server.statuses[0]
        server.received.append({"headers": dict(self.headers), "body": body, "status": status})
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(request):
    server = Receiver(request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def publish_event(url):
    hook = WebhookEndpoint.objects.create(name="Partner site", url=url, events=["casestudy.published"])
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    with transaction.atomic():  # as in the publishing signal handler: the worker is asked on commit
        webhooks.queue_event("casestudy.published", page, key=f"casestudy.published:{page.pk}")
    return hook


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.mark.parametrize("receiver", [[200]], indirect=True)
def test_delivered_once_and_the_signature_verifies(committed_demo_content, receiver):
    with running_worker("test-webhooks-worker.log", **LOCAL):
        hook = publish_event(receiver.url)
        assert wait_for(lambda: WebhookDelivery.objects.filter(state="delivered").exists())

    (request,) = receiver.received
    headers = request["headers"]
    assert verify(hook.secret, headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], request["body"])
    assert not verify("another secret", headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], request["body"])
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Portal-Delivery"] == str(delivery.event_id)
    assert headers["X-Portal-Event"] == "casestudy.published"
    assert delivery.response_code == 200 and delivery.attempts == 1 and delivery.latency_ms is not None


@pytest.mark.parametrize("receiver", [[500, 500, 200]], indirect=True)
def test_retried_after_500s_and_delivered_once(committed_demo_content, receiver):
    with running_worker("test-webhooks-retry-worker.log", **LOCAL, WEBHOOK_RETRY_FOR_SECONDS="600"):
        hook = publish_event(receiver.url)
        assert wait_for(lambda: WebhookDelivery.objects.filter(state="delivered").exists())
        time.sleep(2)  # a duplicate send, if any, would show up here

    assert [r["status"] for r in receiver.received] == [500, 500, 200]
    assert len({r["headers"]["X-Portal-Delivery"] for r in receiver.received}) == 1  # one event, three tries
    delivery = WebhookDelivery.objects.get()
    assert delivery.attempts == 3 and delivery.response_code == 200 and delivery.last_error == ""
    hook.refresh_from_db()
    assert hook.failing_since is None and hook.disabled_at is None


@pytest.mark.parametrize("receiver", [[500]], indirect=True)
def test_an_endpoint_failing_for_the_limit_is_disabled_and_the_secretariat_told(committed_demo_content, receiver):
    env = {**LOCAL, "WEBHOOK_RETRY_FOR_SECONDS": "6", "SECRETARIAT_EMAIL": "secretariat-desk@example.org"}
    with running_worker("test-webhooks-disable-worker.log", **env):
        hook = publish_event(receiver.url)
        assert wait_for(lambda: WebhookEndpoint.objects.filter(pk=hook.pk, disabled_at__isnull=False).exists())
        assert wait_for(lambda: OutboxEmail.objects.filter(kind="notice", to="secretariat-desk@example.org").exists())

    hook.refresh_from_db()
    assert "HTTP 500" in hook.disabled_reason
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "failed" and delivery.response_code == 500
    assert delivery.attempts >= 3  # retried with back-off before giving up
    assert len(receiver.received) == delivery.attempts
    notice = OutboxEmail.objects.get(kind="notice", to="secretariat-desk@example.org")
    assert hook.name in notice.subject + notice.text
