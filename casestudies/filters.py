"""Filters of the case-study API (the library page has its own facet counts: library.py)."""

from taggit.models import Tag

from casestudies.models import CaseStudyPage, PartnerNeed, PracticeReview, SustainableDevelopmentGoal
from portal.api_filters import (
    KnownValuesFilter,
    PageFilterSet,
    TrueFalseFilter,
    YearFilter,
    city_filter,
    country_filter,
    focus_area_filter,
)
from portal.queries import private_q


def _live():
    return CaseStudyPage.objects.live().exclude(private_q())


class PartnerNeedFilter(KnownValuesFilter):
    """Case studies looking for partners for any of these needs (a need left on a case study
    no longer looking counts for nothing, as in its `partnership`)."""

    def filter(self, qs, value):
        return super().filter(qs, value).filter(seeking_partners=True) if value else qs


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
    seeking_partners = TrueFalseFilter(
        field_name="seeking_partners", help_text="`true`: only case studies whose city is looking for partners."
    )
    partner_need = PartnerNeedFilter(
        field_name="partner_needs__slug",
        known=lambda: PartnerNeed.objects.values_list("slug", flat=True),
        what="partner need (slug)",
        help_text="What a case study looking for partners seeks: `funding`, `technology`, `peer-city`, "
        "`expertise` (any of several).",
    )
    reviewed = TrueFalseFilter(
        method="filter_reviewed",
        help_text="`true`: only reviewed practices (the secretariat checked the evidence); `false`: the others.",
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

    def filter_reviewed(self, queryset, name, value):
        reviewed = PracticeReview.objects.values("translation_key")  # shared by every language
        if value:
            return queryset.filter(translation_key__in=reviewed)
        return queryset.exclude(translation_key__in=reviewed)

    def active_from(self, queryset, name, value):
        return queryset.exclude(end_year__lt=value)
