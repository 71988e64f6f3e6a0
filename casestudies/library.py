"""The case-study library: facets that combine, full-text search, counts, pagination.

Facets AND together; several values of one facet OR together. Each facet's counts
are computed with every *other* facet applied, so a visitor sees how many results
each choice would give. Unknown values are dropped and reported, never an error.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext, gettext_lazy
from wagtail.models import Locale

from casestudies.freshness import last_reviewed_expression
from casestudies.models import (
    CaseStudyPage,
    FocusArea,
    PartnerNeed,
    PracticeReview,
    Replication,
    SustainableDevelopmentGoal,
)
from casestudies.taxonomy import focus_areas_named_in
from cities.models import CityPage, Country
from portal.locales import default_language, in_language, localize_foreign_key
from portal.queries import private_q
from portal.search import clean_query, search_query

SORTS = {
    "relevance": gettext_lazy("Best match"),
    "newest": gettext_lazy("Newest"),
    "title": gettext_lazy("Title (A–Z)"),
    "updated": gettext_lazy("Recently updated"),
}
ORDERINGS = {
    "newest": ["-first_published_at", "title", "pk"],
    "title": ["title", "pk"],
    "updated": [F("last_published_at").desc(nulls_last=True), "title", "pk"],
}
SEARCH_RESULTS_LIMIT = 1000


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    remove_query: str = ""  # for a selected option: the query string without it


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class LibraryResult:
    page: object
    total: int
    facets: list
    query: str
    sort: str
    notices: list
    selected_tags: list

    @property
    def active_filters(self):
        return [(facet, option) for facet in self.facets for option in facet.selected]


def city_names(language):
    """{slug: name} of the live, public cities, named in `language` when translated, else in English.
    (A city has one slug in every language.)"""
    return _city_names(_city_rows(language).values_list("slug", "title", "locale__language_code"), language)


def _city_rows(language):
    return (
        CityPage.objects.live()
        .exclude(private_q())
        .filter(locale__language_code__in={language, default_language()})
        .order_by("path")
    )


def _city_names(rows, language):
    names = {}
    for slug, title, code in rows:
        if code == language or slug not in names:
            names[slug] = title
    return names


def _union(querysets):
    """One query for several querysets of the same columns (UNION ALL), their rows in order."""
    first, *others = [queryset.order_by() for queryset in querysets]
    return list(first.union(*others, all=True))


def _choices(language, seeking_partners=False):
    """Known values of each facet: {param: {value: label}}, in one query."""
    text = CharField()
    querysets = [
        Country.objects.filter(cities__isnull=False)
        .distinct()
        .values_list(Value("country"), "slug", "name", Value(""), "name"),
        _city_rows(language).values_list(Value("city"), "slug", "title", "locale__language_code", "path"),
        FocusArea.objects.in_default_language()
        .named_in(language)
        .values_list(
            Value("focus_area"),
            "slug",
            Coalesce("translated_name", "name") if language != default_language() else "name",
            Value(""),
            Cast("sort_order", text),
        ),
        SustainableDevelopmentGoal.objects.values_list(
            Value("sdg"), Cast("number", text), "name", Value(""), Cast("number", text)
        ),
    ]
    if seeking_partners:
        querysets.append(
            PartnerNeed.objects.values_list(Value("need"), "slug", "name", Value(""), Cast("sort_order", text))
        )
    rows = _union(querysets)
    # Each facet in its own order: countries by name, cities in the tree's, the others by number.
    rows.sort(key=lambda row: (row[0], int(row[4]) if row[0] in NUMBERED else row[4]))
    by_param = {
        param: [row[1:4] for row in rows if row[0] == param]
        for param in ("country", "city", "focus_area", "sdg", "need")
    }
    return {
        "country": {slug: name for slug, name, _ in by_param["country"]},
        "city": _city_names(by_param["city"], language),
        "focus_area": {slug: name for slug, name, _ in by_param["focus_area"]},
        "sdg": {number: f"SDG {number}: {name}" for number, name, _ in by_param["sdg"]},
        "stage": dict(CaseStudyPage.Stage.choices),
        # PartnerNeed.display_name: the names are translated through the message catalogue.
        "need": {slug: PartnerNeed(name=name).display_name for slug, name, _ in by_param["need"]},
        "reviewed": {"1": gettext("Reviewed by the secretariat")},
        "replicated": {"1": gettext("Replicated in other cities")},
    }


NUMBERED = {"focus_area", "sdg", "need"}  # facets whose values are listed in their sort order


# param: (label, lookup used to filter, field counted for the facet)
FACETS = {
    "country": (gettext_lazy("Country"), "city__country__slug__in", "city__country__slug"),
    "city": (gettext_lazy("City"), "city__slug__in", "city__slug"),
    "focus_area": (gettext_lazy("Focus area"), "focus_areas__slug__in", "focus_areas__slug"),
    "sdg": (gettext_lazy("SDG"), "sdgs__number__in", "sdgs__number"),
    "stage": (gettext_lazy("Stage"), "stage__in", "stage"),
    "year": (gettext_lazy("Year started"), "start_year__in", "start_year"),
    # Flags annotated by _with_flags: "1" or NULL, so that they count and filter like the others.
    "reviewed": (gettext_lazy("Reviewed practice"), "is_reviewed__in", "is_reviewed"),
    "replicated": (gettext_lazy("Replication"), "is_replicated__in", "is_replicated"),
}
# Only in the listing of partner searches (search_library(seeking_partners=True)), first there.
NEED_FACET = {"need": (gettext_lazy("Looking for"), "partner_needs__slug__in", "partner_needs__slug")}
MULTI_VALUED = {"focus_area", "sdg", "need"}  # joins that could repeat a row: filter through a subquery


def facets_of(seeking_partners=False):
    return {**NEED_FACET, **FACETS} if seeking_partners else FACETS


def replications_elsewhere():
    """Replication links that spread a practice to another city: made by a live, public case
    study whose lead city (in any language: by translation key) is not the practice's own.
    A link's source may be the practice in any language, so match on its translation key."""
    return Replication.objects.filter(page__in=CaseStudyPage.objects.live().exclude(private_q()).values("pk")).exclude(
        page__city__translation_key=F("source__city__translation_key")
    )


def _flag(keys):
    return Case(When(translation_key__in=keys, then=Value("1")), output_field=CharField())


def _with_flags(queryset):
    """The "reviewed practice" and "replicated" facets' values, as annotations (uncorrelated
    subqueries: the database reads each once)."""
    return queryset.annotate(
        is_reviewed=_flag(PracticeReview.objects.values("translation_key")),
        is_replicated=_flag(replications_elsewhere().values("source__translation_key")),
    )


def _with_card_details(queryset):
    """What a library card shows besides the page's own fields, in the page's own query (no
    query per card, none per page of cards): when it was last reviewed, and in how many other
    cities it has been replicated or adapted directly."""
    spread = (
        replications_elsewhere()
        .filter(source__translation_key=OuterRef("translation_key"))
        .order_by()
        .values("source__translation_key")
        .annotate(cities=Count("page__city__translation_key", distinct=True))
        .values("cities")
    )
    return queryset.annotate(
        last_reviewed=last_reviewed_expression(),
        replicated_in=Coalesce(Subquery(spread, output_field=IntegerField()), Value(0)),
    )


def _counts(queryset, param, value):
    """(param, value, number of case studies) for each value: rows for _union."""
    counted = queryset.order_by().annotate(param=Value(param), value=value).values("param", "value")
    return counted.annotate(n=Count("pk", distinct=True)).values_list("param", "value", "n")


def _apply(queryset, param, values):
    lookup = facets_of(seeking_partners=True)[param][1]
    if param in MULTI_VALUED:
        return queryset.filter(pk__in=CaseStudyPage.objects.filter(**{lookup: values}).values("pk"))
    return queryset.filter(**{lookup: values})


def _clean_years(raw_values, notices):
    years = []
    for raw in raw_values:
        if re.fullmatch(r"[0-9]{4}", raw) and 1900 <= int(raw) <= 2100:
            years.append(raw)
        else:
            notices.append(gettext("“%(value)s” is not a year, so it was ignored.") % {"value": raw[:40]})
    return years


def parse_selection(params, choices, notices, facets=FACETS):
    """{param: [valid values]} from the query string; unknown values become notices."""
    selection = {}
    for param, (label, _, _) in facets.items():
        raw_values = [v.strip() for v in params.getlist(param) if v.strip()][:50]
        if param == "year":
            values = _clean_years(raw_values, notices)
        else:
            values = [v for v in raw_values if v in choices[param]]
            for unknown in sorted(set(raw_values) - set(values)):
                # Translators: facet is a filter's name in lower case ("country", "focus area").
                notice = gettext("No %(facet)s “%(value)s” is known, so it was ignored.")
                notices.append(notice % {"facet": str(label).lower(), "value": unknown[:40]})
        if values:
            selection[param] = list(dict.fromkeys(values))
    return selection


def search_ids(queryset, query, language=None):
    """Primary keys matching a full-text query (its words broken as `language` breaks them), best match first."""
    # Only the keys are read: a thousand whole case studies (StreamField bodies) took seconds.
    matches = queryset.only("pk").search(search_query(query, language))[:SEARCH_RESULTS_LIMIT]
    return [page.pk for page in matches]


def searchable_in(language):
    """The live, public case studies a search in `language` looks through: the pages in that
    language and the English ones (a listing falls back to them). Filtered on the locale
    column itself, which every search backend can filter on."""
    locales = list(Locale.objects.filter(language_code__in={language, default_language()}).values_list("pk", flat=True))
    return CaseStudyPage.objects.live().public().filter(locale__in=locales)


def _without(params, param, value):
    """The query string with one value of one parameter removed, back on page 1."""
    remaining = params.copy()
    remaining.setlist(param, [v for v in params.getlist(param) if v.strip() != value])
    remaining.pop("page", None)
    return "?" + remaining.urlencode()


def search_library(params, language=None, seeking_partners=False):
    """The library in `language` (default: English): each case study once, in that language
    when it is published there, else in English (portal/locales.py).

    With `seeking_partners`, only the case studies looking for partners (/partners-wanted/),
    with one more facet first: what they are looking for (`need`)."""
    language = language or default_language()
    notices = []
    facet_params = facets_of(seeking_partners)
    choices = _choices(language, seeking_partners)
    selection = parse_selection(params, choices, notices, facet_params)
    query = clean_query(params.get("q", ""), notices)
    tags = [t.replace("\x00", "").strip()[:100] for t in params.getlist("tag") if t.strip()][:10]
    sort = params.get("sort") or ("relevance" if query else "newest")
    if sort not in SORTS or (sort == "relevance" and not query):
        sort = "relevance" if query else "newest"

    live = CaseStudyPage.objects.live().exclude(private_q())
    if seeking_partners:
        live = live.filter(seeking_partners=True)
    base = _with_flags(in_language(live, language))
    ranking = []
    if query:
        ranking = search_ids(searchable_in(language), query, language)
        base = base.filter(pk__in=ranking)
    if tags:
        base = base.filter(pk__in=CaseStudyPage.objects.filter(tags__slug__in=tags).values("pk"))

    # Every facet's counts (each with the *other* facets applied) and the total, in one query.
    counted_rows = []
    for param, (_label, _, counted) in facet_params.items():
        others = base
        for other, values in selection.items():
            if other != param:
                others = _apply(others, other, values)
        counted_rows.append(_counts(others.exclude(**{f"{counted}__isnull": True}), param, Cast(counted, CharField())))
    results = base
    for param, values in selection.items():
        results = _apply(results, param, values)
    counted_rows.append(_counts(results, "", Value("")))
    counts = {}
    for param, value, n in _union(counted_rows):
        counts.setdefault(param, {})[value] = n
    total = counts.get("", {}).get("", 0)

    facets = []
    for param, (label, _, _counted) in facet_params.items():
        facet_counts = counts.get(param, {})
        if param == "year":
            labels = {year: year for year in sorted(facet_counts, reverse=True)}
        else:
            labels = choices[param]
        chosen = selection.get(param, [])
        options = [
            FacetOption(value, labels.get(value, value), facet_counts.get(value, 0), value in chosen)
            for value in labels
            if facet_counts.get(value) or value in chosen
        ]
        if param == "year":
            options += [FacetOption(y, y, 0, True) for y in chosen if y not in labels]
        facets.append(Facet(param, label, options))

    results = results.select_related("city__country").prefetch_related(focus_areas_named_in(language))
    if seeking_partners:
        results = results.prefetch_related("partner_needs")  # each card says what is sought
    results = _with_card_details(results)
    if sort == "relevance":
        ordering = [Case(*[When(pk=pk, then=i) for i, pk in enumerate(ranking)], output_field=IntegerField()), "pk"]
    else:
        ordering = ORDERINGS[sort]
    paginator = Paginator(results.order_by(*ordering), settings.LIBRARY_PAGE_SIZE)
    paginator.count = total  # known from the counts' query (Paginator would count again)

    for facet in facets:
        for option in facet.selected:
            option.remove_query = _without(params, facet.param, option.value)

    page_number = params.get("page", "1")
    page = paginator.get_page(page_number)
    page.object_list = localize_foreign_key(list(page.object_list), "city", select_related=["country"])
    if page_number not in ("", "1") and str(page.number) != page_number:
        notice = gettext("There is no page “%(page)s”; showing page %(number)s of %(count)s.")
        notices.append(notice % {"page": page_number[:20], "number": page.number, "count": paginator.num_pages})
    return LibraryResult(page, paginator.count, facets, query, sort, notices, tags)
