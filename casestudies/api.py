"""The case-study and focus-area endpoints of the public API."""

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets

from casestudies.filters import CaseStudyFilterSet
from casestudies.models import CaseStudyPage, FocusArea, Organisation
from casestudies.taxonomy import name_focus_areas
from cities.models import CityPage
from portal.api_blocks import image_data, stream_data
from portal.api_fields import (
    CONTACT_SCHEMA,
    STREAM_SCHEMA,
    PublicUrlField,
    StreamDataField,
    TranslationsField,
    optional_url,
)
from portal.api_filters import LOCALE_OF_COUNTS, requested_language
from portal.api_http import CachedReadMixin
from portal.api_pages import PageViewSet
from portal.locales import localize_foreign_key
from portal.queries import prefetch_images, private_q


class FocusAreaBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="display_name", help_text="In the item's language (that of `locale`) when translated, else in English"
    )
    api_url = serializers.HyperlinkedIdentityField(view_name="focusarea-detail", lookup_field="slug")

    class Meta:
        model = FocusArea
        fields = ["slug", "name", "api_url"]


class FocusAreaSerializer(FocusAreaBriefSerializer):
    description = serializers.CharField(
        source="display_description", help_text="In the language of `locale` when translated"
    )
    case_study_count = serializers.IntegerField(
        read_only=True, help_text="Case studies in this area published in the language of `locale`"
    )

    class Meta(FocusAreaBriefSerializer.Meta):
        fields = [*FocusAreaBriefSerializer.Meta.fields, "description", "case_study_count"]


class CountryBriefSerializer(serializers.Serializer):
    iso_code = serializers.CharField()
    name = serializers.CharField()
    api_url = serializers.HyperlinkedIdentityField(view_name="country-detail", lookup_field="iso_code")


class CityBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="title")
    url = PublicUrlField()
    api_url = serializers.HyperlinkedIdentityField(view_name="city-detail")
    country = CountryBriefSerializer()

    class Meta:
        model = CityPage
        fields = ["id", "slug", "name", "url", "api_url", "country"]


class OrganisationSerializer(serializers.ModelSerializer):
    website = optional_url()
    country = serializers.SlugRelatedField(
        slug_field="iso_code", read_only=True, allow_null=True, help_text="ISO 3166 code"
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "website", "country"]


class CaseStudyListSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="casestudy-detail")
    url = PublicUrlField(help_text="The case study's page on the portal")
    city = CityBriefSerializer(help_text="The lead city")
    focus_areas = FocusAreaBriefSerializer(many=True)
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True, help_text="SDG numbers")
    tags = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    locale = serializers.SlugRelatedField(slug_field="language_code", read_only=True)
    last_updated = serializers.DateTimeField(source="last_published_at")

    class Meta:
        model = CaseStudyPage
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "url",
            "api_url",
            "locale",
            "city",
            "focus_areas",
            "sdgs",
            "tags",
            "stage",
            "start_year",
            "end_year",
            "first_published_at",
            "last_updated",
        ]


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    content = serializers.JSONField()


class CaseStudyDetailSerializer(CaseStudyListSerializer):
    sections = serializers.SerializerMethodField(help_text="The case, in reading order; empty sections left out")
    key_figures = serializers.SerializerMethodField()
    partner_cities = CityBriefSerializer(
        many=True,
        source="public_partner_cities",
        help_text="Each in the case study's language when translated there, else in English",
    )
    partner_organisations = OrganisationSerializer(many=True)
    budget = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    source = serializers.SerializerMethodField()
    hero_image = serializers.SerializerMethodField()
    attachments = StreamDataField()
    related = serializers.SerializerMethodField(
        help_text="Related case studies, editors' choices first; each in the case study's language when "
        "translated there, else in English"
    )
    translations = TranslationsField("casestudy-detail")

    class Meta(CaseStudyListSerializer.Meta):
        fields = [
            *CaseStudyListSerializer.Meta.fields,
            "sections",
            "key_figures",
            "partner_cities",
            "partner_organisations",
            "budget",
            "contact",
            "source",
            "hero_image",
            "attachments",
            "related",
            "translations",
        ]

    @extend_schema_field(
        inline_serializer(
            "Section",
            fields={
                "key": serializers.CharField(),
                "heading": serializers.CharField(),
                "blocks": STREAM_SCHEMA.fields["blocks"],
                "html": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_sections(self, page):
        request = self.context["request"]
        return [
            {"key": key, "heading": heading, **stream_data(getattr(page, key), request)}
            for key, heading in page.SECTIONS
            if getattr(page, key)
        ]

    @extend_schema_field(
        inline_serializer(
            "KeyFigure",
            fields={
                "label": serializers.CharField(),
                "value": serializers.CharField(),
                "unit": serializers.CharField(),
            },
            many=True,
        )
    )
    def get_key_figures(self, page):
        return [{"label": f["label"], "value": f["value"], "unit": f["unit"]} for f in page.key_figures]

    @extend_schema_field(
        inline_serializer(
            "Budget",
            fields={
                "amount": serializers.DecimalField(max_digits=16, decimal_places=2),
                "currency": serializers.CharField(),
            },
            allow_null=True,
        )
    )
    def get_budget(self, page):
        if page.budget_amount is None:
            return None
        return {"amount": str(page.budget_amount), "currency": page.budget_currency}

    @extend_schema_field(CONTACT_SCHEMA)
    def get_contact(self, page):
        return {"name": page.contact_name, "email": page.contact_email, "website": page.contact_website}

    @extend_schema_field(
        inline_serializer(
            "Source", fields={"name": serializers.CharField(), "url": serializers.CharField(help_text="URL, or empty")}
        )
    )
    def get_source(self, page):
        return {"name": page.source_name, "url": page.source_url}

    @extend_schema_field(serializers.JSONField(allow_null=True, help_text="Renditions (small, medium, large)"))
    def get_hero_image(self, page):
        return image_data(page.hero_image, self.context["request"])

    @extend_schema_field(CaseStudyListSerializer(many=True))
    def get_related(self, page):
        related = page.related_case_studies()
        prefetch_related_objects(related, "locale", "sdgs", "tags")  # what the cards' fields read
        return CaseStudyListSerializer(related, many=True, context=self.context).data


def live_case_studies():
    return (
        CaseStudyPage.objects.live()
        .exclude(private_q())
        .select_related("city__country", "locale")
        .prefetch_related("focus_areas", "sdgs", "tags")
    )


@extend_schema(tags=["case studies"])
class CaseStudyViewSet(PageViewSet):
    """Published case studies. Address one by id or by slug: `/case-studies/traffy-fondue-bangkok/`."""

    list_serializer_class = CaseStudyListSerializer
    detail_serializer_class = CaseStudyDetailSerializer
    filterset_class = CaseStudyFilterSet

    def get_queryset(self):
        queryset = live_case_studies()
        if self.action == "retrieve":
            queryset = queryset.select_related("hero_image").prefetch_related(
                Prefetch("partner_organisations", queryset=Organisation.objects.select_related("country")),
            )
        return queryset

    def get_object(self):
        return prefetch_images(super().get_object())  # the hero image and the sections' figures

    def localize_links(self, pages):
        localize_foreign_key(pages, "city", select_related=["country"])
        name_focus_areas(pages)


@extend_schema_view(
    list=extend_schema(parameters=[LOCALE_OF_COUNTS]), retrieve=extend_schema(parameters=[LOCALE_OF_COUNTS])
)
@extend_schema(tags=["focus areas"])
class FocusAreaViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """The six focus areas of the ASEAN Smart Cities Framework, named in the language of `locale`
    (English by default; English until translated), with how many case studies each has in it."""

    serializer_class = FocusAreaSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        language = requested_language(self.request)
        live = CaseStudyPage.objects.live().exclude(private_q()).filter(locale__language_code=language).values("pk")
        return (
            FocusArea.objects.in_default_language()
            .named_in(language)
            .annotate(case_study_count=Count("case_studies", filter=Q(case_studies__in=live), distinct=True))
            .order_by("sort_order")
        )
