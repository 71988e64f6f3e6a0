"""The API's part of the exchange (issue 10): partnership, structured results, replication
links, the "Reviewed practice" label and the last review; their filters; and the contact's
e-mail address, which no response carries."""

import datetime
import json
from decimal import Decimal

import pytest
import yaml
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, ContentReview, PartnerNeed, PracticeReview, Replication, ResultIndicator
from cities.models import CityPage
from portal.tests.helpers import clear_demo_exchange, english, translate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def without_demo_exchange():
    clear_demo_exchange()  # each test sets up what it checks


API = "/api/v1/case-studies/"
SECRET_ADDRESS = "private-team@traffy.example"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the rows these tests add write no log entry: no cached answer may hide them
    yield
    cache.clear()


def ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def live(**filters):
    return set(CaseStudyPage.objects.live().filter(locale__language_code="en", **filters).values_list("pk", flat=True))


def detail(client, page, **params):
    response = client.get(f"{API}{page.pk}/", params)
    assert response.status_code == 200, response.content
    return response.json()


def item(client, page):
    return next(entry for entry in client.get(API, {"page_size": 100}).json()["results"] if entry["id"] == page.pk)


def seek(page, *needs, note="Co-funding for the next phase."):
    page.seeking_partners = True
    page.partnership_note = note
    page.partner_needs = list(PartnerNeed.objects.filter(slug__in=needs))  # saved with the page
    page.save()
    return page


def replica(city_slug, source, relation=Replication.Relation.REPLICATES, **kwargs):
    page = CaseStudyPageFactory(parent=english(CityPage, city_slug), **kwargs)
    Replication.objects.create(page=page, source=source, relation=relation)
    return page


@pytest.fixture
def traffy():
    return english(CaseStudyPage, "traffy-fondue-bangkok")


# --- Partnership ----------------------------------------------------------------------------------


def test_partnership_in_the_list_and_the_detail(client, traffy):
    seek(traffy, "funding", "peer-city", note="A city to pilot the reporting app with.")
    expected = {
        "seeking": True,
        "needs": [{"slug": "funding", "name": "Funding"}, {"slug": "peer-city", "name": "A peer city"}],
        "note": "A city to pilot the reporting app with.",
    }
    assert item(client, traffy)["partnership"] == expected
    assert detail(client, traffy)["partnership"] == expected
    other = english(CaseStudyPage, "qlue-crop-jakarta")
    assert item(client, other)["partnership"] == {"seeking": False, "needs": [], "note": ""}


def test_needs_left_on_a_page_no_longer_seeking_are_not_published(client, traffy):
    seek(traffy, "funding")
    traffy.seeking_partners = False
    traffy.save()
    assert detail(client, traffy)["partnership"] == {"seeking": False, "needs": [], "note": ""}
    assert traffy.pk not in ids(client.get(API, {"partner_need": "funding"}))


def test_partner_filters(client, traffy):
    seek(traffy, "funding", "technology")
    cebu = seek(english(CaseStudyPage, "cebu-city-urban-mobility-study"), "expertise")
    assert ids(client.get(API, {"seeking_partners": "true"})) == {traffy.pk, cebu.pk}
    assert ids(client.get(API, {"seeking_partners": "false", "page_size": 100})) == live() - {traffy.pk, cebu.pk}
    assert ids(client.get(API, {"partner_need": "technology"})) == {traffy.pk}
    assert ids(client.get(API, {"partner_need": "technology,expertise"})) == {traffy.pk, cebu.pk}
    assert ids(client.get(f"{API}?partner_need=funding&partner_need=expertise")) == {traffy.pk, cebu.pk}
    assert ids(client.get(API, {"partner_need": "peer-city"})) == set()
    assert ids(client.get(API, {"partner_need": "FUNDING", "country": "TH"})) == {traffy.pk}


# --- Reviewed practice, last reviewed ---------------------------------------------------------------


def test_reviewed_practice_and_last_reviewed(client, traffy):
    reviewed_at = datetime.datetime(2025, 5, 6, 7, 8, tzinfo=datetime.UTC)
    PracticeReview.objects.create(
        translation_key=traffy.translation_key, reviewed_at=reviewed_at, reviewer_name="A. Tan"
    )
    confirmed = datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC)
    ContentReview.objects.create(translation_key=traffy.translation_key, last_reviewed_at=confirmed)
    label = {"reviewed_at": "2025-05-06T07:08:00Z", "reviewer": "A. Tan"}
    for shown in (item(client, traffy), detail(client, traffy)):
        assert shown["reviewed_practice"] == label
        assert shown["last_reviewed"] == "2025-09-01T00:00:00Z"

    # Shared by every language; never reviewed: null, and the last publication instead.
    thai = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    assert detail(client, thai)["reviewed_practice"] == label
    other = english(CaseStudyPage, "qlue-crop-jakarta")
    shown = detail(client, other)
    assert shown["reviewed_practice"] is None
    assert shown["last_reviewed"] == other.last_published_at.isoformat().replace("+00:00", "Z")


def test_reviewed_filter(client, traffy):
    PracticeReview.objects.create(translation_key=traffy.translation_key, reviewer_name="A. Tan")
    reviewed = live(translation_key__in=PracticeReview.objects.values("translation_key"))
    assert traffy.pk in reviewed
    assert ids(client.get(API, {"reviewed": "true", "page_size": 100})) == reviewed
    assert ids(client.get(API, {"reviewed": "false", "page_size": 100})) == live() - reviewed
    thai = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    assert ids(client.get(API, {"reviewed": "true", "locale": "th"})) == {thai.pk}


# --- Results in figures -------------------------------------------------------------------------------


def test_results_are_structured_and_in_the_pages_language(client, traffy):
    ResultIndicator.objects.create(
        page=traffy,
        locale=traffy.locale,
        indicator="Complaints resolved",
        unit="%",
        baseline_value=Decimal("12.5"),
        baseline_year=2021,
        target_value=Decimal("80"),
        target_year=2025,
        latest_value=Decimal("79"),
        latest_year=2024,
        source="City of Bangkok",
        source_url="https://bangkok.example/report",
        sort_order=0,
    )
    ResultIndicator.objects.create(page=traffy, locale=traffy.locale, indicator="Reports a day", sort_order=1)
    assert detail(client, traffy)["results"] == [
        {
            "indicator": "Complaints resolved",
            "unit": "%",
            "baseline": {"value": "12.5", "year": 2021},
            "target": {"value": "80", "year": 2025},
            "latest": {"value": "79", "year": 2024},
            "source": {"name": "City of Bangkok", "url": "https://bangkok.example/report"},
        },
        {
            "indicator": "Reports a day",
            "unit": "",
            "baseline": {"value": None, "year": None},
            "target": {"value": None, "year": None},
            "latest": {"value": None, "year": None},
            "source": {"name": "", "url": ""},
        },
    ]
    thai = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    thai_rows = ResultIndicator.objects.filter(page=thai).order_by("sort_order")
    assert thai_rows.count() == 2  # copied with the page, in Thai
    thai_rows.filter(sort_order=0).update(indicator="เรื่องร้องเรียนที่แก้ไขแล้ว")
    assert [row["indicator"] for row in detail(client, thai)["results"]] == ["เรื่องร้องเรียนที่แก้ไขแล้ว", "Reports a day"]
    assert "results" not in item(client, traffy)  # the detail's, not the list's


# --- Replication -------------------------------------------------------------------------------------------


def test_replication_links_both_ways(client, traffy):
    da_nang = replica("da-nang", traffy, title="Da Nang reports")
    kuching = replica("kuching", traffy, Replication.Relation.ADAPTED_FROM, title="Kuching reports")
    replica("phuket", traffy, title="Phuket draft", live=False)

    by = detail(client, traffy)["replicated_by"]
    assert {(link["relation"], link["id"], link["title"]) for link in by} == {
        ("replicates", da_nang.pk, "Da Nang reports"),
        ("adapted_from", kuching.pk, "Kuching reports"),
    }
    first = next(link for link in by if link["id"] == da_nang.pk)
    assert first["url"] == f"http://testserver{da_nang.url}"
    assert first["api_url"] == f"http://testserver{API}{da_nang.pk}/"
    assert first["city"]["name"] == "Da Nang" and first["city"]["country"]["iso_code"] == "VN"
    assert detail(client, traffy)["replicates"] == []

    replicates = detail(client, da_nang)["replicates"]
    assert [(link["relation"], link["id"]) for link in replicates] == [("replicates", traffy.pk)]
    assert replicates[0]["city"]["name"] == "Bangkok"
    assert "replicates" not in item(client, traffy)


def test_a_thai_detail_links_to_thai_pages_when_there_are_some(client, traffy):
    da_nang = replica("da-nang", traffy, title="Da Nang reports")
    thai_traffy = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    thai_da_nang = translate(da_nang, "ดานัง")
    links = detail(client, thai_da_nang)["replicates"]
    assert [(link["id"], link["title"]) for link in links] == [(thai_traffy.pk, "ทราฟฟี่ ฟองดูว์")]
    assert links[0]["url"].startswith("http://testserver/th/")


# --- Contact -------------------------------------------------------------------------------------------------


def test_the_contacts_address_is_in_no_response(client, traffy):
    traffy.contact_name = "Traffy team"
    traffy.contact_email = SECRET_ADDRESS
    traffy.contact_website = "https://traffy.example"
    traffy.save()
    thai = translate(traffy, "ทราฟฟี่ ฟองดูว์")
    shown = detail(client, traffy)
    assert shown["contact"] == {"name": "Traffy team", "website": "https://traffy.example"}
    assert shown["contact_form_url"] == f"http://testserver/case-studies/{traffy.pk}/contact/"
    assert detail(client, thai)["contact_form_url"] == f"http://testserver/th/case-studies/{thai.pk}/contact/"

    addresses = set(CaseStudyPage.objects.exclude(contact_email="").values_list("contact_email", flat=True))
    assert SECRET_ADDRESS in addresses
    responses = [client.get(API, {"page_size": 100, "locale": "en,th"}).content.decode()]
    for entry in json.loads(responses[0])["results"]:
        responses.append(client.get(entry["api_url"].replace("http://testserver", "")).content.decode())
    responses.append(client.get(f"{API}traffy-fondue-bangkok/", {"locale": "th"}).content.decode())
    everything = "\n".join(responses)
    assert "Traffy team" in everything
    for address in addresses:
        assert address not in everything, address
    assert '"email"' not in everything


# --- Bad values, schema, cost ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "parameter", "hint"),
    [
        ({"seeking_partners": "yes"}, "seeking_partners", "true"),
        ({"seeking_partners": ""}, "seeking_partners", "leave the parameter out"),
        ({"partner_need": "money"}, "partner_need", "Accepted: expertise, funding, peer-city, technology"),
        ({"partner_need": ","}, "partner_need", "at least one value"),
        ({"reviewed": "1"}, "reviewed", "true"),
        ({"reviewed": ""}, "reviewed", "leave the parameter out"),
        ({"ordering": "reviewed"}, "ordering", "updated"),
    ],
)
def test_bad_values_are_400_naming_the_parameter(client, params, parameter, hint):
    response = client.get(API, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert parameter in errors
    assert hint.lower() in " ".join(errors[parameter]).lower()


def test_ordering_by_recently_updated(client):
    newest = english(CaseStudyPage, "qlue-crop-jakarta")
    newest.save_revision().publish()
    results = client.get(API, {"ordering": "-updated", "page_size": 100}).json()["results"]
    assert results[0]["id"] == newest.pk
    times = [entry["last_updated"] for entry in results]
    assert times == sorted(times, reverse=True)


def test_the_schema_describes_the_new_fields_and_filters(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/").content)
    validate(schema)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/case-studies/"]["get"]["parameters"]}
    assert set(parameters["seeking_partners"]["schema"]["enum"]) == {"true", "false"}
    assert set(parameters["reviewed"]["schema"]["enum"]) == {"true", "false"}
    assert set(parameters["partner_need"]["schema"]["items"]["enum"]) == set(
        PartnerNeed.objects.values_list("slug", flat=True)
    )
    components = schema["components"]["schemas"]
    assert {"partnership", "reviewed_practice", "last_reviewed"} <= set(components["CaseStudyList"]["properties"])
    detail_fields = set(components["CaseStudyDetail"]["properties"])
    assert {"results", "replicates", "replicated_by", "contact_form_url"} <= detail_fields
    assert set(components["CaseStudyContact"]["properties"]) == {"name", "website"}
    assert "email" not in json.dumps(components["CaseStudyDetail"])


def count_queries(client, url, params=None):
    cache.clear()  # the work, not a cached answer
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def test_list_and_detail_cost_the_same_however_many_links_needs_and_results(client, traffy):
    bangkok = english(CityPage, "bangkok")
    seek(traffy, "funding")
    ResultIndicator.objects.create(page=traffy, locale=traffy.locale, indicator="One", sort_order=0)
    replica("da-nang", traffy, title="Da Nang reports")
    PracticeReview.objects.create(translation_key=traffy.translation_key, reviewer_name="A. Tan")
    list_params = {"country": "TH", "page_size": 100}
    few_list, few_detail = count_queries(client, API, list_params), count_queries(client, f"{API}{traffy.pk}/")
    for n in range(6):
        page = seek(CaseStudyPageFactory(parent=bangkok, title=f"Practice {n}"), "funding", "technology", "expertise")
        PracticeReview.objects.create(translation_key=page.translation_key, reviewer_name="A. Tan")
        ResultIndicator.objects.create(page=traffy, locale=traffy.locale, indicator=f"More {n}", sort_order=n + 1)
        replica("kuching", traffy, title=f"Kuching {n}")
        replica("singapore", page, title=f"Singapore {n}")
        Replication.objects.create(page=traffy, source=page)
    assert count_queries(client, API, list_params) == few_list
    assert count_queries(client, f"{API}{traffy.pk}/") == few_detail
    shown = detail(client, traffy)
    assert len(shown["results"]) == 7 and len(shown["replicated_by"]) == 7 and len(shown["replicates"]) == 6
