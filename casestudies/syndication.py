"""Which case studies the feeds, the embeddable widget and oEmbed show.

One place decides it, so the three can never disagree, and so none of them can show a
draft, a page in review or a private page: everything starts from `.live().public()`.
The facets are the library's (`casestudies.library`): country, lead city, focus area,
named by the same slugs, so a feed or a widget shows what the library shows for them.

Each language has its own: a feed lists the case studies published in its language
(a page that appeared in a language's feed in English and again when translated would
reach feed readers twice, under two addresses); the widget, which is read, not
subscribed to, shows what that language's library shows (in the language when
translated, else in English).
"""

from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casestudies.library import city_names
from casestudies.models import CaseStudyPage, FocusArea
from casestudies.taxonomy import focus_areas_named_in
from cities.models import Country
from portal.locales import default_language, in_language, localize_foreign_key

FEED_LENGTH = 50


@dataclass(frozen=True)
class Facet:
    param: str  # the query parameter, as in the library: ?focus_area=
    kind: str  # the feed URL segment: /feeds/case-studies/focus-area/…
    label: str
    lookup: str  # filter on CaseStudyPage by the chosen value's slug
    phrase: str  # how a sentence names a chosen value: "from %(name)s", "in %(name)s"

    def choices(self, language=None):
        """{slug: name} of every value this facet accepts (cities and focus areas named in
        `language` when translated)."""
        language = language or default_language()
        if self.param == "city":
            names = city_names(language)
            return dict(sorted(names.items(), key=lambda item: item[1]))
        if self.param == "focus_area":
            return {area.slug: area.display_name for area in FocusArea.objects.in_default_language().named_in(language)}
        return dict(Country.objects.values_list("slug", "name"))


FACETS = [
    Facet(
        "focus_area",
        "focus-area",
        _("Focus area"),
        "focus_areas__slug",
        # Translators: "case studies in Safety & Security"; name is a focus area.
        _("in %(name)s"),
    ),
    Facet(
        "country",
        "country",
        _("Country"),
        "city__country__slug",
        # Translators: "case studies from Japan"; name is a country.
        _("from %(name)s"),
    ),
    Facet(
        "city",
        "city",
        _("City"),
        "city__slug",
        # Translators: "case studies led by Bangkok"; name is the lead city.
        _("led by %(name)s"),
    ),
]
FACET_BY_PARAM = {facet.param: facet for facet in FACETS}
FACET_BY_KIND = {facet.kind: facet for facet in FACETS}


class UnknownValue(LookupError):
    """A facet or a slug that names nothing; the message says what was wrong."""


@dataclass(frozen=True)
class Choice:
    """One chosen value of one facet: the focus area "Safety & Security", the city "Bangkok"."""

    facet: Facet
    slug: str
    name: str


def choose(facet, slug, language=None):
    """The Choice for `slug`, or UnknownValue."""
    name = facet.choices(language).get(slug)
    if name is None:
        # Translators: facet is a filter's name in lower case ("country", "focus area").
        message = gettext("No %(facet)s “%(value)s” is known.")
        raise UnknownValue(message % {"facet": str(facet.label).lower(), "value": slug[:60]})
    return Choice(facet, slug, name)


def public_case_studies():
    return CaseStudyPage.objects.live().public()


def latest_case_studies(choices=(), limit=FEED_LENGTH, language=None, *, fallback=False):
    """The newest live, public case studies in `language` (default English) matching every
    choice (they narrow, as in the library). With `fallback`, as the library lists them: in
    the language when translated, else in English."""
    language = language or default_language()
    if fallback:
        queryset = in_language(public_case_studies(), language)
    else:
        queryset = public_case_studies().filter(locale__language_code=language)
    for choice in choices:
        # A subquery, not a join: a case study with two focus areas must not come out twice.
        matching = CaseStudyPage.objects.filter(**{choice.facet.lookup: choice.slug}).values("pk")
        queryset = queryset.filter(pk__in=matching)
    pages = list(
        queryset.select_related("city__country")
        .prefetch_related(focus_areas_named_in(language))
        # A live page always has a first publication date, except pages created live by scripts.
        .order_by(F("first_published_at").desc(nulls_last=True), "-pk")[:limit]
    )
    return localize_foreign_key(pages, "city", select_related=["country"])


def describe(choices):
    """ "Case studies: Japan", "Case studies: Bangkok, Safety & Security", or "Case studies"."""
    if not choices:
        return gettext("Case studies")
    # Translators: names are the chosen countries, cities or focus areas: "Case studies: Bangkok, Safety & Security".
    return gettext("Case studies: %(names)s") % {"names": ", ".join(choice.name for choice in choices)}


def describe_in_words(choices):
    """ "case studies from Japan", "case studies led by Bangkok in Safety & Security".

    A noun phrase in the active language, for sentences such as "the newest {in_words}"."""
    if not choices:
        # Translators: a noun phrase, used in sentences such as "the newest case studies".
        return gettext("case studies")
    qualifiers = " ".join(str(choice.facet.phrase) % {"name": choice.name} for choice in choices)
    # Translators: qualifiers say which ones: "case studies led by Bangkok in Safety & Security".
    return gettext("case studies %(qualifiers)s") % {"qualifiers": qualifiers}


def single_choice_of_library(library):
    """The one country, city or focus area a library search is narrowed to, else None.

    The library page offers that facet's feed and widget; with none or several chosen
    there is no feed that shows the same thing, so it offers the feed of all case studies."""
    selected = [
        (FACET_BY_PARAM[facet.param], option)
        for facet in library.facets
        if facet.param in FACET_BY_PARAM
        for option in facet.selected
    ]
    if len(selected) != 1:
        return None
    facet, option = selected[0]
    return Choice(facet, option.value, option.label)
