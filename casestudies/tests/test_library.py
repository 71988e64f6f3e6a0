import pytest
from django.core.cache import cache
from django.test import override_settings

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, FocusArea
from cities.factories import CityPageFactory, CountryFactory
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

LIBRARY = "/case-studies/"


def listed_titles(response):
    return [link.get_text(strip=True) for link in soup(response).select("[data-testid=case-study-card] h3 a")]


def live_titles(**filters):
    return set(CaseStudyPage.objects.live().filter(**filters).values_list("title", flat=True))


def facet_counts(response, param):
    """{value: count} of one facet's checkboxes, read from data attributes."""
    return {
        box["value"]: int(box["data-count"]) for box in soup(response).select(f"input[type=checkbox][name={param}]")
    }


def test_library_lists_the_demo_case_studies_across_countries(client):
    response = client.get(LIBRARY, {"sort": "title"})
    page_text = text(response)
    total = CaseStudyPage.objects.live().count()
    assert total >= 12
    assert f"{total} case studies" in page_text
    countries = facet_counts(response, "country")
    assert len(countries) >= 8
    assert sum(countries.values()) == total  # each case study has exactly one lead city
    assert len(listed_titles(response)) == 12  # first page
    assert listed_titles(response) == sorted(listed_titles(response), key=str.lower)


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({"country": "thailand"}, {"city__country__slug": "thailand"}),
        ({"country": "japan"}, {"city__country__slug": "japan"}),
        ({"city": "aizuwakamatsu"}, {"city__slug": "aizuwakamatsu"}),
        ({"focus_area": "health-well-being"}, {"focus_areas__slug": "health-well-being"}),
        ({"sdg": "3"}, {"sdgs__number": 3}),
        ({"stage": "idea"}, {"stage": "idea"}),
        ({"year": "2019"}, {"start_year": 2019}),
    ],
)
def test_each_facet_narrows_the_results(client, params, filters):
    expected = live_titles(**filters)
    assert expected, "the demo content should have a case study for this facet"
    response = client.get(LIBRARY, params)
    assert set(listed_titles(response)) == expected
    assert f"{len(expected)} case stud" in text(response)


def test_facets_combine_and_values_of_one_facet_or_together(client):
    both = client.get(LIBRARY, {"country": "japan", "focus_area": "safety-security"})
    assert set(listed_titles(both)) == live_titles(city__country__slug="japan", focus_areas__slug="safety-security")
    either = client.get(f"{LIBRARY}?country=japan&country=indonesia")
    assert set(listed_titles(either)) == live_titles(city__country__slug__in=["japan", "indonesia"])


def test_facet_counts_apply_the_other_facets(client):
    response = client.get(LIBRARY, {"country": "japan"})
    # Counts of the focus-area facet are within Japan…
    japan_focus = facet_counts(response, "focus_area")
    for slug, count in japan_focus.items():
        assert count == CaseStudyPage.objects.live().filter(city__country__slug="japan", focus_areas__slug=slug).count()
    # …while the country facet still offers every country, with its own count.
    assert facet_counts(response, "country")["indonesia"] == len(live_titles(city__country__slug="indonesia"))


def test_full_text_search_in_the_library(client):
    response = client.get(LIBRARY, {"q": "drones"})
    titles = listed_titles(response)
    assert CaseStudyPage.objects.get(slug="aizuwakamatsu-drones-disaster-information").title in titles
    assert CaseStudyPage.objects.get(slug="traffy-fondue-bangkok").title not in titles
    combined = client.get(LIBRARY, {"q": "LINE", "country": "japan"})
    assert "Traffy Fondue" not in " ".join(listed_titles(combined))


def test_tag_links_filter_the_library(client):
    page = CaseStudyPage.objects.get(slug="smart-city-aizuwakamatsu")
    tag = page.tags.first()
    response = client.get(LIBRARY, {"tag": tag.slug})
    assert page.title in listed_titles(response)
    assert set(listed_titles(response)) == live_titles(tags__slug=tag.slug)


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"country": "atlantis"}, "atlantis"),
        ({"focus_area": "<script>alert(1)</script>"}, "ignored"),
        ({"sdg": "99"}, "99"),
        ({"year": "twenty-twenty"}, "not a year"),
        ({"year": "1e9"}, "not a year"),
        ({"page": "999"}, "no page"),
        ({"page": "abc"}, "no page"),
        ({"q": "smart " * 200}, "shortened"),
        ({"sort": "sideways"}, None),
    ],
)
def test_bad_input_gives_a_sensible_page(client, params, notice):
    response = client.get(LIBRARY, params)
    assert response.status_code == 200
    if notice:
        assert notice in text(response).lower()
    assert b"<script>alert(1)</script>" not in response.content


def test_a_page_past_the_end_shows_the_last_page(client):
    response = client.get(LIBRARY, {"page": "999", "sort": "title"})
    titles = sorted(live_titles(), key=str.lower)
    assert listed_titles(response) == titles[12:]


@override_settings(LIBRARY_PAGE_SIZE=100)
def test_library_query_count_does_not_grow_with_case_studies(client, city_index, django_assert_num_queries):
    city = CityPageFactory(parent=city_index, country=CountryFactory(name="Querystan", iso_code="QQ", slug="querystan"))
    areas = list(FocusArea.objects.in_default_language()[:2])

    def add(n):
        for _ in range(n):
            CaseStudyPageFactory(parent=city, focus_areas=areas)

    def queries_for_listing():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()  # Wagtail's site root paths are cached: measure every request from cold
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LIBRARY, {"country": "querystan"})
        return len(ctx.captured_queries), len(listed_titles(response))

    add(10)
    few, listed = queries_for_listing()
    assert listed == 10
    add(40)
    many, listed = queries_for_listing()
    assert listed == 50
    assert many == few
    cache.clear()
    with django_assert_num_queries(few):
        client.get(LIBRARY, {"country": "querystan"})


def test_each_active_filter_can_be_removed_on_its_own(client):
    response = client.get(f"{LIBRARY}?country=japan&country=thailand&stage=operational&page=2")
    chips = {a.get_text(" ", strip=True): a["href"] for a in soup(response).select("a.chip")}
    japan = next(href for label, href in chips.items() if "Japan" in label)
    assert japan == "?country=thailand&stage=operational"
    after = client.get(LIBRARY + japan)
    assert set(listed_titles(after)) == live_titles(city__country__slug="thailand", stage="operational")
