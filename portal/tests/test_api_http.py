"""The API as HTTP: validators, caching, CORS, gzip, keys and throttles, the schema, and leaks."""

import gzip
import json

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.cache import cache
from openapi_spec_validator import validate
from rest_framework_api_key.models import APIKey
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cities.models import CityPage
from events.models import EventMaterial

pytestmark = pytest.mark.django_db

ENDPOINTS = ["case-studies", "cities", "countries", "events", "materials", "focus-areas"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # throttle counters and cached answers from other tests
    yield
    cache.clear()


def test_conditional_get_round_trip(client):
    first = client.get("/api/v1/case-studies/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=60"
    assert client.get("/api/v1/case-studies/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/api/v1/case-studies/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_cached_answers_change_when_a_page_is_published_changed_or_unpublished(client):
    page = CaseStudyPage.objects.get(slug="qlue-crop-jakarta")
    url = f"/api/v1/case-studies/{page.pk}/"
    before = client.get(url)
    assert before.json()["summary"] == page.summary

    page.summary = "Revised by Jakarta."
    page.save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert changed.status_code == 200 and changed.json()["summary"] == "Revised by Jakarta."
    listed = client.get("/api/v1/case-studies/", {"city": "dki-jakarta"}).json()["results"]
    assert listed[0]["summary"] == "Revised by Jakarta."

    page.unpublish()
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/case-studies/", {"city": "dki-jakarta"}).json()["count"] == 0


def test_cors_is_open_for_reads_and_responses_are_gzipped(client):
    response = client.get("/api/v1/cities/", HTTP_ORIGIN="https://partner.example", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["count"] == 27
    preflight = client.options(
        "/api/v1/cities/", HTTP_ORIGIN="https://partner.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert (
        "GET" in preflight["Access-Control-Allow-Methods"] and "POST" not in preflight["Access-Control-Allow-Methods"]
    )


def test_the_api_is_read_only(client):
    assert client.post("/api/v1/case-studies/", {}, content_type="application/json").status_code == 405
    assert client.delete("/api/v1/case-studies/1/").status_code == 405


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "partner": "10/minute"},
    }
    statuses = [client.get("/api/v1/countries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/countries/")
    assert int(limited["Retry-After"]) > 0
    assert "throttled" in limited.json()["detail"].lower()


def test_a_partner_key_raises_the_limit_and_a_bad_key_is_refused(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "partner": "6/minute"},
    }
    _, key = APIKey.objects.create_key(name="Thailand smart-city office")
    statuses = [client.get("/api/v1/countries/", HTTP_X_API_KEY=key).status_code for _ in range(6)]
    assert statuses == [200] * 6
    assert client.get("/api/v1/countries/", HTTP_X_API_KEY=key).status_code == 429
    wrong = client.get("/api/v1/countries/", HTTP_X_API_KEY="not.a-key")
    assert wrong.status_code == 401 and "not valid" in wrong.json()["detail"]


def test_a_revoked_key_is_refused(client):
    api_key, key = APIKey.objects.create_key(name="Old partner")
    assert client.get("/api/v1/countries/", HTTP_X_API_KEY=key).status_code == 200
    api_key.revoked = True
    api_key.save()
    assert client.get("/api/v1/countries/", HTTP_X_API_KEY=key).status_code == 401


def test_secretariat_creates_a_key_in_the_admin_and_sees_it_once(client, two_factor_login):
    two_factor_login(client, get_user_model().objects.get(username="secretariat"))
    response = client.post(
        "/admin/snippets/rest_framework_api_key/apikey/add/", {"name": "Viet Nam partner"}, follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    key = next(m for m in shown if "Viet Nam partner" in m).split(": ")[1].split(" ")[0]
    stored = APIKey.objects.get(name="Viet Nam partner")
    assert key.startswith(stored.prefix) and key not in stored.hashed_key  # only the hash is kept
    assert client.get("/api/v1/countries/", HTTP_X_API_KEY=key).status_code == 200
    assert key not in client.get(f"/admin/snippets/rest_framework_api_key/apikey/edit/{stored.pk}/").content.decode()


def test_city_editors_cannot_manage_keys(client):
    client.force_login(get_user_model().objects.get(username="da-nang-editor"))
    assert client.get("/admin/snippets/rest_framework_api_key/apikey/").status_code in (302, 403)


def test_schema_is_valid_openapi_3_and_documents_every_endpoint(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    for endpoint in ENDPOINTS:
        assert f"/api/v1/{endpoint}/" in schema["paths"]
    assert not [path for path in schema["paths"] if not path.startswith("/api/v1/")]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/case-studies/"]["get"]["parameters"]}
    assert {
        "country",
        "city",
        "focus_area",
        "sdg",
        "stage",
        "tag",
        "year_from",
        "year_to",
        "updated_since",
        "q",
        "locale",
        "ordering",
        "page",
        "page_size",
    } <= parameters
    assert "PartnerKey" in schema["components"]["securitySchemes"]


def test_docs_are_served_with_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def all_api_text(client):
    """Everything anonymous clients can read from the API, as one string."""
    chunks = []
    for endpoint in ENDPOINTS:
        data = client.get(f"/api/v1/{endpoint}/", {"page_size": 100}).json()
        items = data["results"] if isinstance(data, dict) else data
        chunks.append(json.dumps(data))
        for item in items:
            if endpoint in ("case-studies", "cities", "events"):
                chunks.append(client.get(item["api_url"].replace("http://testserver", "")).content.decode())
    return "\n".join(chunks)


def test_nothing_unpublished_private_or_delegates_only_ever_appears(client):
    city = CityPage.objects.get(slug="hanoi")
    CaseStudyPageFactory(parent=city, title="Secret draft project", live=False)
    private = CaseStudyPageFactory(parent=city, title="Private pilot project")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    in_review = CaseStudyPage.objects.get(slug="renewable-energy-aizuwakamatsu")
    assert in_review.workflow_in_progress and not in_review.live
    restricted = EventMaterial.objects.get(delegates_only=True)

    text = all_api_text(client)
    # (The page in review shares its title with a session of the 4th meeting: look for its slug.)
    for secret in [
        "Secret draft project",
        "Private pilot project",
        in_review.slug,
        f"/case-studies/{in_review.pk}/",
        restricted.title,
        restricted.document.file.name,
    ]:
        assert secret not in text, secret
    assert client.get(f"/api/v1/case-studies/{private.pk}/").status_code == 404
    assert client.get(f"/api/v1/case-studies/{in_review.pk}/").status_code == 404
    assert client.get("/api/v1/case-studies/", {"q": "Secret draft"}).json()["count"] == 0
    assert client.get(f"/api/v1/materials/{restricted.pk}/").status_code == 404
    counts = {area["slug"]: area["case_study_count"] for area in client.get("/api/v1/focus-areas/").json()}
    assert (
        counts["quality-environment"]
        == CaseStudyPage.objects.live().public().filter(focus_areas__slug="quality-environment").count()
    )


def count_queries(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the work, not a cached answer
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


def test_city_and_event_lists_query_count_does_not_grow(client, city_index, event_index):
    from cities.factories import CityPageFactory, CountryFactory
    from events.factories import EventPageFactory

    country = CountryFactory(name="Countland", iso_code="QC", slug="countland")
    for n in range(3):
        city = CityPageFactory(parent=city_index, country=country, title=f"Count city {n}")
        EventPageFactory(parent=event_index, country=country, host_city=city, title=f"Count event {n}")
    few_cities = count_queries(client, "/api/v1/cities/", {"country": "QC", "page_size": 100})
    few_events = count_queries(client, "/api/v1/events/", {"country": "QC", "page_size": 100})
    for n in range(3, 15):
        city = CityPageFactory(parent=city_index, country=country, title=f"Count city {n}")
        EventPageFactory(parent=event_index, country=country, host_city=city, title=f"Count event {n}")
    assert count_queries(client, "/api/v1/cities/", {"country": "QC", "page_size": 100}) == (few_cities[0], 15)
    assert count_queries(client, "/api/v1/events/", {"country": "QC", "page_size": 100}) == (few_events[0], 15)


def test_x_forwarded_for_does_not_escape_the_rate_limit(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "partner": "10/minute"},
    }
    statuses = [client.get("/api/v1/countries/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_cached_answers_keep_the_host_they_were_asked_for(client):
    first = client.get("/api/v1/focus-areas/", HTTP_HOST="localhost").json()
    second = client.get("/api/v1/focus-areas/", HTTP_HOST="127.0.0.1").json()
    assert first[0]["api_url"].startswith("http://localhost/")
    assert second[0]["api_url"].startswith("http://127.0.0.1/")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/case-studies/?page=²",
        "/api/v1/case-studies/?page_size=²",
        "/api/v1/case-studies/?updated_since=0001-01-01T00:00:00%2B05:00",
        "/api/v1/events/?starts_after=9999-12-31T23:00:00-05:00",
        "/api/v1/case-studies/%00/",
        "/api/v1/case-studies/traffy-fondue-bangkok/?locale=%00",
        "/api/v1/cities/¹/",
        "/embed/case-study/99999999999999999999999/",
        "/case-studies/?year=²",
        "/case-studies/?tag=%00",
    ],
)
def test_odd_input_never_gives_a_server_error(client, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_hidden_related_and_partner_pages_stay_hidden(client):
    from casestudies.models import RelatedCaseStudy

    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    hidden = CaseStudyPageFactory(parent=CityPage.objects.get(slug="hanoi"), title="Hidden related project")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    RelatedCaseStudy.objects.create(page=page, related_page=hidden)
    draft_city = CityPage.objects.get(slug="mandalay")
    page.partner_cities.add(draft_city)
    page.save()
    draft_city.unpublish()
    html = client.get(page.url).content.decode()
    api = client.get(f"/api/v1/case-studies/{page.pk}/").content.decode()
    for text in (html, api):
        assert "Hidden related project" not in text
        assert "/cities/mandalay/" not in text
