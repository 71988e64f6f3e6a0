import pytest
from django.core.cache import cache

from casestudies.factories import CaseStudyPageFactory
from cities.models import CityPage
from portal.tests.helpers import map_points, text

pytestmark = pytest.mark.django_db


def test_city_directory_lists_and_maps_all_cities(client):
    response = client.get("/cities/")
    content = text(response)
    for city in CityPage.objects.live():
        assert city.title in content
    points = map_points(response)
    assert len(points) == 27
    assert {p["name"] for p in points} == set(CityPage.objects.values_list("title", flat=True))
    aizu = next(p for p in points if p["name"] == "Aizuwakamatsu")
    assert (aizu["lat"], aizu["lng"], aizu["member"]) == (37.4947, 139.9298, False)


def test_city_page_shows_its_case_studies_and_a_map(client):
    city = CityPage.objects.get(slug="aizuwakamatsu")
    response = client.get("/cities/aizuwakamatsu/")
    content = text(response)
    assert city.summary in content and "Japan" in content
    for case_study in city.led_case_studies.live():
        assert case_study.title in content
    assert "4th ASEAN-Japan Smart Cities Network High Level Meeting" in content  # hosted event
    assert [p["name"] for p in map_points(response)] == ["Aizuwakamatsu"]


def test_city_page_works_for_a_city_with_no_case_studies(client):
    response = client.get("/cities/mandalay/")
    assert "Mandalay" in text(response)


def test_city_page_query_count_does_not_grow_with_case_studies(client, city_index, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    city = CityPage.objects.get(slug="vientiane")

    def queries():
        cache.clear()  # Wagtail's site root paths are cached: measure every request from cold
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(city.url).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(10):
        CaseStudyPageFactory(parent=city)
    few = queries()
    for _ in range(40):
        CaseStudyPageFactory(parent=city)
    assert queries() == few
    with django_assert_max_num_queries(few):
        client.get(city.url)


def test_country_codes_are_stored_upper_case():
    from cities.factories import CountryFactory

    assert CountryFactory(iso_code="zz", name="Zedland", slug="zedland").iso_code == "ZZ"
