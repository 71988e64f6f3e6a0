"""Counts for the home page: case studies by country and by focus area."""

from django.conf import settings
from django.db.models import Count, Q


def case_study_counts(case_studies, language=None):
    """Given a queryset of live, public case studies, count them per country and per focus area
    (the focus areas named in `language` when translated, else in English)."""
    from casestudies.models import FocusArea
    from cities.models import Country

    ids = case_studies.values("pk")
    by_country = (
        Country.objects.annotate(total=Count("cities__led_case_studies", filter=Q(cities__led_case_studies__in=ids)))
        .filter(total__gt=0)
        .order_by("-total", "name")
    )
    by_focus_area = (
        FocusArea.objects.in_default_language()
        .named_in(language or settings.LANGUAGE_CODE)
        .annotate(total=Count("case_studies", filter=Q(case_studies__in=ids)))
        .order_by("sort_order")
    )
    return {"total": case_studies.count(), "by_country": list(by_country), "by_focus_area": list(by_focus_area)}
