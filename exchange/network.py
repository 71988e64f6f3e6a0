"""The network in figures (/network/ and its CSV): what the cities have published and how
they work together, counted from the database as it is now.

What counts (docs/network.md has the full definitions):
- a case study counts once, whatever the number of languages it is published in: one
  live, public version per translation key (`published_case_studies`), the English one
  when it is live and public, else the oldest live, public translation;
- a city counts once too (per translation key), when one of its versions is live and public.

Each figure group is one query, seven in all (`compute_figures`). `network_figures` keeps
them in the cache while nothing they depend on has changed: the content version (a log
entry is written by every publish, unpublish, move, privacy change) and the partner answers,
which are saved without publishing anything."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, F, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, pgettext

from casestudies.copies import one_copy_each
from casestudies.models import CaseStudyPage, FocusArea, Replication
from cities.models import CityPage, Country
from exchange.models import PartnerInterest
from portal.api_http import content_version
from portal.locales import active_language
from portal.queries import private_q


@dataclass
class Row:
    key: str  # stable, for machines: a slug, an ISO code, a year
    label: str  # in the language of the request
    value: int


@dataclass
class Group:
    """One figure group: a chart and its table on the page, a section of the CSV."""

    section: str  # the CSV's section column
    title: str
    label_heading: str  # the table's first column
    value_heading: str  # the table's second column
    rows: list
    note: str = ""


@dataclass
class CityWithout:
    key: str  # the city's slug
    name: str
    country: str
    url: str | None


@dataclass
class Figures:
    language: str
    case_studies: int
    cities: int
    cities_with_case_studies: int
    countries_represented: int
    by_country: Group
    by_focus_area: Group
    by_stage: Group
    by_start_year: Group
    partnerships: Group
    replication: Group
    cities_without: list = field(default_factory=list)

    @property
    def totals(self):
        return Group(
            "totals",
            gettext("The network in figures"),
            gettext("Figure"),
            gettext("Number"),
            [
                Row("case_studies", gettext("Published case studies"), self.case_studies),
                Row("cities", gettext("Cities in the network"), self.cities),
                Row("cities_with_case_studies", gettext("Cities with a case study"), self.cities_with_case_studies),
                Row("countries_represented", gettext("Countries represented"), self.countries_represented),
            ],
        )

    @property
    def charts(self):
        return [
            self.by_country,
            self.by_focus_area,
            self.by_stage,
            self.by_start_year,
            self.partnerships,
            self.replication,
        ]

    def csv_rows(self):
        """(section, label, value, key) for every figure, the totals first."""
        for group in [self.totals, *self.charts]:
            for row in group.rows:
                yield group.section, row.label, row.value, row.key
        for city in self.cities_without:
            yield "cities_without_case_study", city.name, 0, city.key


def published_case_studies():
    """One live, public version of each case study: English when it has one, else the
    oldest live, public translation (casestudies/copies.py). Every figure is counted over these."""
    return one_copy_each(CaseStudyPage.objects.live().exclude(private_q()))


def _by_country(case_studies):
    """Case studies per country of their lead city; every country, none left out for having none."""
    countries = Country.objects.annotate(
        n=Count("cities__led_case_studies", filter=Q(cities__led_case_studies__in=case_studies.values("pk")))
    ).order_by("-n", "name")
    rows = [Row(country.iso_code, country.name, country.n) for country in countries]
    return Group("country", gettext("Case studies by country"), gettext("Country"), gettext("Case studies"), rows)


def _by_focus_area(case_studies, language):
    areas = (
        FocusArea.objects.in_default_language()
        .named_in(language)
        .annotate(n=Count("case_studies", filter=Q(case_studies__in=case_studies.values("pk"))))
        .order_by("sort_order")
    )
    rows = [Row(area.slug, area.display_name, area.n) for area in areas]
    return Group(
        "focus_area",
        gettext("Case studies by focus area"),
        gettext("Focus area"),
        gettext("Case studies"),
        rows,
        note=gettext("A case study can work in several focus areas: it counts in each."),
    )


def _by_stage(case_studies):
    """(the group, the number of case studies): every case study has a stage, so this query
    counts them all too."""
    counts = dict(case_studies.order_by().values_list("stage").annotate(n=Count("pk")))
    rows = [Row(value, str(label), counts.get(value, 0)) for value, label in CaseStudyPage.Stage.choices]
    group = Group("stage", gettext("Case studies by stage"), gettext("Stage"), gettext("Case studies"), rows)
    return group, sum(counts.values())


def _by_start_year(case_studies):
    """Every year from the first to the last (a year without any shows as none), then the
    case studies that give no year."""
    counts = dict(case_studies.order_by().values_list("start_year").annotate(n=Count("pk")))
    not_given = counts.pop(None, 0)
    rows = [
        Row(str(year), str(year), counts.get(year, 0)) for year in range(min(counts or [0]), max(counts or [-1]) + 1)
    ]
    if not_given:
        rows.append(Row("none", gettext("Year not given"), not_given))
    return Group("start_year", gettext("Case studies by start year"), gettext("Year"), gettext("Case studies"), rows)


def _cities(case_studies, language, request):
    """(number of cities, cities without a case study led or partnered): each city once, named
    in `language` when it is published there, else in English."""
    has_case_study = Exists(case_studies.filter(city__translation_key=OuterRef("translation_key"))) | Exists(
        case_studies.filter(partner_cities__translation_key=OuterRef("translation_key"))
    )
    pages = (
        CityPage.objects.live()
        .exclude(private_q())
        .defer_streamfields()
        .annotate(language=F("locale__language_code"), has_case_study=has_case_study)
        .select_related("country")
        .order_by("pk")
    )
    preference = {language: 0, settings.LANGUAGE_CODE: 1}
    chosen = {}
    for page in pages:
        best = chosen.get(page.translation_key)
        if best is None or preference.get(page.language, 2) < preference.get(best.language, 2):
            chosen[page.translation_key] = page
    without = [
        CityWithout(page.slug, page.title, page.country.name, page.get_url(request=request))
        for page in chosen.values()
        if not page.has_case_study
    ]
    without.sort(key=lambda city: (city.country, city.name))
    return len(chosen), without


def _partnerships(case_studies):
    answers = (
        PartnerInterest.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by()
        .values("translation_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    figures = case_studies.annotate(answer_count=Coalesce(Subquery(answers, output_field=IntegerField()), 0)).aggregate(
        seeking=Count("pk", filter=Q(seeking_partners=True)),
        answers=Coalesce(Sum("answer_count"), 0),
        answered=Count("pk", filter=Q(answer_count__gt=0)),
    )
    rows = [
        Row("seeking_partners", gettext("Case studies looking for partners"), figures["seeking"]),
        Row("partner_answers", gettext("Answers from interested cities"), figures["answers"]),
        Row("answered_case_studies", gettext("Case studies with at least one answer"), figures["answered"]),
    ]
    return Group("partnerships", gettext("Partnerships"), gettext("Figure"), gettext("Number"), rows)


def _replication(case_studies):
    """Replicas: live, public case studies (any language) that say they replicate or were
    adapted from a published case study of another translation key."""
    replicas = CaseStudyPage.objects.live().exclude(private_q()).values("pk")
    links = set(
        Replication.objects.order_by()  # no sort_order in the DISTINCT
        .filter(page__in=replicas, source__translation_key__in=case_studies.values("translation_key"))
        .exclude(page__translation_key=F("source__translation_key"))
        .values_list(
            "source__translation_key",
            "page__translation_key",
            "source__city__translation_key",
            "page__city__translation_key",
        )
        .distinct()
    )
    practices = {source for source, _replica, _source_city, _replica_city in links}
    replications = {(source, replica) for source, replica, _source_city, _replica_city in links}
    cities = {
        replica_city for _s, _r, source_city, replica_city in links if replica_city and replica_city != source_city
    }
    rows = [
        Row("practices_replicated", gettext("Practices replicated or adapted"), len(practices)),
        Row("replications", gettext("Replications and adaptations"), len(replications)),
        Row("cities_reached", pgettext("replication", "Other cities reached"), len(cities)),
    ]
    return Group("replication", gettext("Practices replicated"), gettext("Figure"), gettext("Number"), rows)


def compute_figures(language, request=None):
    """Every figure, counted now: seven queries."""
    case_studies = published_case_studies()
    by_stage, total = _by_stage(case_studies)
    by_country = _by_country(case_studies)
    cities, without = _cities(case_studies, language, request)
    return Figures(
        language=language,
        case_studies=total,
        cities=cities,
        cities_with_case_studies=cities - len(without),
        countries_represented=sum(1 for row in by_country.rows if row.value),
        by_country=by_country,
        by_focus_area=_by_focus_area(case_studies, language),
        by_stage=by_stage,
        by_start_year=_by_start_year(case_studies),
        partnerships=_partnerships(case_studies),
        replication=_replication(case_studies),
        cities_without=without,
    )


def network_figures(request):
    """The figures in the request's language, from the cache while they are current.

    Kept for PAGE_CACHE_SECONDS (none when 0) under a key made of the content version and
    the partner answers' count and newest id: two small queries instead of seven."""
    language = active_language()
    seconds = settings.PAGE_CACHE_SECONDS
    if seconds <= 0:
        return compute_figures(language, request)
    version, _changed = content_version()
    answers = PartnerInterest.objects.aggregate(n=Count("pk"), newest=Max("pk"))
    key = f"network-figures:{version}:{answers['n']}.{answers['newest']}:{language}:{request.get_host()}"
    figures = cache.get(key)
    if figures is None:
        figures = compute_figures(language, request)
        cache.set(key, figures, seconds)
    return figures
