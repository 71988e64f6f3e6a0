"""The city and country endpoints of the public API."""

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from casestudies.api import CityBriefSerializer, CountryBriefSerializer, FocusAreaBriefSerializer
from casestudies.models import CaseStudyPage
from casestudies.taxonomy import name_focus_areas
from cities.models import CityPage, Country
from portal.api_fields import CONTACT_SCHEMA, StreamDataField, TranslationsField
from portal.api_filters import (
    LOCALE_OF_COUNTS,
    PageFilterSet,
    TrueFalseFilter,
    country_filter,
    focus_area_filter,
    requested_language,
)
from portal.api_http import CachedReadMixin
from portal.api_pages import PageViewSet
from portal.queries import private_q


class CountrySerializer(CountryBriefSerializer):
    is_asean_member = serializers.BooleanField()
    city_count = serializers.IntegerField(help_text="City pages published in the language of `locale`")
    case_study_count = serializers.IntegerField(
        help_text="Case studies led by its cities, published in the language of `locale`"
    )


class CityListSerializer(CityBriefSerializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    is_ascn_member = serializers.BooleanField(source="is_ascn_pilot", help_text="A member city of the ASCN")
    year_joined = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True, help_text="Only when sourced")
    summary = serializers.CharField()
    focus_areas = FocusAreaBriefSerializer(many=True)
    locale = serializers.SlugRelatedField(slug_field="language_code", read_only=True)
    last_updated = serializers.DateTimeField(source="last_published_at")

    class Meta(CityBriefSerializer.Meta):
        fields = [
            *CityBriefSerializer.Meta.fields,
            "locale",
            "latitude",
            "longitude",
            "is_ascn_member",
            "year_joined",
            "population",
            "summary",
            "focus_areas",
            "last_updated",
        ]


class CityDetailSerializer(CityListSerializer):
    body = StreamDataField()
    contact = serializers.SerializerMethodField()
    case_studies = serializers.SerializerMethodField(
        help_text="API addresses of the case studies it leads, published in the city page's language"
    )
    translations = TranslationsField("city-detail")

    class Meta(CityListSerializer.Meta):
        fields = [*CityListSerializer.Meta.fields, "body", "contact", "case_studies", "translations"]

    @extend_schema_field(CONTACT_SCHEMA)
    def get_contact(self, city):
        return {"name": city.contact_name, "email": city.contact_email, "website": city.contact_website}

    def get_case_studies(self, city) -> list[str]:
        from rest_framework.reverse import reverse

        request = self.context["request"]
        # Led by any language's page of this city (a translated case study sits under the city's
        # page in its own language), in this page's language.
        ids = (
            CaseStudyPage.objects.live()
            .exclude(private_q())
            .filter(city__translation_key=city.translation_key, locale_id=city.locale_id)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return [reverse("casestudy-detail", args=[pk], request=request) for pk in ids]


class CityFilterSet(PageFilterSet):
    country = country_filter("country__iso_code", "ISO 3166 code(s), e.g. `TH,JP`.")
    focus_area = focus_area_filter("focus_areas__slug", "Slug(s) of focus areas the city's plans emphasise.")
    is_ascn_member = TrueFalseFilter(
        field_name="is_ascn_pilot", help_text="true: ASCN member cities; false: partner cities."
    )
    DEFAULT_ORDERING = "title"

    class Meta:
        model = CityPage
        fields = []


@extend_schema(tags=["cities"])
class CityViewSet(PageViewSet):
    """Member and partner cities. Address one by id or by slug: `/cities/bangkok/`."""

    list_serializer_class = CityListSerializer
    detail_serializer_class = CityDetailSerializer
    filterset_class = CityFilterSet

    def get_queryset(self):
        cities = CityPage.objects.live().exclude(private_q())
        return cities.select_related("country", "locale").prefetch_related("focus_areas")

    def localize_links(self, pages):
        name_focus_areas(pages)  # each city's focus areas named in its language


@extend_schema_view(
    list=extend_schema(parameters=[LOCALE_OF_COUNTS]), retrieve=extend_schema(parameters=[LOCALE_OF_COUNTS])
)
@extend_schema(tags=["countries"])
class CountryViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    """ASEAN member states and partner countries, addressed by ISO 3166 code: `/countries/TH/`,
    with how many cities and case studies each has in the language of `locale` (English by default)."""

    serializer_class = CountrySerializer
    lookup_field = "iso_code"
    lookup_value_regex = r"[A-Za-z]{2}"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        language = requested_language(self.request)
        in_language = {"locale__language_code": language}
        cities = CityPage.objects.live().exclude(private_q()).filter(**in_language).values("pk")
        case_studies = CaseStudyPage.objects.live().exclude(private_q()).filter(**in_language).values("pk")
        return Country.objects.annotate(
            city_count=Count("cities", filter=Q(cities__in=cities), distinct=True),
            case_study_count=Count(
                "cities__led_case_studies", filter=Q(cities__led_case_studies__in=case_studies), distinct=True
            ),
        ).order_by("name")

    def get_object(self):
        self.kwargs["iso_code"] = self.kwargs["iso_code"].upper()
        return super().get_object()
