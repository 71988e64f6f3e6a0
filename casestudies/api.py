"""The case-study and focus-area endpoints of the public API."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import serializers, viewsets

from casestudies import evidence
from casestudies.filters import CaseStudyFilterSet
from casestudies.freshness import last_reviewed_expression
from casestudies.models import CaseStudyPage, FocusArea, Organisation, PracticeReview, Replication, ResultIndicator
from casestudies.taxonomy import name_focus_areas
from cities.models import CityPage
from portal.api_blocks import image_data, stream_data
from portal.api_fields import (
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


class CaseStudyBriefSerializer(serializers.ModelSerializer):
    """A case study as a link from another one (`related`)."""

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


PARTNERSHIP_SCHEMA = inline_serializer(
    "Partnership",
    fields={
        "seeking": serializers.BooleanField(help_text="The city is looking for partners for this case study"),
        "needs": inline_serializer(
            "PartnerNeed",
            fields={
                "slug": serializers.CharField(help_text="funding, technology, peer-city or expertise"),
                "name": serializers.CharField(help_text="In the case study's language"),
            },
            many=True,
            help_text="What it is looking for (empty when not seeking)",
        ),
        "note": serializers.CharField(help_text="What partners would do (empty when not seeking)"),
    },
)
PRACTICE_REVIEW_SCHEMA = inline_serializer(
    "PracticeReview",
    fields={
        "reviewed_at": serializers.DateTimeField(),
        "reviewer": serializers.CharField(help_text="Who reviewed it for the secretariat"),
    },
    allow_null=True,
    help_text="The secretariat's “Reviewed practice” label (it checked the evidence of the results), or null",
)


class CaseStudyListSerializer(CaseStudyBriefSerializer):
    partnership = serializers.SerializerMethodField()
    reviewed_practice = serializers.SerializerMethodField()
    last_reviewed = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the city last confirmed the content current, else when it was last published",
    )

    class Meta(CaseStudyBriefSerializer.Meta):
        fields = [*CaseStudyBriefSerializer.Meta.fields, "partnership", "reviewed_practice", "last_reviewed"]

    @extend_schema_field(PARTNERSHIP_SCHEMA)
    def get_partnership(self, page):
        if not page.seeking_partners:
            return {"seeking": False, "needs": [], "note": ""}
        with translation.override(page.locale.language_code):  # the needs' names, in the page's language
            needs = [{"slug": need.slug, "name": need.display_name} for need in page.partner_needs.all()]
        return {"seeking": True, "needs": needs, "note": page.partnership_note}

    @extend_schema_field(PRACTICE_REVIEW_SCHEMA)
    def get_reviewed_practice(self, page):
        if page.practice_reviewed_at is None:
            return None
        return {
            "reviewed_at": serializers.DateTimeField().to_representation(page.practice_reviewed_at),
            "reviewer": page.practice_reviewer,
        }


def _figure(value, year):
    # Stored with four decimal places: given as the editor wrote it ("79", not "79.0000").
    return {"value": None if value is None else format(value.normalize(), "f"), "year": year}


FIGURE_SCHEMA = inline_serializer(
    "ResultFigure",
    fields={
        "value": serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True),
        "year": serializers.IntegerField(allow_null=True),
    },
)
RESULT_SCHEMA = inline_serializer(
    "ResultIndicator",
    fields={
        "indicator": serializers.CharField(help_text="What is measured"),
        "unit": serializers.CharField(help_text="e.g. %, tonnes per year; may be empty"),
        "baseline": FIGURE_SCHEMA,
        "target": FIGURE_SCHEMA,
        "latest": FIGURE_SCHEMA,
        "source": inline_serializer(
            "ResultSource",
            fields={
                "name": serializers.CharField(help_text="Source of the figures, or empty"),
                "url": serializers.CharField(help_text="URL, or empty"),
            },
        ),
    },
    many=True,
)
REPLICATION_SCHEMA = inline_serializer(
    "ReplicationLink",
    fields={
        "relation": serializers.ChoiceField(choices=["replicates", "adapted_from"]),
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
        "url": serializers.URLField(help_text="The case study's page on the portal"),
        "api_url": serializers.URLField(),
        "city": CityBriefSerializer(allow_null=True, help_text="Its lead city"),
    },
    many=True,
)
# The e-mail address of a case study's contact is never published: the form reaches them.
CONTACT_SCHEMA = inline_serializer(
    "CaseStudyContact",
    fields={
        "name": serializers.CharField(),
        "website": serializers.CharField(help_text="URL, or empty"),
    },
)


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
    contact_form_url = serializers.SerializerMethodField(
        help_text="The “Contact the team” form on the portal, in the case study's language: messages reach "
        "the contact point, whose e-mail address is not published"
    )
    source = serializers.SerializerMethodField()
    hero_image = serializers.SerializerMethodField()
    attachments = StreamDataField()
    related = serializers.SerializerMethodField(
        help_text="Related case studies, editors' choices first; each in the case study's language when "
        "translated there, else in English"
    )
    translations = TranslationsField("casestudy-detail")
    results = serializers.SerializerMethodField(help_text="Results in figures, in the case study's language")
    replicates = serializers.SerializerMethodField(
        help_text="The case studies this one replicates or was adapted from; each in the case study's language "
        "when translated there, else in English"
    )
    replicated_by = serializers.SerializerMethodField(
        help_text="The case studies that replicate this one or were adapted from it; each in the case study's "
        "language when translated there, else in English"
    )

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
            "contact_form_url",
            "results",
            "replicates",
            "replicated_by",
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
        return {"name": page.contact_name, "website": page.contact_website}

    @extend_schema_field(serializers.URLField())
    def get_contact_form_url(self, page):
        with translation.override(page.locale.language_code):
            return self.context["request"].build_absolute_uri(reverse("contact_team", args=[page.pk]))

    @extend_schema_field(RESULT_SCHEMA)
    def get_results(self, page):
        return [
            {
                "indicator": row.indicator,
                "unit": row.unit,
                "baseline": _figure(row.baseline_value, row.baseline_year),
                "target": _figure(row.target_value, row.target_year),
                "latest": _figure(row.latest_value, row.latest_year),
                "source": {"name": row.source, "url": row.source_url},
            }
            for row in (page.result_indicators.all() if page.has_results else [])
        ]

    def _replications(self, page):
        """Both directions of the page's replication links (casestudies/evidence.py), read once."""
        if not hasattr(page, "_api_replications"):
            links = evidence.replications_of(page) if page.has_replications else evidence.Replications([], [])
            others = [other for _relation, other in [*links.inspired_by, *links.inspired]]
            localize_foreign_key(others, "city", select_related=["country"])  # in each page's language
            page._api_replications = links
        return page._api_replications

    def _links(self, pairs):
        request = self.context["request"]
        return [
            {
                "relation": relation,
                "id": other.pk,
                "title": other.title,
                "url": request.build_absolute_uri(other.get_url(request)),
                "api_url": request.build_absolute_uri(reverse("casestudy-detail", args=[other.pk])),
                "city": CityBriefSerializer(other.city, context=self.context).data if other.city else None,
            }
            for relation, other in pairs
        ]

    @extend_schema_field(REPLICATION_SCHEMA)
    def get_replicates(self, page):
        return self._links(self._replications(page).inspired_by)

    @extend_schema_field(REPLICATION_SCHEMA)
    def get_replicated_by(self, page):
        return self._links(self._replications(page).inspired)

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

    @extend_schema_field(CaseStudyBriefSerializer(many=True))
    def get_related(self, page):
        related = page.related_case_studies()
        prefetch_related_objects(related, "locale", "sdgs", "tags")  # what the cards' fields read
        return CaseStudyBriefSerializer(related, many=True, context=self.context).data


def live_case_studies():
    review = PracticeReview.objects.filter(translation_key=OuterRef("translation_key"))
    return (
        CaseStudyPage.objects.live()
        .exclude(private_q())
        .select_related("city__country", "locale")
        .prefetch_related("focus_areas", "sdgs", "tags")
        # In the page's own query: the label and the last review are shared by every language.
        .annotate(
            last_reviewed=last_reviewed_expression(),
            practice_reviewed_at=Subquery(review.values("reviewed_at")[:1]),
            practice_reviewer=Subquery(review.values("reviewer_name")[:1]),
        )
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
            key = OuterRef("translation_key")
            queryset = (
                queryset.select_related("hero_image")
                .prefetch_related(
                    Prefetch("partner_organisations", queryset=Organisation.objects.select_related("country")),
                )
                # Most case studies have no results in figures and no replication links yet:
                # ask for them only when there are some.
                .annotate(
                    has_results=Exists(ResultIndicator.objects.filter(page=OuterRef("pk"))),
                    has_replications=Exists(
                        Replication.objects.filter(Q(page__translation_key=key) | Q(source__translation_key=key))
                    ),
                )
            )
        return queryset

    def get_object(self):
        return prefetch_images(super().get_object())  # the hero image and the sections' figures

    def localize_links(self, pages):
        localize_foreign_key(pages, "city", select_related=["country"])
        name_focus_areas(pages)
        # What those looking for partners seek: one query, none when no page here is looking.
        prefetch_related_objects([page for page in pages if page.seeking_partners], "partner_needs")


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
