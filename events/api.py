"""The event and event-material endpoints of the public API (never delegates-only material)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from wagtail.images import get_image_model

from casestudies.api import CityBriefSerializer, CountryBriefSerializer, OrganisationSerializer
from events.models import EventMaterial, EventPage, EventSession
from portal.api_blocks import document_data, image_data
from portal.api_fields import PublicUrlField, StreamDataField, TranslationsField, optional_url
from portal.api_filters import (
    IdFilter,
    IsoDateTimeFilter,
    KnownValuesFilter,
    LocaleFilter,
    PageFilterSet,
    StrictFilterSet,
    city_filter,
    country_filter,
    ordering_filter,
)
from portal.api_http import CachedReadMixin
from portal.api_pages import PageViewSet
from portal.languages import CONTENT_LANGUAGES
from portal.locales import localize_foreign_key
from portal.queries import private_q


def public_materials():
    return EventMaterial.objects.filter(
        delegates_only=False, page__in=EventPage.objects.live().exclude(private_q()).values("pk")
    ).select_related("document", "page")


class EventBriefSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="event-detail")
    url = PublicUrlField()

    class Meta:
        model = EventPage
        fields = ["id", "slug", "title", "url", "api_url"]


class MaterialSerializer(serializers.ModelSerializer):
    event = EventBriefSerializer(source="page")
    video_url = optional_url()
    document = serializers.SerializerMethodField()
    gallery = serializers.SerializerMethodField()

    class Meta:
        model = EventMaterial
        fields = [
            "id",
            "title",
            "kind",
            "language",
            "session",
            "description",
            "event",
            "document",
            "video_url",
            "gallery",
        ]

    @extend_schema_field(serializers.JSONField(allow_null=True, help_text="title, url, file_extension, file_size"))
    def get_document(self, material):
        return document_data(material.document, self.context["request"])

    @extend_schema_field(serializers.ListField(child=serializers.JSONField(), help_text="Images with renditions"))
    def get_gallery(self, material):
        if not material.gallery_id:
            return []
        images = get_image_model().objects.filter(collection_id=material.gallery_id).order_by("title")
        return [image_data(image, self.context["request"]) for image in images.prefetch_renditions()]


class SessionSerializer(serializers.ModelSerializer):
    speakers = serializers.ListField(source="speaker_list", child=serializers.CharField())

    class Meta:
        model = EventSession
        fields = ["title", "starts_at", "ends_at", "speakers", "description"]


class EventListSerializer(EventBriefSerializer):
    registration_url = optional_url()
    host_city = CityBriefSerializer(
        allow_null=True, help_text="In the event's language when translated there, else in English"
    )
    country = CountryBriefSerializer(allow_null=True)
    organiser = OrganisationSerializer(allow_null=True)
    locale = serializers.SlugRelatedField(slug_field="language_code", read_only=True)
    last_updated = serializers.DateTimeField(source="last_published_at")

    class Meta(EventBriefSerializer.Meta):
        fields = [
            *EventBriefSerializer.Meta.fields,
            "locale",
            "summary",
            "start",
            "end",
            "time_zone",
            "date_precision",
            "format",
            "venue",
            "host_city",
            "country",
            "organiser",
            "registration_url",
            "first_published_at",
            "last_updated",
        ]


class EventDetailSerializer(EventListSerializer):
    body = StreamDataField()
    sessions = SessionSerializer(many=True)
    materials = serializers.SerializerMethodField(help_text="Public materials; delegates-only ones are left out")
    translations = TranslationsField("event-detail")

    class Meta(EventListSerializer.Meta):
        fields = [*EventListSerializer.Meta.fields, "body", "sessions", "materials", "translations"]

    @extend_schema_field(MaterialSerializer(many=True))
    def get_materials(self, event):
        materials = public_materials().filter(page=event).order_by("sort_order", "pk")
        return MaterialSerializer(materials, many=True, context=self.context).data


class EventFilterSet(PageFilterSet):
    ORDERINGS = {**PageFilterSet.ORDERINGS, "start": ("start", "pk"), "-start": ("-start", "-pk")}
    DEFAULT_ORDERING = "-start"
    ordering = ordering_filter([*ORDERINGS, "relevance"])

    country = country_filter("country__iso_code", "ISO 3166 code(s) of the host country, e.g. `JP`.")
    city = city_filter("host_city__slug", "Slug(s) of the host city.")
    format = KnownValuesFilter(
        field_name="format",
        known=lambda: EventPage.Format.values,
        what="format",
        help_text="in_person, online or hybrid.",
    )
    starts_after = IsoDateTimeFilter(
        field_name="start", lookup_expr="gte", help_text="ISO 8601 time, e.g. 2025-01-01T00:00:00Z"
    )
    starts_before = IsoDateTimeFilter(field_name="start", lookup_expr="lt", help_text="ISO 8601 time")

    class Meta:
        model = EventPage
        fields = []


@extend_schema(tags=["events"])
class EventViewSet(PageViewSet):
    """Network meetings, workshops and webinars (newest first). By id or slug: `/events/asean-japan-hlm-4/`."""

    list_serializer_class = EventListSerializer
    detail_serializer_class = EventDetailSerializer
    filterset_class = EventFilterSet

    def get_queryset(self):
        queryset = (
            EventPage.objects.live()
            .exclude(private_q())
            .select_related("host_city__country", "country", "organiser__country", "locale")
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sessions")
        return queryset

    def localize_links(self, pages):
        localize_foreign_key(pages, "host_city", select_related=["country"])


class MaterialLocaleFilter(LocaleFilter):
    """Materials of the events' pages in these languages (each translation of an event page
    has its own copy of the list); with `event`, that event's own language."""

    def filter(self, qs, value):
        if not value and self.parent.form.cleaned_data.get("event") is not None:
            return qs
        return super().filter(qs, value)


class MaterialFilterSet(StrictFilterSet):
    locale = MaterialLocaleFilter(
        field_name="page__locale__language_code",
        help_text="Language code(s) of the event pages the materials are listed on, e.g. `th`. Default: `en` "
        "(with `event`: that event's). Not the language of the material itself: see `language`.",
    )
    event = IdFilter(field_name="page_id", help_text="The event's id")
    kind = KnownValuesFilter(
        field_name="kind", known=lambda: EventMaterial.Kind.values, what="kind", help_text="document, video or gallery"
    )
    language = KnownValuesFilter(
        field_name="language",
        known=lambda: [code for code, _ in CONTENT_LANGUAGES],
        what="language",
        help_text="Language code(s) of the material, e.g. `en,ja`.",
    )
    updated_since = IsoDateTimeFilter(
        field_name="page__last_published_at",
        lookup_expr="gte",
        help_text="Materials of events published or republished at or after this ISO 8601 time.",
    )

    class Meta:
        model = EventMaterial
        fields = []


@extend_schema(tags=["materials"])
class MaterialViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Public materials of published events: documents, videos and photo galleries."""

    serializer_class = MaterialSerializer
    filterset_class = MaterialFilterSet

    def get_queryset(self):
        return public_materials().order_by("-page__start", "sort_order", "pk")

    def filter_queryset(self, queryset):
        if self.action == "retrieve":
            return queryset  # an id names one material, whatever the language of its event's page
        return super().filter_queryset(queryset)
