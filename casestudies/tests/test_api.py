import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, FocusArea
from cities.factories import CityPageFactory, CountryFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/case-studies/"


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def live(**filters):
    return set(CaseStudyPage.objects.live().filter(**filters).values_list("pk", flat=True))


def test_list_is_paged_ordered_and_complete(client):
    first = client.get(API, {"page_size": 5, "ordering": "title"}).json()
    assert first["count"] == len(live())
    seen = [item["id"] for item in first["results"]]
    url = first["next"]
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == len(live())  # nothing skipped, nothing twice
    titles = [CaseStudyPage.objects.get(pk=pk).title for pk in seen]
    assert titles == sorted(titles)


def test_detail_by_id_and_by_slug(client):
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    by_id = client.get(f"{API}{page.pk}/").json()
    assert by_id == client.get(f"{API}traffy-fondue-bangkok/").json()
    assert by_id["title"] == page.title
    assert by_id["url"] == "http://testserver/cities/bangkok/traffy-fondue-bangkok/"
    assert by_id["city"]["name"] == "Bangkok" and by_id["city"]["country"]["iso_code"] == "TH"
    assert by_id["city"]["api_url"].startswith("http://testserver/api/v1/cities/")
    assert {"label": "Share of complaints resolved", "value": "79", "unit": "%"} in by_id["key_figures"]
    assert [s["key"] for s in by_id["sections"]] == [key for key, _ in page.SECTIONS if getattr(page, key)]
    section = by_id["sections"][0]
    assert section["blocks"][0]["type"] == "paragraph" and section["blocks"][0]["value"]["html"].startswith("<p>")
    assert "<p>" in section["html"]
    assert by_id["translations"] == [
        {"locale": "en", "title": page.title, "url": by_id["url"], "api_url": f"http://testserver{API}{page.pk}/"}
    ]
    assert {o["name"] for o in by_id["partner_organisations"]} == set(
        page.partner_organisations.values_list("name", flat=True)
    )
    assert by_id["source"]["name"] == page.source_name
    assert by_id["related"] and all("api_url" in r for r in by_id["related"])


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({"country": "JP"}, {"city__country__iso_code": "JP"}),
        ({"country": "jp,th"}, {"city__country__iso_code__in": ["JP", "TH"]}),
        ({"city": "aizuwakamatsu"}, {"city__slug": "aizuwakamatsu"}),
        ({"focus_area": "health-well-being"}, {"focus_areas__slug": "health-well-being"}),
        ({"sdg": "3"}, {"sdgs__number": 3}),
        ({"stage": "idea"}, {"stage": "idea"}),
        ({"tag": "urban-os"}, {"tags__slug": "urban-os"}),
        ({"year_to": "2014"}, {"start_year__lte": 2014}),
        ({"locale": "en"}, {}),
    ],
)
def test_filters(client, params, filters):
    expected = live(**filters)
    assert ids(client.get(API, {**params, "page_size": 100})) == expected


def test_year_from_keeps_running_projects(client):
    expected = set(CaseStudyPage.objects.live().exclude(end_year__lt=2020).values_list("pk", flat=True))
    assert ids(client.get(API, {"year_from": 2020, "page_size": 100})) == expected


def test_full_text_search_and_relevance(client):
    drones = CaseStudyPage.objects.get(slug="aizuwakamatsu-drones-disaster-information")
    response = client.get(API, {"q": "drones", "ordering": "relevance"})
    assert drones.pk in ids(response)


def test_updated_since(client):
    page = CaseStudyPage.objects.get(slug="qlue-crop-jakarta")
    page.save_revision().publish()
    page.refresh_from_db()
    since = page.last_published_at.isoformat()
    assert ids(client.get(API, {"updated_since": since})) == {page.pk}


@pytest.mark.parametrize(
    ("params", "parameter", "hint"),
    [
        ({"country": "XX"}, "country", "Accepted: BN"),
        ({"city": "atlantis"}, "city", "Accepted:"),
        ({"focus_area": "space"}, "focus_area", "civic-social"),
        ({"sdg": "18"}, "sdg", "17"),
        ({"stage": "dreaming"}, "stage", "pilot"),
        ({"tag": "nonexistent-tag"}, "tag", "Accepted:"),
        ({"year_from": "last year"}, "year_from", "number"),
        ({"year_to": "1066"}, "year_to", "1900"),
        ({"updated_since": "yesterday"}, "updated_since", "date"),
        ({"locale": "xx"}, "locale", "en"),
        ({"ordering": "size"}, "ordering", "title"),
        ({"sdg": ""}, "sdg", "leave the parameter out"),
        ({"year_from": ""}, "year_from", "leave the parameter out"),
        ({"page": "abc"}, "page", "whole number"),
        ({"page": "0"}, "page", "whole number"),
        ({"page_size": "1000"}, "page_size", "100"),
        ({"page_size": "-1"}, "page_size", "100"),
        ({"q": "x" * 1000}, "q", "200"),
    ],
)
def test_bad_parameters_give_400_json_naming_the_parameter(client, params, parameter, hint):
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert parameter in body["errors"]
    assert hint.lower() in " ".join(body["errors"][parameter]).lower()


def test_page_past_the_end_is_404_json(client):
    response = client.get(API, {"page": 999})
    assert response.status_code == 404 and "past the last page" in response.json()["detail"]


def test_unknown_case_study_is_404_json(client):
    assert client.get(f"{API}does-not-exist/").json()["detail"]
    assert client.get(f"{API}999999/").status_code == 404


def test_list_query_count_does_not_grow_with_items(client, city_index):
    city = CityPageFactory(parent=city_index, country=CountryFactory(name="Apiland", iso_code="QA", slug="apiland"))
    areas = list(FocusArea.objects.in_default_language()[:2])

    def queries():
        cache.clear()  # measure the work, not a cached answer
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(API, {"country": "QA", "page_size": 100})
        return len(ctx.captured_queries), response.json()["count"]

    for _ in range(5):
        CaseStudyPageFactory(parent=city, focus_areas=areas)
    few, count = queries()
    assert count == 5
    for _ in range(25):
        CaseStudyPageFactory(parent=city, focus_areas=areas)
    many, count = queries()
    assert count == 30
    assert many == few


def test_unknown_api_addresses_answer_json_404(client):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["detail"]
    assert client.get("/api/v1/countries/abc/").json()["detail"]
