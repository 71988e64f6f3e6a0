"""Filters of the case-study API (the library page has its own facet counts: library.py)."""

from taggit.models import Tag

from casestudies.models import CaseStudyPage, SustainableDevelopmentGoal
from portal.api_filters import (
    KnownValuesFilter,
    PageFilterSet,
    YearFilter,
    city_filter,
    country_filter,
    focus_area_filter,
)
from portal.queries import private_q


def _live():
    return CaseStudyPage.objects.live().exclude(private_q())


class CaseStudyFilterSet(PageFilterSet):
    country = country_filter(
        "city__country__iso_code", "ISO 3166 code(s) of the lead city's country, e.g. `TH` or `TH,JP`."
    )
    city = city_filter("city__slug", "Slug(s) of the lead city, as in /cities/<slug>/, e.g. `bangkok`.")
    focus_area = focus_area_filter(
        "focus_areas__slug", "Slug(s) of ASEAN Smart Cities Framework focus areas, e.g. `civic-social`."
    )
    sdg = KnownValuesFilter(
        field_name="sdgs__number",
        known=lambda: SustainableDevelopmentGoal.objects.values_list("number", flat=True),
        what="SDG (number 1–17)",
        help_text="Sustainable Development Goal number(s), e.g. `11`.",
    )
    stage = KnownValuesFilter(
        field_name="stage",
        known=lambda: CaseStudyPage.Stage.values,
        what="stage",
        help_text="Project stage(s): idea, pilot, scaling, operational, completed.",
    )
    tag = KnownValuesFilter(
        field_name="tags__slug",
        known=lambda: (
            Tag.objects.filter(casestudies_casestudytag_items__content_object__in=_live())
            .values_list("slug", flat=True)
            .distinct()
        ),
        what="tag (slug)",
        help_text="Tag slug(s), as in the case studies' `tags`.",
    )
    year_from = YearFilter(
        method="active_from", help_text="Projects running in or after this year (no end year, or ending then or later)."
    )
    year_to = YearFilter(
        field_name="start_year", lookup_expr="lte", help_text="Projects started in or before this year."
    )

    class Meta:
        model = CaseStudyPage
        fields = []

    def active_from(self, queryset, name, value):
        return queryset.exclude(end_year__lt=value)
