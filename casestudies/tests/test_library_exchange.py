"""The library's part of the exchange (issue 10): partner searches and what they seek, the
"Reviewed practice" filter and badge, sorting by recently updated, the "last reviewed" line
and how many cities a practice has spread to."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.library import search_library
from casestudies.models import (
    CaseStudyPage,
    ContentReview,
    PartnerNeed,
    PracticeReview,
    Replication,
)
from cities.models import CityPage
from portal.tests.helpers import clear_demo_exchange, english, soup, text, translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_demo_exchange():
    clear_demo_exchange()  # each test sets up what it checks


LIBRARY = "/case-studies/"


def cards(response):
    """{title: card element} of the listed case studies."""
    return {
        card.select_one("h3 a").get_text(strip=True): card
        for card in soup(response).select("[data-testid=case-study-card]")
    }


def listed_titles(response):
    return [link.get_text(strip=True) for link in soup(response).select("[data-testid=case-study-card] h3 a")]


def facet_counts(response, param):
    return {
        box["value"]: int(box["data-count"]) for box in soup(response).select(f"input[type=checkbox][name={param}]")
    }


def seek(page, *needs, note="Co-funding for the next phase."):
    page.seeking_partners = True
    page.partnership_note = note
    page.partner_needs = list(PartnerNeed.objects.filter(slug__in=needs))  # saved with the page
    page.save()
    return page


def review(page, name="Secretariat reviewer"):
    return PracticeReview.objects.create(translation_key=page.translation_key, reviewer_name=name)


def replica(city_slug, source, relation=Replication.Relation.REPLICATES, **kwargs):
    page = CaseStudyPageFactory(parent=english(CityPage, city_slug), **kwargs)
    Replication.objects.create(page=page, source=source, relation=relation)
    return page


def live_titles_in(country):
    return set(
        CaseStudyPage.objects.live()
        .filter(locale__language_code="en", city__country__slug=country)
        .values_list("title", flat=True)
    )


def query(**params):
    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


# --- Partner searches (the base of /partners-wanted/) -------------------------------------------


def test_seeking_partners_lists_only_those_looking_with_a_need_facet():
    traffy = seek(english(CaseStudyPage, "traffy-fondue-bangkok"), "funding", "technology")
    cebu = seek(english(CaseStudyPage, "cebu-city-urban-mobility-study"), "funding", "peer-city")
    siem_reap = seek(english(CaseStudyPage, "siem-reap-public-transport-study"), "expertise")

    everything = search_library(query(), seeking_partners=True)
    assert {page.pk for page in everything.page.object_list} == {traffy.pk, cebu.pk, siem_reap.pk}
    assert everything.total == 3
    need = everything.facets[0]
    assert need.param == "need" and str(need.label) == "Looking for"
    options = {option.value: (option.label, option.count) for option in need.options}
    assert options == {
        "funding": ("Funding", 2),
        "technology": ("Technology", 1),
        "peer-city": ("A peer city", 1),
        "expertise": ("Expertise", 1),
    }
    assert [option.value for option in need.options] == list(
        PartnerNeed.objects.order_by("sort_order").values_list("slug", flat=True)
    )

    # Several needs OR together; the other facets narrow as in the library.
    either = search_library(query(need=["technology", "expertise"]), seeking_partners=True)
    assert {page.pk for page in either.page.object_list} == {traffy.pk, siem_reap.pk}
    in_thailand = search_library(query(need="funding", country="thailand"), seeking_partners=True)
    assert [page.pk for page in in_thailand.page.object_list] == [traffy.pk]
    counts = {o.value: o.count for o in in_thailand.facets[0].options}
    assert counts["funding"] == 1 and counts["technology"] == 1  # within Thailand


def test_the_library_itself_has_no_need_facet_and_ignores_unknown_needs(client):
    seek(english(CaseStudyPage, "traffy-fondue-bangkok"), "funding")
    response = client.get(LIBRARY, {"need": "funding"})
    assert not facet_counts(response, "need")
    assert len(listed_titles(response)) == 12  # not narrowed: the library does not filter on it
    bad = search_library(query(need="money"), seeking_partners=True)
    assert bad.total == 1 and any("money" in notice for notice in bad.notices)


def test_a_page_that_stops_seeking_leaves_the_partner_searches():
    traffy = seek(english(CaseStudyPage, "traffy-fondue-bangkok"), "funding")
    assert search_library(query(), seeking_partners=True).total == 1
    traffy.seeking_partners = False
    traffy.save()
    result = search_library(query(need="funding"), seeking_partners=True)
    assert result.total == 0
    assert [(o.value, o.count, o.selected) for o in result.facets[0].options] == [("funding", 0, True)]


# --- Reviewed practice -----------------------------------------------------------------------


def test_reviewed_practice_is_a_facet_with_its_count_a_filter_and_a_badge(client):
    reviewed = [english(CaseStudyPage, slug) for slug in ("traffy-fondue-bangkok", "qlue-crop-jakarta")]
    for page in reviewed:
        review(page)
    expected = set(
        CaseStudyPage.objects.live()
        .filter(locale__language_code="en", translation_key__in=PracticeReview.objects.values("translation_key"))
        .values_list("title", flat=True)
    )
    assert {page.title for page in reviewed} <= expected

    response = client.get(LIBRARY)
    assert facet_counts(response, "reviewed") == {"1": len(expected)}
    label = soup(response).select_one("input[name=reviewed]").find_next("label").get_text(" ", strip=True)
    assert label.startswith("Reviewed by the secretariat")
    badged = {title for title, card in cards(response).items() if card.select_one("[data-testid=card-reviewed]")}
    assert badged == expected & set(cards(response))

    only = client.get(LIBRARY, {"reviewed": "1"})
    assert set(listed_titles(only)) == expected
    assert f"{len(expected)} case stud" in text(only)
    chip = soup(only).select_one("a.chip").get_text(" ", strip=True)
    assert "Reviewed practice" in chip
    # Counted with the other facets applied.
    in_thailand = len([title for title in expected if title in live_titles_in("thailand")])
    assert facet_counts(client.get(LIBRARY, {"country": "thailand"}), "reviewed") == {"1": in_thailand}


def test_the_review_label_is_shared_by_every_language(client):
    traffy = english(CaseStudyPage, "traffy-fondue-bangkok")
    thai = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    review(traffy)
    response = client.get("/th/case-studies/", {"reviewed": "1"})
    assert listed_titles(response) == [thai.title]
    assert cards(response)[thai.title].select_one("[data-testid=card-reviewed]")


def test_a_bad_reviewed_value_is_ignored_with_a_notice(client):
    response = client.get(LIBRARY, {"reviewed": "yes"})
    assert "yes" in text(response) and "ignored" in text(response)
    assert len(listed_titles(response)) == 12


# --- Recently updated, last reviewed ---------------------------------------------------------


def test_sort_by_recently_updated(client):
    older = english(CaseStudyPage, "qlue-crop-jakarta")
    older.save_revision().publish()
    newest = english(CaseStudyPage, "smart-kampung-banyuwangi")
    newest.save_revision().publish()
    response = client.get(LIBRARY, {"sort": "updated"})
    expected = list(
        CaseStudyPage.objects.live()
        .filter(locale__language_code="en")
        .order_by("-last_published_at", "title", "pk")
        .values_list("title", flat=True)[:12]
    )
    assert listed_titles(response) == expected
    assert expected[:2] == [newest.title, older.title]
    selected = soup(response).select_one("#library-sort option[selected]")
    assert selected["value"] == "updated" and selected.get_text(strip=True) == "Recently updated"


def test_cards_say_when_the_case_study_was_last_reviewed(client):
    reviewed = english(CaseStudyPage, "traffy-fondue-bangkok")
    ContentReview.objects.create(
        translation_key=reviewed.translation_key,
        last_reviewed_at=datetime.datetime(2025, 3, 4, 9, 0, tzinfo=datetime.UTC),
    )
    published = english(CaseStudyPage, "qlue-crop-jakarta")
    response = client.get(LIBRARY, {"country": ["thailand", "indonesia"], "sort": "title"})
    shown = cards(response)
    line = shown[reviewed.title].select_one("[data-testid=card-last-reviewed]")
    assert line.get_text(" ", strip=True) == "Last reviewed 4 March 2025"
    assert line.select_one("time")["datetime"].startswith("2025-03-04")
    # Never reviewed: the date it was last published.
    fallback = shown[published.title].select_one("[data-testid=card-last-reviewed]").get_text(" ", strip=True)
    assert fallback == f"Last reviewed {timezone.localtime(published.last_published_at):%-d %B %Y}"


# --- How far a practice has spread ------------------------------------------------------------


@pytest.fixture
def spread(city_index):
    """Traffy Fondue (Bangkok) replicated or adapted in Da Nang (twice), Kuching (from its Thai
    translation) and Singapore (in Thai too); not counted: another Bangkok case study, a draft
    and a private one."""
    traffy = english(CaseStudyPage, "traffy-fondue-bangkok")
    thai_traffy = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    da_nang = replica("da-nang", traffy, title="Da Nang reports")
    replica("da-nang", traffy, Replication.Relation.ADAPTED_FROM, title="Da Nang again")
    replica("kuching", thai_traffy, Replication.Relation.ADAPTED_FROM, title="Kuching reports")
    singapore = replica("singapore", traffy, title="Singapore reports")
    translate(singapore, "สิงคโปร์")  # its Thai copy repeats the link: still one city
    replica("bangkok", traffy, title="Bangkok again")
    replica("phuket", traffy, title="Phuket draft", live=False)
    hidden = replica("phnom-penh", traffy, title="Phnom Penh private")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    return {"practice": traffy, "thai": thai_traffy, "da_nang": da_nang}


def test_cards_show_how_many_other_cities_a_practice_has_spread_to(client, spread):
    traffy = spread["practice"]
    response = client.get(LIBRARY, {"country": "thailand"})
    line = cards(response)[traffy.title].select_one("[data-testid=card-replications]")
    assert line.get_text(" ", strip=True) == "Replicated in 3 cities"  # Da Nang, Kuching, Singapore
    assert line.select_one("a")["href"] == f"/case-studies/{traffy.pk}/replications/"
    # The replicas themselves spread nowhere: no line.
    assert not cards(response)["Bangkok again"].select_one("[data-testid=card-replications]")

    thai = client.get("/th/case-studies/", {"country": "thailand"})
    thai_line = cards(thai)[spread["thai"].title].select_one("[data-testid=card-replications] a")
    assert thai_line["href"] == f"/th/case-studies/{spread['thai'].pk}/replications/"
    assert "3" in thai_line.get_text()


def test_one_city_is_said_in_the_singular(client, spread):
    Replication.objects.exclude(page=spread["da_nang"]).delete()
    response = client.get(LIBRARY, {"country": "thailand"})
    line = cards(response)[spread["practice"].title].select_one("[data-testid=card-replications]")
    assert line.get_text(" ", strip=True) == "Replicated in 1 city"


def test_replicated_filter(client, spread):
    response = client.get(LIBRARY, {"replicated": "1"})
    assert listed_titles(response) == [spread["practice"].title]
    assert facet_counts(client.get(LIBRARY), "replicated") == {"1": 1}


# --- Cost ---------------------------------------------------------------------------------------


def library_queries(client, params):
    cache.clear()  # Wagtail's site root paths are cached: measure every request from cold
    with CaptureQueriesContext(connection) as context:
        response = client.get(LIBRARY, params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{"country": "thailand"}, {"reviewed": "1", "sort": "updated"}])
def test_reviews_and_replications_cost_no_query_per_card(client, city_index, params):
    bangkok = english(CityPage, "bangkok")

    def add(n):
        practice = CaseStudyPageFactory(parent=bangkok, title=f"Practice {n}")
        review(practice)
        ContentReview.objects.create(translation_key=practice.translation_key)
        replica("da-nang", practice, title=f"Replica {n}")

    add(0)
    before = library_queries(client, params)
    for n in range(1, 9):
        add(n)
    after = library_queries(client, params)
    assert after == before
    shown = cards(client.get(LIBRARY, params))
    assert sum(1 for card in shown.values() if card.select_one("[data-testid=card-replications]")) >= 9
