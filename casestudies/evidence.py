"""A case study's evidence, as queries: its "Reviewed practice" label, its replication links
and the chain of practices they make across cities and countries.

Replication links are read by translation key. Each language's copy of a page has its own
copy of the links (wagtail-localize copies child rows), and a link's `source` usually names
the English page, so a link made in any language joins the two practices in every language,
and a link is counted once however many translations repeat it. Only links of live, public
pages count, and only live, public pages are shown, each in the reader's language when it
is translated there, else in English, else in the language it was written in.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import F, Q

from casestudies.models import CaseStudyPage, PracticeReview, Replication
from portal.locales import default_language
from portal.queries import private_q


class Link(NamedTuple):
    """`page` replicates (`relation`) or was adapted from `source`; translation keys."""

    page: object
    source: object
    relation: str


@dataclass
class Member:
    """One case study of a chain: the page shown, and the chain's other case studies it
    replicates or was adapted from (relation, page), each in the reader's language."""

    page: CaseStudyPage
    inspirations: list = field(default_factory=list)

    @property
    def is_origin(self):
        """Inspired by no other case study of the chain: where the practice started."""
        return not self.inspirations


class Spread(NamedTuple):
    """How far a practice has travelled: the distinct lead cities and countries of every case
    study in its chain (its own included), and the chain's members, oldest first."""

    cities: int
    countries: int
    members: list


def live_public_pages():
    return CaseStudyPage.objects.live().exclude(private_q())


def _links(queryset):
    """Links of live, public pages, once per pair of practices. Where translations disagree
    (one not yet updated), the default-language page's relation wins."""
    rows = (
        queryset.filter(
            page__in=live_public_pages().values("pk"),  # a draft's rows are not its published links
            source__translation_key__in=live_public_pages().values("translation_key"),
        )
        .annotate(
            page_key=F("page__translation_key"),
            source_key=F("source__translation_key"),
            language=F("page__locale__language_code"),
        )
        .values_list("page_key", "source_key", "relation", "language")
        .order_by()
    )
    default = default_language()
    found = {}
    for page_key, source_key, relation, language in rows:
        if page_key == source_key:
            continue
        if (page_key, source_key) not in found or language == default:
            found[(page_key, source_key)] = Link(page_key, source_key, relation)
    return list(found.values())


def links_of(translation_key):
    """The links from and to one practice (one query)."""
    touching = Q(page__translation_key=translation_key) | Q(source__translation_key=translation_key)
    return _links(Replication.objects.filter(touching))


def all_links():
    """Every link between live, public practices (one query: a small table, read whole)."""
    return _links(Replication.objects.all())


def pages_by_key(keys, *, locale_id=None, language=None):
    """{translation key: the live, public page to show}, in the given locale (or language)
    when translated there, else in English, else any; with its city and country (one query)."""
    if not keys:
        return {}
    default = default_language()
    candidates = (
        live_public_pages()
        .filter(translation_key__in=set(keys))
        .annotate(language_code=F("locale__language_code"))
        .select_related("city__country")
        .order_by("pk")
    )

    def rank(page):
        if page.locale_id == locale_id or page.language_code == language:
            return 0
        return 1 if page.language_code == default else 2

    chosen = {}
    for page in candidates:
        if page.translation_key not in chosen or rank(page) < rank(chosen[page.translation_key]):
            chosen[page.translation_key] = page
    return chosen


@dataclass
class Replications:
    """What a case-study page says about replication: the case studies it replicates or was
    adapted from, and those that replicate or adapted it, as (relation, page) pairs."""

    inspired_by: list
    inspired: list

    def __bool__(self):
        return bool(self.inspired_by or self.inspired)


def replications_of(page):
    """The page's direct replication links, the other pages in its language: one query, and one
    more when there is any link."""
    key = page.translation_key
    links = links_of(key)
    others = pages_by_key({link.source if link.page == key else link.page for link in links}, locale_id=page.locale_id)
    inspired_by = [(link.relation, others[link.source]) for link in links if link.page == key and link.source in others]
    inspired = [(link.relation, others[link.page]) for link in links if link.source == key and link.page in others]
    return Replications(inspired_by=_by_year(inspired_by), inspired=_by_year(inspired))


def _by_year(pairs):
    return sorted(pairs, key=lambda pair: (pair[1].start_year or 9999, pair[1].title))


def _components(links):
    """{translation key: the set of keys joined to it, both ways, transitively}. Cycles are
    harmless: each key is visited once."""
    neighbours = defaultdict(set)
    for link in links:
        neighbours[link.page].add(link.source)
        neighbours[link.source].add(link.page)
    component_of = {}
    for start in neighbours:
        if start in component_of:
            continue
        component, todo = {start}, [start]
        while todo:
            for other in neighbours[todo.pop()]:
                if other not in component:
                    component.add(other)
                    todo.append(other)
        for key in component:
            component_of[key] = component
    return component_of


def chain(page, *, language=None, links=None):
    """Every case study joined to `page` by replication links, in both directions and
    transitively, each with the chain's case studies it was inspired by; oldest first.
    `page` alone when it has no link. Two queries (the links, the pages)."""
    links = all_links() if links is None else links
    keys = _components(links).get(page.translation_key, {page.translation_key})
    pages = pages_by_key(keys, locale_id=None if language else page.locale_id, language=language)
    members = {key: Member(page=shown) for key, shown in pages.items()}
    for link in links:
        if link.page in members and link.source in members:
            members[link.page].inspirations.append((link.relation, members[link.source].page))
    return sorted(members.values(), key=lambda m: (m.page.start_year or 9999, m.page.title))


def spread(page, *, language=None):
    """(cities, countries, members) of the practice's chain: how many distinct lead cities and
    countries it has reached, its own included (1, 1, [itself] when it has no link)."""
    members = chain(page, language=language)
    cities = {m.page.city.translation_key for m in members if m.page.city_id}
    countries = {m.page.city.country_id for m in members if m.page.city_id}
    return Spread(len(cities), len(countries), members)


def review_of(page):
    """The page's "Reviewed practice" label (shared by every language), or None."""
    return PracticeReview.objects.filter(translation_key=page.translation_key).first()
