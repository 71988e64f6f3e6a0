import zoneinfo
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.languages import CONTENT_LANGUAGES
from portal.page_base import SEARCH_WORDS_FIELD, PortalPageMixin

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a known time zone; use an IANA name such as Asia/Bangkok.")


class EventIndexPage(PortalPageMixin, Page):
    """The events listing (/events/): upcoming first, then past."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from portal.locales import active_language, in_language, localize_foreign_key

        context = super().get_context(request, *args, **kwargs)
        # Each event once, in the language being browsed, else in English (portal/locales.py).
        events = in_language(EventPage.objects.live().public(), active_language()).select_related(
            "host_city", "country"
        )
        now = timezone.now()
        context["upcoming_events"] = localize_foreign_key(
            list(events.filter(end__gte=now).order_by("start")), "host_city"
        )
        context["past_events"] = localize_foreign_key(list(events.filter(end__lt=now).order_by("-start")), "host_city")
        return context


class EventPage(PortalPageMixin, Page):
    """A network meeting, workshop or webinar, with its agenda and materials."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class DatePrecision(models.TextChoices):
        TIME = "time", "Dates and times"
        DAY = "day", "Dates only (times not published)"
        MONTH = "month", "Month only (dates not published)"

    summary = models.TextField(max_length=800)
    start = models.DateTimeField(help_text="In UTC: 09:00 in Tokyo is 00:00 UTC (see the time zone below)")
    end = models.DateTimeField(help_text="In UTC")
    time_zone = models.CharField(
        max_length=64,
        default="Asia/Jakarta",
        validators=[validate_time_zone],
        help_text="IANA name of the venue's zone",
    )
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.TIME)
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(max_length=250, blank=True)
    host_city = models.ForeignKey(
        "cities.CityPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="hosted_events"
    )
    country = models.ForeignKey("cities.Country", null=True, blank=True, on_delete=models.SET_NULL)
    organiser = models.ForeignKey("casestudies.Organisation", null=True, blank=True, on_delete=models.SET_NULL)
    registration_url = models.URLField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel(
                    [
                        FieldPanel("time_zone", widget=forms.Select(choices=TIME_ZONE_CHOICES)),
                        FieldPanel("date_precision"),
                    ]
                ),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("venue"), FieldPanel("host_city"), FieldPanel("country")],
            heading="Where",
        ),
        FieldPanel("organiser"),
        FieldPanel("registration_url"),
        FieldPanel("body"),
        InlinePanel("sessions", heading="Agenda", label="Session"),
        InlinePanel("materials", heading="Materials", label="Material"),
    ]
    search_fields = Page.search_fields + [
        SEARCH_WORDS_FIELD,
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event"
        # The API's filters and orderings, the home page's upcoming events.
        indexes = [
            models.Index(fields=["start"], name="eventpage_start_idx"),
            models.Index(fields=["end"], name="eventpage_end_idx"),
            models.Index(fields=["format"], name="eventpage_format_idx"),
        ]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event cannot end before it starts."})

    def get_context(self, request, *args, **kwargs):
        from portal.locales import localize_foreign_key
        from portal.roles import is_delegate

        context = super().get_context(request, *args, **kwargs)
        context["is_delegate"] = is_delegate(request.user)
        localize_foreign_key([self], "host_city")  # the host city's page in this page's language
        return context

    @property
    def local_start(self):
        return timezone.localtime(self.start, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def local_end(self):
        return timezone.localtime(self.end, zoneinfo.ZoneInfo(self.time_zone))

    @property
    def is_upcoming(self):
        return self.end >= timezone.now()

    @cached_property
    def materials_by_kind(self):
        """[(kind label, [materials])] in a stable order, empty kinds left out."""
        materials = list(self.materials.select_related("document", "gallery").order_by("sort_order"))
        return [
            (label, [m for m in materials if m.kind == kind])
            for kind, label in EventMaterial.Kind.choices
            if any(m.kind == kind for m in materials)
        ]


class EventSession(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=250)
    starts_at = models.TimeField(null=True, blank=True, help_text="Local time of the event")
    ends_at = models.TimeField(null=True, blank=True)
    speakers = models.CharField(max_length=500, blank=True, help_text="Names and roles, separated by semicolons")
    description = models.TextField(blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("speakers"),
        FieldPanel("description"),
    ]

    def __str__(self):
        return self.title

    @property
    def speaker_list(self):
        return [s.strip() for s in self.speakers.split(";") if s.strip()]


class EventMaterial(Orderable):
    """A document, video or photo gallery of an event."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", _("Documents")
        VIDEO = "video", _("Videos")
        GALLERY = "gallery", _("Photo galleries")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=250)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.DOCUMENT)
    language = models.CharField(max_length=5, choices=CONTENT_LANGUAGES, default="en")
    session = models.CharField(
        max_length=250, blank=True, help_text="Title of the agenda session this belongs to, if any"
    )
    description = models.TextField(blank=True)
    delegates_only = models.BooleanField(
        default=False, help_text="Only logged-in delegates can open it; the public sees that it exists"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video_url = models.URLField(blank=True, help_text="YouTube, Vimeo or any oEmbed provider")
    gallery = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The image collection holding the photos",
    )

    class Meta(Orderable.Meta):
        # The materials API's filters (the page is a foreign key, indexed already).
        indexes = [
            models.Index(fields=["kind"], name="eventmaterial_kind_idx"),
            models.Index(fields=["language"], name="eventmaterial_language_idx"),
            models.Index(fields=["delegates_only"], name="eventmaterial_delegates_idx"),
        ]

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("language"), FieldPanel("delegates_only")]),
        FieldPanel("session"),
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("video_url"),
        FieldPanel("gallery"),
    ]

    def __str__(self):
        return self.title

    # The field each kind of material cannot do without, and what to tell the editor.
    REQUIRED_FIELD = {
        Kind.DOCUMENT: ("document", "Choose the document."),
        Kind.VIDEO: ("video_url", "Give the video's address."),
        Kind.GALLERY: ("gallery", "Choose the image collection that holds the photos."),
    }

    def clean(self):
        super().clean()
        field, message = self.REQUIRED_FIELD[self.kind]
        if not getattr(self, field if field == "video_url" else f"{field}_id"):
            raise ValidationError({field: message})
        if self.delegates_only and self.kind == self.Kind.GALLERY:
            # Images are served as plain files, without a login check: only documents can be restricted.
            raise ValidationError(
                {"delegates_only": "Photo galleries are always public. Share restricted photos as a document."}
            )

    @property
    def language_name(self):
        return dict(CONTENT_LANGUAGES).get(self.language, self.language)

    @property
    def gallery_images(self):
        from wagtail.images import get_image_model

        if not self.gallery_id:
            return []
        images = get_image_model().objects.filter(collection_id=self.gallery_id).order_by("title")
        return images.prefetch_renditions("original", "fill-300x200")
