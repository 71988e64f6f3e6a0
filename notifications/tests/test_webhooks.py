"""Partner webhooks without a worker: signatures, address rules, what is queued, the admin."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import TestCase
from django.utils import translation
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cities.models import CityPage
from events.models import EventPage
from notifications import webhooks
from notifications.models import WebhookDelivery, WebhookEndpoint
from tools.webhook_receiver import verify

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.215.14/hooks"  # a literal public address: no DNS needed


def endpoint(name="Partner", events=("casestudy.published",), url=PUBLIC_URL, **fields):
    return WebhookEndpoint.objects.create(name=name, url=url, events=list(events), **fields)


def queue(event, page, key):
    """As the publishing signal handlers call it; on-commit callbacks run at the end."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return webhooks.queue_event(event, page, key=key)


@pytest.fixture
def case_study():
    return CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")


@pytest.fixture
def no_broker(monkeypatch):
    """Record the worker hand-offs instead of sending them to a broker."""
    calls = []
    monkeypatch.setattr(webhooks, "request_delivery", lambda countdown=None: calls.append(countdown))
    return calls


# --- Signature ---------------------------------------------------------------------------


def test_signature_is_hmac_sha256_over_timestamp_dot_body():
    body = b'{"id":"1","type":"casestudy.published"}'
    expected = hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhooks.signature("s3cret", 1700000000, body) == f"sha256={expected}"


def test_receivers_verify_function_accepts_the_signature_and_refuses_tampering():
    body = webhooks.body_bytes({"type": "casestudy.published", "title": "Hà Nội"})
    assert "Hà Nội".encode() in body  # compact UTF-8, not \u escapes
    now = 1700000000
    header = webhooks.signature("s3cret", now, body)
    assert verify("s3cret", str(now), header, body, now=now + 10)
    assert not verify("other", str(now), header, body, now=now + 10)
    assert not verify("s3cret", str(now), header, body + b" ", now=now + 10)
    assert not verify("s3cret", str(now), header, body, now=now + 301)  # stale
    assert not verify("s3cret", "not-a-number", header, body, now=now)


# --- Addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://127.0.0.1/hook", "127.0.0.1 is a loopback address"),
        ("https://10.1.2.3/hook", "10.1.2.3 is a private network address"),
        ("https://169.254.169.254/latest/meta-data", "169.254.169.254 is a link-local address"),
        ("https://[::1]/hook", "::1 is a loopback address"),
        ("https://[::ffff:192.168.1.1]/hook", "wrapping 192.168.1.1, which is a private network address"),
        ("https://0.0.0.0/hook", "0.0.0.0 is an unspecified address"),
        ("https://localhost/hook", "is a loopback address"),
        ("http://93.184.215.14/hook", "must use https://"),
        ("ftp://93.184.215.14/hook", "must start with https://"),
        ("https://user:pw@93.184.215.14/hook", "must not contain a user name or password"),
        ("https://no-such-host.invalid/hook", "“no-such-host.invalid” could not be resolved"),
    ],
)
def test_urls_the_portal_must_not_call_are_refused_with_a_reason(settings, url, message):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        webhooks.validate_url(url)
    assert message in refused.value.messages[0]


def test_loopback_message_says_why(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        webhooks.validate_url("https://127.0.0.1:8443/")
    assert refused.value.messages == [
        "127.0.0.1 is a loopback address: the portal only sends webhooks to public internet addresses."
    ]


def test_public_https_url_is_accepted(settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    webhooks.validate_url(PUBLIC_URL)
    webhooks.validate_url("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook")


def test_settings_allow_http_and_private_addresses(settings):
    settings.WEBHOOK_REQUIRE_HTTPS = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    webhooks.validate_url("http://127.0.0.1:8765/hook")
    webhooks.validate_url("http://10.0.0.5/hook")


# --- Queueing ----------------------------------------------------------------------------


def test_one_delivery_per_subscribed_endpoint_with_the_public_api_data(case_study, client, no_broker, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    first = endpoint("First")
    second = endpoint("Second", events=["casestudy.published", "casestudy.updated"])
    endpoint("Events only", events=["event.published"])
    endpoint("Inactive", active=False)
    endpoint("Disabled", disabled_at="2024-01-01T00:00Z")

    assert queue("casestudy.published", case_study, key=f"casestudy.published:{case_study.pk}") == 2

    deliveries = WebhookDelivery.objects.order_by("endpoint__name")
    assert [d.endpoint for d in deliveries] == [first, second]
    one, two = deliveries
    assert one.event_id == two.event_id and one.payload == two.payload  # one event, two receivers
    payload = one.payload
    assert payload["id"] == str(one.event_id) and payload["type"] == "casestudy.published"
    assert payload["created"].endswith("Z")
    api = client.get(f"/api/v1/case-studies/{case_study.pk}/").json()
    assert payload["data"] == api  # the page exactly as the public API shows it
    assert no_broker == [None]  # the worker was asked once, after the commit


def test_same_key_twice_is_queued_once(case_study, no_broker):
    endpoint()
    queue("casestudy.published", case_study, key="casestudy.published:1")
    queue("casestudy.published", case_study, key="casestudy.published:1")
    assert WebhookDelivery.objects.count() == 1


def test_nothing_without_subscribed_endpoints(case_study, no_broker):
    endpoint(events=["event.published"])
    assert queue("casestudy.published", case_study, key="k") == 0
    assert not WebhookDelivery.objects.exists() and no_broker == []


def test_restricted_pages_send_nothing(case_study, no_broker):
    endpoint(events=list(WebhookEndpoint.Event.values))
    PageViewRestriction.objects.create(page=case_study, restriction_type=PageViewRestriction.LOGIN)
    for event in ["casestudy.published", "casestudy.updated", "casestudy.unpublished"]:
        queue(event, case_study, key=event)
    assert not WebhookDelivery.objects.exists()


def test_restriction_on_an_ancestor_counts_too(no_broker):
    endpoint()
    city = CityPage.objects.get(slug="da-nang", locale__language_code="en")
    page = CaseStudyPageFactory(parent=city, title="Under a restricted city")
    page.save_revision().publish()
    PageViewRestriction.objects.create(page=city, restriction_type=PageViewRestriction.LOGIN)
    queue("casestudy.published", page, key="k")
    assert not WebhookDelivery.objects.exists()


def test_pages_that_are_not_live_send_nothing_but_unpublished_sends_only_where_it_was(no_broker, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.example.org"
    endpoint(events=["casestudy.published", "casestudy.unpublished"])
    city = CityPage.objects.get(slug="da-nang", locale__language_code="en")
    draft = CaseStudyPageFactory(parent=city, title="Only a draft", live=False)
    queue("casestudy.published", draft, key="published")
    assert not WebhookDelivery.objects.exists()

    queue("casestudy.unpublished", draft, key="unpublished")
    (delivery,) = WebhookDelivery.objects.all()
    data = delivery.payload["data"]
    assert set(data) == {"id", "locale", "url", "api_url"}
    assert data["id"] == draft.pk and data["locale"] == "en"
    assert data["api_url"] == f"https://portal.example.org/api/v1/case-studies/{draft.pk}/"
    assert data["url"].endswith("/only-a-draft/")


def test_event_published_carries_the_public_event(no_broker, client, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    endpoint(events=["event.published"])
    event = EventPage.objects.live().public().filter(locale__language_code="en").first()
    queue("event.published", event, key="e")
    (delivery,) = WebhookDelivery.objects.all()
    assert delivery.payload["data"] == client.get(f"/api/v1/events/{event.pk}/").json()


def test_a_broker_that_is_down_does_not_fail_the_publish(case_study, monkeypatch, caplog):
    from notifications.webhook_tasks import deliver_webhooks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(deliver_webhooks, "delay", broker_down)
    endpoint()
    with transaction.atomic():
        webhooks.queue_event("casestudy.published", case_study, key="k")
    webhooks.request_delivery()  # what on_commit runs
    assert WebhookDelivery.objects.count() == 1
    assert "the sweeper will queue it later" in caplog.text


# --- Delivery, in process, against a loopback receiver -----------------------------------


class Receiver(ThreadingHTTPServer):
    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        super().__init__(("127.0.0.1", 0), ReceiverHandler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((dict(self.headers), body))
        status = self.server.statuses.pop(0) if len(self.server.statuses) > 1 else self.server.statuses[0]
        self.send_response(status)
        self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver(request):
    server = Receiver(getattr(request, "param", [200]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_delivery(settings, no_broker):
    settings.WEBHOOK_REQUIRE_HTTPS = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


def test_delivery_posts_signed_json_and_records_it(case_study, receiver, local_delivery):
    hook = endpoint(url=receiver.url)
    queue("casestudy.published", case_study, key="k")
    assert webhooks.deliver_due() == 1

    ((headers, body),) = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Portal-Event"] == "casestudy.published"
    assert headers["X-Portal-Delivery"] == str(delivery.event_id)
    assert verify(hook.secret, headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], body)
    assert json.loads(body) == delivery.payload
    assert delivery.state == "delivered" and delivery.response_code == 200 and delivery.attempts == 1
    assert delivery.latency_ms is not None and delivery.delivered_at is not None
    assert webhooks.deliver_due() == 0  # nothing sent twice


@pytest.mark.parametrize("receiver", [[302]], indirect=True)
def test_redirects_are_failures_not_followed(case_study, receiver, local_delivery, settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    hook = endpoint(url=receiver.url)
    queue("casestudy.published", case_study, key="k")
    assert webhooks.deliver_due() == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1 and delivery.response_code == 302
    assert "redirects are not followed" in delivery.last_error
    assert (delivery.not_before - delivery.created_at).total_seconds() >= 29  # backed off
    assert len(receiver.requests) == 1
    hook.refresh_from_db()
    assert hook.failing_since is not None and hook.disabled_at is None


def test_a_url_that_turned_private_is_refused_at_delivery(case_study, receiver, local_delivery, settings):
    endpoint(url=receiver.url)
    queue("casestudy.published", case_study, key="k")
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    webhooks.deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []
    assert delivery.state == "pending" and delivery.last_error.startswith("URL refused: 127.0.0.1 is a loopback")


# --- Admin -------------------------------------------------------------------------------

ENDPOINTS = "/admin/webhook_endpoints/"
DELIVERIES = "/admin/webhook_deliveries/"


def refused(response):
    """Wagtail answers a forbidden admin page with 403, or a redirect away with a message."""
    return response.status_code == 403 or (response.status_code == 302 and "/login/" not in response["Location"])


@pytest.fixture
def secretariat(client, two_factor_login):
    user = get_user_model().objects.get(username="secretariat")
    assert not user.is_superuser
    return two_factor_login(client, user)


def form_data(**fields):
    return {
        "name": "Bangkok partner",
        "url": PUBLIC_URL,
        "events": ["casestudy.published"],
        "secret": "s3cret",
        "active": "on",
        **fields,
    }


def test_secretariat_registers_an_endpoint(client, secretariat, settings):
    settings.WEBHOOK_REQUIRE_HTTPS = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    form = client.get(f"{ENDPOINTS}new/")
    assert form.status_code == 200
    content = form.content.decode()
    assert 'type="checkbox" name="events" value="casestudy.unpublished"' in content

    response = client.post(f"{ENDPOINTS}new/", form_data(events=["casestudy.published", "event.published"]))
    assert response.status_code == 302
    hook = WebhookEndpoint.objects.get(name="Bangkok partner")
    assert hook.events == ["casestudy.published", "event.published"] and hook.url == PUBLIC_URL

    listing = client.get(ENDPOINTS).content.decode()
    assert "Bangkok partner" in listing and PUBLIC_URL in listing and "casestudy.published, event.published" in listing
    assert "s3cret" in client.get(f"{ENDPOINTS}edit/{hook.pk}/").content.decode()  # to pass on to the partner


def test_admin_form_refuses_a_private_url_with_the_reason(client, secretariat, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    response = client.post(f"{ENDPOINTS}new/", form_data(url="https://10.0.0.8/hook"))
    assert response.status_code == 200
    assert "10.0.0.8 is a private network address: the portal only sends webhooks to public internet addresses." in (
        response.content.decode()
    )
    assert not WebhookEndpoint.objects.exists()

    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    assert client.post(f"{ENDPOINTS}new/", form_data(url="https://10.0.0.8/hook")).status_code == 302
    assert WebhookEndpoint.objects.get().url == "https://10.0.0.8/hook"


def test_a_disabled_endpoint_is_shown_so_and_can_be_enabled_again(client, secretariat):
    hook = endpoint(
        failing_since="2024-01-01T00:00Z", disabled_at="2024-01-02T00:00Z", disabled_reason="last error: HTTP 500"
    )
    assert "Disabled since 2024-01-02" in client.get(ENDPOINTS).content.decode()
    edit = client.get(f"{ENDPOINTS}edit/{hook.pk}/").content.decode()
    assert "Enable again" in edit and "last error: HTTP 500" in edit
    response = client.post(f"{ENDPOINTS}edit/{hook.pk}/", form_data(enable_again="on"))
    assert response.status_code == 302
    hook.refresh_from_db()
    assert hook.disabled_at is None and hook.failing_since is None and hook.disabled_reason == ""


def test_deliveries_list_filters_and_retries_failed_ones(client, secretariat, case_study, no_broker):
    hook = endpoint()
    queue("casestudy.published", case_study, key="k")
    WebhookDelivery.objects.update(state="failed", attempts=9, response_code=500, last_error="HTTP 500 Oops")
    delivery = WebhookDelivery.objects.get()

    listing = client.get(DELIVERIES, {"state": "failed", "endpoint": hook.pk})
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "HTTP 500 Oops" in content and f"{DELIVERIES}retry/{delivery.pk}/" in content
    assert "HTTP 500 Oops" not in client.get(DELIVERIES, {"state": "delivered"}).content.decode()
    assert client.get(f"{DELIVERIES}inspect/{delivery.pk}/").status_code == 200
    assert client.get(f"{DELIVERIES}retry/{delivery.pk}/").status_code == 200

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(f"{DELIVERIES}retry/{delivery.pk}/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == "pending" and webhooks.due_deliveries_exist()
    assert no_broker[-1] is None  # the worker was asked


def test_city_editors_cannot_open_the_webhook_admin(client, case_study, no_broker):
    hook = endpoint()
    queue("casestudy.published", case_study, key="k")
    delivery = WebhookDelivery.objects.get()
    client.force_login(get_user_model().objects.get(username="da-nang-editor"))
    for url in [
        ENDPOINTS,
        f"{ENDPOINTS}new/",
        f"{ENDPOINTS}edit/{hook.pk}/",
        DELIVERIES,
        f"{DELIVERIES}inspect/{delivery.pk}/",
        f"{DELIVERIES}retry/{delivery.pk}/",
    ]:
        assert refused(client.get(url)), url
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state="failed")
    assert refused(client.post(f"{DELIVERIES}retry/{delivery.pk}/"))
    delivery.refresh_from_db()
    assert delivery.state == "failed"  # not retried by someone without the permission
    assert "webhook" not in client.get("/admin/").content.decode().lower()


def test_the_bundled_receiver_accepts_signed_deliveries_and_refuses_others():
    import socket
    import subprocess
    import sys
    import time

    import requests

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "tools/webhook_receiver.py", "--port", str(port), "--secret", "s3cret"]
    receiver = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert receiver.stdout.readline().startswith("Listening on")
        body = webhooks.body_bytes({"id": "e1", "type": "casestudy.published", "data": {"title": "Hà Nội"}})
        now = int(time.time())
        headers = {"X-Portal-Timestamp": str(now), "X-Portal-Delivery": "e1", "Content-Type": "application/json"}
        url = f"http://127.0.0.1:{port}/"
        signed = {**headers, "X-Portal-Signature": webhooks.signature("s3cret", now, body)}
        assert requests.post(url, data=body, headers=signed, timeout=10).status_code == 200
        assert json.loads(receiver.stdout.readline())["payload"]["data"]["title"] == "Hà Nội"
        forged = {**headers, "X-Portal-Signature": webhooks.signature("guess", now, body)}
        assert requests.post(url, data=body, headers=forged, timeout=10).status_code == 401
        stale = {**headers, "X-Portal-Timestamp": str(now - 600)}
        stale["X-Portal-Signature"] = webhooks.signature("s3cret", now - 600, body)
        assert requests.post(url, data=body, headers=stale, timeout=10).status_code == 401
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


def test_payload_is_in_the_pages_language_whatever_language_is_active(case_study, client, no_broker, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"
    endpoint("First")
    with translation.override("th"):  # e.g. a Thai translator's request publishing something else
        queue("casestudy.published", case_study, key="casestudy.published:th-active")
    api = client.get(f"/api/v1/case-studies/{case_study.pk}/").json()
    assert WebhookDelivery.objects.get().payload["data"] == api
