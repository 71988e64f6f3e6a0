"""Subscribers: confirmed e-mail addresses with their language, interests and frequency.

Nothing is stored before an address is confirmed: the sign-up travels in the signed
confirmation link (notifications/links.py) until its owner clicks it."""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casestudies.taxonomy import in_default_locale
from portal.languages import CONTENT_LANGUAGES


def new_secret():
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("At once, one e-mail per new case study or event")
        WEEKLY = "weekly", _("A weekly digest")

    email = models.EmailField(unique=True, help_text="Stored in lower case: one subscriber per address.")
    language = models.CharField(max_length=8, choices=CONTENT_LANGUAGES, default="en")
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    focus_areas = models.ManyToManyField(
        "casestudies.FocusArea", blank=True, related_name="email_subscribers", limit_choices_to=in_default_locale
    )
    countries = models.ManyToManyField("cities.Country", blank=True, related_name="email_subscribers")
    cities = models.ManyToManyField(
        "cities.CityPage",
        blank=True,
        related_name="email_subscribers",
        limit_choices_to={"locale__language_code": "en"},
    )
    confirmed_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    # Part of every manage and unsubscribe link: changing it voids the links already sent.
    secret = models.CharField(max_length=32, default=new_secret)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def interests_everything(self):
        """No interest chosen means everything the portal publishes."""
        return not (self.focus_areas.exists() or self.countries.exists() or self.cities.exists())


class Announcement(models.Model):
    """A case study or event announced once, on its first publish in any language: its
    translation key is unique, so later edits, translations and republishing announce nothing."""

    class Kind(models.TextChoices):
        CASE_STUDY = "casestudy", "Case study"
        EVENT = "event", "Event"

    translation_key = models.UUIDField(unique=True)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.page.title}"


class OutboxEmail(models.Model):
    """One e-mail the portal owes someone, written in the transaction that makes it owed and
    delivered from here by workers (notifications/outbox.py). `key` is unique: writing the
    same notification twice is a no-op, and a row is sent at most once."""

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", "New case study or event"
        DIGEST_ITEM = "digest_item", "Item for a weekly digest"
        DIGEST = "digest", "Weekly digest"
        NOTICE = "notice", "Notice to the secretariat or editors"
        MESSAGE = "message", "Message sent with a contact form"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        WAITING = "waiting", "Waiting for the weekly digest"
        BUNDLED = "bundled", "In a weekly digest"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    to = models.EmailField()
    # Messages from a contact form: the recipient's reply goes to the sender, not to the portal.
    reply_to = models.EmailField(blank=True)
    # Unsubscribing deletes the subscriber and, with it, everything still owed to the address.
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox")
    announcement = models.ForeignKey(Announcement, null=True, blank=True, on_delete=models.CASCADE)
    digest = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    # Notices are rendered when written; announcements and digests when sent, in the
    # subscriber's language and with the pages as they are then.
    subject = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    not_before = models.DateTimeField(default=timezone.now)
    # A worker's claim on the row; when it lapses (the worker died) another worker may send it.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "not_before"], name="outbox_due")]
        verbose_name = "outbox e-mail"

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to} ({self.get_state_display()})"


class WebhookEndpoint(models.Model):
    """A partner site told of published, updated and unpublished case studies and events
    (notifications/webhooks.py). Registered by the secretariat in the admin."""

    class Event(models.TextChoices):
        CASE_STUDY_PUBLISHED = (
            "casestudy.published",
            "casestudy.published: a case study is published for the first time",
        )
        CASE_STUDY_UPDATED = "casestudy.updated", "casestudy.updated: a live case study is published again"
        CASE_STUDY_UNPUBLISHED = "casestudy.unpublished", "casestudy.unpublished: a case study is taken down"
        EVENT_PUBLISHED = "event.published", "event.published: an event is published for the first time"

    name = models.CharField(max_length=120, help_text="Who receives it, e.g. “Bangkok Metropolitan Administration”")
    url = models.URLField(max_length=500, help_text="Where the portal POSTs each event")
    secret = models.CharField(
        max_length=128,
        default=new_secret,
        help_text="Shared with the partner: it signs every delivery (X-Portal-Signature)",
    )
    events = models.JSONField(default=list, help_text="The event types sent to this endpoint")
    active = models.BooleanField(default=True, help_text="Inactive endpoints receive nothing")
    # Set by the first failure after a success; a day later the endpoint is disabled.
    failing_since = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event owed to one endpoint, written with the publish that caused it; retried with
    exponential back-off and its last try logged (status, response code, latency)."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    # What happened, e.g. "casestudy.updated:<revision id>": one delivery per endpoint and key.
    key = models.CharField(max_length=200)
    event_id = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Sent as X-Portal-Delivery")
    event = models.CharField(max_length=40, choices=WebhookEndpoint.Event.choices)
    payload = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["endpoint", "key"], name="one_delivery_per_event")]
        indexes = [models.Index(fields=["state", "not_before"], name="webhook_due")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self):
        return f"{self.event} to {self.endpoint} ({self.get_state_display()})"
