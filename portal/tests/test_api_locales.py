"""The API in several languages: `locale` on every list (strict: only the pages published in
that language), a 400 that lists the codes, translations in every detail, links to other
pages in the item's language, and caches and query counts that hold."""

import json

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cities.factories import CityPageFactory, CountryFactory
from cities.models import CityIndexPage, CityPage
from events.models import EventMaterial, EventPage
from portal.tests.helpers import english, translate

pytestmark = pytest.mark.django_db

API = "/api/v1"
CODES = "en, fil, id, ja, km, lo, ms, my, th, vi"
THAI_TRAFFY = "ทราฟฟี่ฟองดูว์ Traffy แจ้งปัญหาเมือง"


@pytest.fixture
def thai():
    """Bangkok, Traffy Fondue and the 4th ASEAN-Japan meeting (with its materials) in Thai."""
    return {
        "city": translate(english(CityPage, "bangkok"), "กรุงเทพมหานคร"),
        "case_study": translate(english(CaseStudyPage, "traffy-fondue-bangkok"), THAI_TRAFFY),
        "event": translate(english(EventPage, "asean-japan-hlm-4"), "การประชุมครั้งที่ 4"),
    }


def results(client, path, **params):
    response = client.get(f"{API}/{path}/", {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def locales_of(items):
    return {item["locale"] for item in items}


@pytest.mark.parametrize("path", ["case-studies", "cities", "events"])
def test_lists_are_english_by_default_and_one_language_with_locale(client, thai, path):
    default = results(client, path)
    assert locales_of(default) == {"en"}
    assert len(default) == len(results(client, path, locale="en"))
    thai_items = results(client, path, locale="th")
    assert locales_of(thai_items) == {"th"}
    page = {"case-studies": thai["case_study"], "cities": thai["city"], "events": thai["event"]}[path]
    assert page.pk in {item["id"] for item in thai_items}
    assert page.pk not in {item["id"] for item in default}
    both = results(client, path, locale="en,th")
    assert len(both) == len(default) + len(thai_items)


def test_thai_list_has_exactly_the_thai_pages(client, thai):
    assert [item["id"] for item in results(client, "case-studies", locale="th")] == [thai["case_study"].pk]
    item = results(client, "case-studies", locale="th")[0]
    assert item["title"] == THAI_TRAFFY
    assert item["url"] == "http://testserver/th/cities/bangkok/traffy-fondue-bangkok/"
    assert item["city"]["name"] == "กรุงเทพมหานคร"
    assert item["city"]["url"] == "http://testserver/th/cities/bangkok/"
    # A page saved as a draft translation is not published in Thai.
    translate(english(CaseStudyPage, "singapore-oneservice"), "ร่าง", publish=False)
    assert len(results(client, "case-studies", locale="th")) == 1


@pytest.mark.parametrize(
    "url",
    [
        "case-studies/",
        "cities/",
        "events/",
        "materials/",
        "countries/",
        "focus-areas/",
        "countries/TH/",
        "focus-areas/civic-social/",
        "case-studies/traffy-fondue-bangkok/",
        "cities/bangkok/",
    ],
)
def test_an_unknown_locale_is_a_400_listing_the_codes(client, url):
    response = client.get(f"{API}/{url}", {"locale": "xx"})
    assert response.status_code == 400, response.content
    body = response.json()
    assert "locale" in body["errors"]
    assert CODES in " ".join(body["errors"]["locale"])
    assert client.get(f"{API}/{url}", {"locale": ""}).status_code == 400


def test_detail_lists_its_live_translations(client, thai):
    source = english(CaseStudyPage, "traffy-fondue-bangkok")
    translate(source, "下書き", language="ja", publish=False)  # a draft: not listed
    detail = client.get(f"{API}/case-studies/{source.pk}/").json()
    expected = [
        {
            "locale": "en",
            "title": source.title,
            "url": "http://testserver/cities/bangkok/traffy-fondue-bangkok/",
            "api_url": f"http://testserver{API}/case-studies/{source.pk}/",
        },
        {
            "locale": "th",
            "title": THAI_TRAFFY,
            "url": "http://testserver/th/cities/bangkok/traffy-fondue-bangkok/",
            "api_url": f"http://testserver{API}/case-studies/{thai['case_study'].pk}/",
        },
    ]
    assert detail["translations"] == expected
    thai_detail = client.get(f"{API}/case-studies/traffy-fondue-bangkok/", {"locale": "th"}).json()
    assert thai_detail["id"] == thai["case_study"].pk and thai_detail["translations"] == expected
    for path, page in [("cities", thai["city"]), ("events", thai["event"])]:
        translations = {t["locale"]: t for t in client.get(f"{API}/{path}/{page.pk}/").json()["translations"]}
        assert translations["th"]["api_url"] == f"http://testserver{API}/{path}/{page.pk}/"
        assert translations["th"]["title"] == page.title
        assert translations["en"]["title"] == page.get_translation(Locale.get_default()).title


def test_links_to_other_pages_are_in_the_items_language(client, thai):
    source = english(CaseStudyPage, "smart-city-aizuwakamatsu")
    source.partner_cities.add(english(CityPage, "bangkok"), english(CityPage, "hanoi"))
    source.save_revision().publish()
    thai_source = translate(english(CaseStudyPage, "smart-city-aizuwakamatsu"), "ไอซุวากามัตสึ")
    detail = client.get(f"{API}/case-studies/{thai_source.pk}/").json()
    partners = {city["slug"]: city for city in detail["partner_cities"]}
    assert partners["bangkok"]["name"] == "กรุงเทพมหานคร"
    assert partners["bangkok"]["url"] == "http://testserver/th/cities/bangkok/"
    assert partners["hanoi"]["url"] == "http://testserver/cities/hanoi/"  # not translated: English
    english_detail = client.get(f"{API}/case-studies/{source.pk}/").json()
    assert {city["url"] for city in english_detail["partner_cities"]} == {
        "http://testserver/cities/bangkok/",
        "http://testserver/cities/hanoi/",
    }

    events = results(client, "events", locale="th")
    assert [event["id"] for event in events] == [thai["event"].pk]
    assert events[0]["host_city"]["url"] == "http://testserver/th/cities/aizuwakamatsu/"  # the alias in Thai
    assert results(client, "events")[0]["host_city"] is None or all(
        "/th/" not in (event["host_city"] or {}).get("url", "") for event in results(client, "events")
    )


def test_search_looks_in_the_requested_language(client, thai):
    def found(**params):
        return {item["id"] for item in results(client, "case-studies", q="Traffy", **params)}

    source = english(CaseStudyPage, "traffy-fondue-bangkok")
    assert source.pk in found() and thai["case_study"].pk not in found()
    assert found(locale="th") == {thai["case_study"].pk}
    assert found(locale="en,th") >= {source.pk, thai["case_study"].pk}
    # A Thai word inside a run of Thai script (no spaces): broken into words as Thai is.
    thai_word = {item["id"] for item in results(client, "case-studies", q="ปัญหา", locale="th")}
    assert thai_word == {thai["case_study"].pk}


def test_cache_keeps_languages_apart(client, thai):
    cache.clear()
    english_ids = [item["id"] for item in results(client, "case-studies")]
    thai_ids = [item["id"] for item in results(client, "case-studies", locale="th")]
    assert thai_ids == [thai["case_study"].pk] and thai["case_study"].pk not in english_ids
    assert [item["id"] for item in results(client, "case-studies")] == english_ids  # from the cache
    by_slug = client.get(f"{API}/cities/bangkok/").json()["id"]
    assert client.get(f"{API}/cities/bangkok/", {"locale": "th"}).json()["id"] == thai["city"].pk != by_slug


def test_countries_and_focus_areas_count_in_one_language(client, thai):
    thailand = client.get(f"{API}/countries/TH/").json()
    thailand_in_thai = client.get(f"{API}/countries/TH/", {"locale": "th"}).json()
    assert thailand["name"] == thailand_in_thai["name"] == "Thailand"  # names are not translated
    assert thailand_in_thai["case_study_count"] == 1 and thailand_in_thai["city_count"] == 1
    assert (
        thailand["case_study_count"]
        == CaseStudyPage.objects.live().filter(locale__language_code="en", city__country__iso_code="TH").count()
    )
    areas = {area["slug"]: area["case_study_count"] for area in client.get(f"{API}/focus-areas/?locale=th").json()}
    assert areas["civic-social"] == areas["safety-security"] == 1 and areas["health-well-being"] == 0


def test_materials_follow_their_events_language(client, thai):
    event = thai["event"]
    thai_materials = EventMaterial.objects.filter(page=event, delegates_only=False)
    assert thai_materials.exists()  # the translation has its own copy of the list
    default = results(client, "materials")
    assert event.pk not in {m["event"]["id"] for m in default}
    listed = results(client, "materials", locale="th")
    assert {m["id"] for m in listed} == set(thai_materials.values_list("pk", flat=True))
    assert {m["id"] for m in results(client, "materials", event=event.pk)} == {m["id"] for m in listed}
    one = thai_materials.first()
    assert client.get(f"{API}/materials/{one.pk}/").json()["event"]["id"] == event.pk


def test_schema_documents_locale_everywhere(client):
    schema = yaml.safe_load(client.get(f"{API}/schema/").content)
    for path in ["case-studies", "cities", "events", "materials", "countries", "focus-areas"]:
        details = [p for p in schema["paths"] if p.startswith(f"/api/v1/{path}/{{")] if path != "materials" else []
        for address in [f"/api/v1/{path}/", *details]:
            parameters = {p["name"]: p for p in schema["paths"][address]["get"]["parameters"]}
            assert "locale" in parameters, address
            described = json.dumps(parameters["locale"]["schema"])
            assert '"th"' in described and '"en"' in described, address


def test_thai_list_query_count_does_not_grow(client):
    index = CityIndexPage.objects.get(locale__language_code="en")
    city = CityPageFactory(parent=index, country=CountryFactory(name="Apiland", iso_code="QA", slug="apiland"))

    def queries(path):
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"{API}/{path}/", {"locale": "th", "page_size": 100})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    def add(count):
        for _ in range(count):
            translate(CaseStudyPageFactory(parent=city), "กรณีศึกษา")

    add(3)
    few, count = queries("case-studies")
    assert count == 3
    add(9)
    many, count = queries("case-studies")
    assert count == 12 and many == few
    # Events with host cities: each one's host city is found in Thai in the same query.
    translate(english(EventPage, "asean-japan-hlm-4"), "งานที่ 4")
    few_events, count = queries("events")
    assert count == 1
    translate(english(EventPage, "ascn-launch-2018"), "งานเปิดตัว")
    translate(english(EventPage, "ascn-annual-meeting-2019"), "งานประจำปี 2019")
    assert queries("events") == (few_events, 3)
