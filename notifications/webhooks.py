"""Partner webhooks: events written with the publish that causes them, delivered by workers.

`queue_event` runs inside the publishing transaction: it builds the payload once (only
public content: the page as the public API shows it) and writes one `WebhookDelivery` per
subscribed endpoint. `deliver_due` (the `deliver_webhooks` task) claims due deliveries and
POSTs them, signed; failures are retried with exponential back-off for
WEBHOOK_RETRY_FOR_SECONDS, and an endpoint failing that long is disabled and the
secretariat told. The protocol partners see is documented in docs/webhooks.md."""

import datetime
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import uuid
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.test import RequestFactory
from django.utils import timezone, translation

from notifications import claims
from notifications.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

Event = WebhookEndpoint.Event
USER_AGENT = "ASEAN-Smart-Cities-Portal-Webhooks/1.0"
RETRY_CAP_SECONDS = 3600
# The task re-queues itself for a retry coming due within this long; later ones are left
# to the periodic sweeper (long countdowns sit in a worker's memory, not in the broker).
REQUEUE_HORIZON_SECONDS = 300


# --- Addresses -----------------------------------------------------------------------


def validate_url(url):
    """Refuse a URL the portal must not POST to: not http(s), http where https is required,
    credentials in it, a host that does not resolve, or one resolving to any address that is
    not on the public internet (unless WEBHOOK_ALLOW_PRIVATE_ADDRESSES). Checked when the
    secretariat saves an endpoint and again before every delivery (DNS may change)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValidationError(f"This is not a valid URL ({error}).") from error
    if parts.scheme not in ("http", "https"):
        raise ValidationError("The URL must start with https:// (or http:// where allowed).")
    if parts.scheme != "https" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise ValidationError("The URL must use https://: the portal only sends webhooks over an encrypted connection.")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            "The URL must not contain a user name or password: the endpoint's secret authenticates the portal."
        )
    host = parts.hostname
    if not host:
        raise ValidationError("The URL has no host name.")
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    try:
        infos = socket.getaddrinfo(host, port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise ValidationError(f"The host name “{host}” could not be resolved: check the URL.") from error
    for *_ignored, sockaddr in infos:
        address = ipaddress.ip_address(sockaddr[0].split("%")[0])
        problem = address_problem(address)
        if problem:
            raise ValidationError(
                f"{address} is {problem}: the portal only sends webhooks to public internet addresses."
                + ("" if str(address) == host else f" (“{host}” resolves to it.)")
            )


def address_problem(address):
    """Why `address` is not a public internet address, or None if it is."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo and address.teredo[1])
        if embedded:
            inner = address_problem(embedded)
            return f"an IPv6 address wrapping {embedded}, which is {inner}" if inner else None
    checks = [
        ("is_loopback", "a loopback address"),
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private network address"),
        ("is_reserved", "a reserved address"),
    ]
    for attribute, description in checks:
        if getattr(address, attribute):
            return description
    if not address.is_global:
        return "not a public internet address"
    return None


# --- Queueing --------------------------------------------------------------------------


def queue_event(event, page, *, key):
    """Write a delivery for each endpoint that takes `event`, in the caller's transaction.
    The same `key` twice is a no-op; a page that is not public (view restrictions) or, for
    a published/updated event, not live sends nothing."""
    endpoints = list(WebhookEndpoint.objects.filter(active=True, disabled_at__isnull=True).only("pk", "events"))
    endpoints = [endpoint for endpoint in endpoints if event in (endpoint.events or [])]
    if not endpoints:
        return 0
    data = event_data(event, page)
    if data is None:
        logger.info("Webhook %s for page %s not queued: the page is not public", event, page.pk)
        return 0
    payload = {
        "id": str(uuid.uuid4()),
        "type": event,
        "created": timezone.now().astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    created = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint=endpoint, key=key, event=event, event_id=payload["id"], payload=payload)
            for endpoint in endpoints
        ],
        ignore_conflicts=True,
    )
    transaction.on_commit(request_delivery)
    return len(created)


def request_delivery(countdown=None):
    """Hand delivery to a worker. A broker that is down must not fail the caller (a publish):
    the rows are in the database and the periodic sweeper queues them later."""
    from notifications.webhook_tasks import deliver_webhooks

    try:
        if countdown:
            deliver_webhooks.apply_async(countdown=countdown)
        else:
            deliver_webhooks.delay()
    except Exception:
        logger.exception("Could not queue webhook delivery; the sweeper will queue it later")


def api_request():
    """A request to the portal's public address (BASE_URL), so the API's serializers build
    the same absolute URLs outside a request as in one."""
    from rest_framework.request import Request

    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    secure = base.scheme == "https"
    port = base.port or (443 if secure else 80)
    request = RequestFactory().get("/", secure=secure, SERVER_NAME=base.hostname, SERVER_PORT=str(port))
    host = base.netloc
    request.get_host = lambda: host  # BASE_URL is ours: no ALLOWED_HOSTS check for it
    return Request(request)


def api_viewset(page):
    from casestudies.api import CaseStudyViewSet
    from casestudies.models import CaseStudyPage
    from events.api import EventViewSet
    from events.models import EventPage

    specific = page.specific
    if isinstance(specific, CaseStudyPage):
        return CaseStudyViewSet, "casestudy-detail"
    if isinstance(specific, EventPage):
        return EventViewSet, "event-detail"
    raise ValueError(f"No webhook events for {type(specific).__name__}")


def is_public(page):
    return not page.get_view_restrictions().exists()


def event_data(event, page):
    """What the payload's `data` holds: the page as the public API's detail shows it, or for
    an unpublished page only where it was. None when the page is not public."""
    from rest_framework.renderers import JSONRenderer
    from rest_framework.reverse import reverse

    viewset_class, detail_view = api_viewset(page)
    if not is_public(page):
        return None
    request = api_request()
    if event == Event.CASE_STUDY_UNPUBLISHED:
        return {
            "id": page.pk,
            "locale": page.locale.language_code,
            "url": request.build_absolute_uri(page.get_url(request) or "/"),
            "api_url": reverse(detail_view, args=[page.pk], request=request),
        }
    view = viewset_class(action="retrieve", request=request, format_kwarg=None, kwargs={"pk": str(page.pk)})
    live = view.get_queryset().filter(pk=page.pk).first()  # live and public, as the API serves it
    if live is None:
        return None
    view.localize_links([live])
    # Section headings and other interface words in the page's own language, whatever
    # language the publishing request or worker happens to be in.
    with translation.override(page.locale.language_code):
        return json.loads(JSONRenderer().render(view.get_serializer(live).data))


# --- Delivery --------------------------------------------------------------------------


def body_bytes(payload):
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def signature(secret, timestamp, body):
    """`sha256=` + hex HMAC-SHA256, keyed with the endpoint's secret, over "<timestamp>.<body>"."""
    message = str(timestamp).encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def enabled_endpoints():
    return WebhookEndpoint.objects.filter(active=True, disabled_at__isnull=True)


def pending_deliveries():
    return WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, endpoint__in=enabled_endpoints().values("pk")
    )


def due_deliveries_exist():
    return claims.due(pending_deliveries()).exists()


def deliver_due():
    """Claim up to WEBHOOK_BATCH_SIZE due deliveries and send them; then queue the next run
    if more are due or a retry comes due soon. Returns how many were sent successfully."""
    ids = claims.claim(
        pending_deliveries(), limit=settings.WEBHOOK_BATCH_SIZE, seconds=settings.NOTIFICATIONS_CLAIM_SECONDS
    )
    delivered = 0
    for delivery in WebhookDelivery.objects.filter(pk__in=ids).select_related("endpoint").order_by("pk"):
        delivered += attempt(delivery)
    if ids:
        schedule_next_run()
    return delivered


def schedule_next_run():
    if due_deliveries_exist():
        request_delivery()
        return
    next_due = pending_deliveries().aggregate(next=Min("not_before"))["next"]
    if next_due is not None:
        wait = (next_due - timezone.now()).total_seconds()
        if wait <= REQUEUE_HORIZON_SECONDS:
            request_delivery(countdown=max(1, int(wait) + 1))


def lease(delivery):
    """Hold the row for the length of one attempt; False if our claim has lapsed and another
    worker took it (then it is theirs to send)."""
    now = timezone.now()
    until = now + datetime.timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS + 60)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery.pk, state=WebhookDelivery.State.PENDING, claimed_until=delivery.claimed_until
        )
        .filter(claimed_until__gt=now)
        .update(claimed_until=until)
    )


def attempt(delivery):
    """POST one delivery and record the outcome. True when the endpoint accepted it."""
    if not lease(delivery):
        return False
    endpoint = delivery.endpoint
    body = body_bytes(delivery.payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Portal-Event": delivery.event,
        "X-Portal-Delivery": str(delivery.event_id),
        "X-Portal-Timestamp": str(timestamp),
        "X-Portal-Signature": signature(endpoint.secret, timestamp, body),
    }
    response_code, error = None, ""
    started = time.monotonic()
    try:
        validate_url(endpoint.url)
        response = requests.post(
            endpoint.url, data=body, headers=headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS, allow_redirects=False
        )
        response_code = response.status_code
        if not 200 <= response_code < 300:
            error = f"HTTP {response_code} {response.reason or ''}".strip()
            if 300 <= response_code < 400:
                error += " (redirects are not followed: register the final URL)"
    except ValidationError as refused:
        error = "URL refused: " + " ".join(refused.messages)
    except requests.Timeout:
        error = f"No answer within {settings.WEBHOOK_TIMEOUT_SECONDS:g} seconds"
    except requests.RequestException as failure:
        error = f"{type(failure).__name__}: {failure}"
    latency_ms = int((time.monotonic() - started) * 1000)
    if error:
        record_failure(delivery, response_code, latency_ms, error)
        return False
    record_success(delivery, response_code, latency_ms)
    return True


def record_success(delivery, response_code, latency_ms):
    now = timezone.now()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=WebhookDelivery.State.DELIVERED,
        attempts=delivery.attempts + 1,
        response_code=response_code,
        latency_ms=latency_ms,
        last_error="",
        delivered_at=now,
        claimed_until=None,
    )
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=False).update(failing_since=None)
    logger.info(
        "Webhook %s %s delivered to %s (%s): HTTP %s in %s ms, attempt %s",
        delivery.event,
        delivery.event_id,
        delivery.endpoint,
        delivery.endpoint.url,
        response_code,
        latency_ms,
        delivery.attempts + 1,
    )


def record_failure(delivery, response_code, latency_ms, error):
    now = timezone.now()
    attempts = delivery.attempts + 1
    deadline = delivery.created_at + datetime.timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS)
    fields = {
        "attempts": attempts,
        "response_code": response_code,
        "latency_ms": latency_ms,
        "last_error": error,
        "claimed_until": None,
    }
    if now < deadline:
        wait = claims.backoff(attempts, base=settings.WEBHOOK_RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        fields["not_before"] = min(now + datetime.timedelta(seconds=wait), deadline)
        outcome = f"retry at {fields['not_before']:%Y-%m-%d %H:%M:%S} UTC"
    else:
        fields["state"] = WebhookDelivery.State.FAILED
        outcome = "given up"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(**fields)
    logger.warning(
        "Webhook %s %s to %s (%s) failed, attempt %s: %s (%s ms); %s",
        delivery.event,
        delivery.event_id,
        delivery.endpoint,
        delivery.endpoint.url,
        attempts,
        error,
        latency_ms,
        outcome,
    )
    # The endpoint has failed to take this event since it was raised (or since its last success,
    # if later): so a delivery that exhausts its retry window disables an endpoint that never
    # recovered meanwhile, even when it is the only event.
    last_success = WebhookDelivery.objects.filter(endpoint_id=delivery.endpoint_id).aggregate(at=Max("delivered_at"))
    since = max(filter(None, [delivery.created_at, last_success["at"]]))
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, failing_since__isnull=True).update(failing_since=since)
    endpoint = WebhookEndpoint.objects.get(pk=delivery.endpoint_id)
    if endpoint.failing_since <= now - datetime.timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS):
        disable(endpoint, error)


def disable(endpoint, error):
    """Disable a failing endpoint once (whichever worker gets here first), give up its pending
    deliveries and tell the secretariat."""
    from notifications import notices

    now = timezone.now()
    with transaction.atomic():
        reason = f"Failing since {endpoint.failing_since:%Y-%m-%d %H:%M} UTC; last error: {error}"
        if not WebhookEndpoint.objects.filter(pk=endpoint.pk, disabled_at__isnull=True).update(
            disabled_at=now, disabled_reason=reason
        ):
            return False
        WebhookDelivery.objects.filter(endpoint=endpoint, state=WebhookDelivery.State.PENDING).update(
            state=WebhookDelivery.State.FAILED, last_error="endpoint disabled", claimed_until=None
        )
        endpoint.refresh_from_db()
        notices.webhook_disabled(endpoint)
    logger.error("Webhook endpoint %s (%s) disabled: %s", endpoint, endpoint.url, reason)
    return True


def enable(endpoint):
    """Re-enable a disabled endpoint (the admin's "Enable again"); its failed deliveries stay failed
    until retried one by one."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(disabled_at=None, disabled_reason="", failing_since=None)
    endpoint.refresh_from_db()


def retry(deliveries):
    """Failed deliveries back to pending, due now (the admin's "Retry"), then delivered."""
    count = deliveries.filter(state=WebhookDelivery.State.FAILED).update(
        state=WebhookDelivery.State.PENDING, not_before=timezone.now(), claimed_until=None
    )
    if count:
        transaction.on_commit(request_delivery)
    return count
