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
def receivers():
    """Start a receiver answering with the given statuses; all are stopped afterwards."""
    started = []

    def start(statuses):
        server = Receiver(statuses)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def wait_for(condition, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_partners_get_signed_deliveries_retried_after_500s_and_a_failing_one_is_disabled(
    committed_demo_content, receivers
):
    """One event, three partners (one worker, one demo load: transactional tests are slow)."""
    healthy, flaky, broken = receivers([200]), receivers([500, 500, 200]), receivers([500])
    hooks = {
        name: WebhookEndpoint.objects.create(name=name, url=server.url, events=["casestudy.published"])
        for name, server in (("Healthy", healthy), ("Flaky", flaky), ("Broken", broken))
    }
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    env = {**LOCAL, "WEBHOOK_RETRY_FOR_SECONDS": "6", "SECRETARIAT_EMAIL": "secretariat-desk@example.org"}
    with running_worker("test-webhooks-worker.log", **env):
        with transaction.atomic():  # as in the publishing signal handler: the worker is asked on commit
            webhooks.queue_event("casestudy.published", page, key=f"casestudy.published:{page.pk}")
        assert wait_for(lambda: WebhookDelivery.objects.filter(state="delivered").count() == 2)
        assert wait_for(lambda: WebhookEndpoint.objects.filter(disabled_at__isnull=False).exists())
        assert wait_for(lambda: OutboxEmail.objects.filter(kind="notice", to="secretariat-desk@example.org").exists())
        time.sleep(2)  # a duplicate send, if any, would show up here

    deliveries = {d.endpoint.name: d for d in WebhookDelivery.objects.select_related("endpoint")}

    # Delivered once, signed as documented (tools/webhook_receiver.py's verify is the recipe).
    (request,) = healthy.received
    headers = request["headers"]
    secret = hooks["Healthy"].secret
    assert verify(secret, headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], request["body"])
    assert not verify("another secret", headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], request["body"])
    assert headers["X-Portal-Delivery"] == str(deliveries["Healthy"].event_id)
    assert headers["X-Portal-Event"] == "casestudy.published"
    healthy_delivery = deliveries["Healthy"]
    assert healthy_delivery.response_code == 200 and healthy_delivery.attempts == 1
    assert healthy_delivery.latency_ms is not None

    # Retried after two 500s, delivered once on the third try.
    assert [r["status"] for r in flaky.received] == [500, 500, 200]
    assert len({r["headers"]["X-Portal-Delivery"] for r in flaky.received}) == 1  # one event, three tries
    flaky_delivery = deliveries["Flaky"]
    assert flaky_delivery.attempts == 3 and flaky_delivery.response_code == 200 and flaky_delivery.last_error == ""
    hooks["Flaky"].refresh_from_db()
    assert hooks["Flaky"].failing_since is None and hooks["Flaky"].disabled_at is None

    # Failing for WEBHOOK_RETRY_FOR_SECONDS: disabled, the secretariat told.
    hook = hooks["Broken"]
    hook.refresh_from_db()
    assert hook.disabled_at and "HTTP 500" in hook.disabled_reason
    failed = deliveries["Broken"]
    assert failed.state == "failed" and failed.response_code == 500
    assert failed.attempts >= 3  # retried with back-off before giving up
    assert len(broken.received) == failed.attempts
    notice = OutboxEmail.objects.get(kind="notice", to="secretariat-desk@example.org")
    assert hook.name in notice.subject + notice.text
