import pytest

from cities.models import CityPage, Country

pytestmark = pytest.mark.django_db


def test_cities_list_and_filters(client):
    everything = client.get("/api/v1/cities/", {"page_size": 100}).json()
    assert everything["count"] == 27
    names = [city["name"] for city in everything["results"]]
    assert names == sorted(names)  # by title by default
    japan = client.get("/api/v1/cities/", {"country": "JP"}).json()["results"]
    assert [c["name"] for c in japan] == ["Aizuwakamatsu"]
    members = client.get("/api/v1/cities/", {"is_ascn_member": "true", "page_size": 100}).json()
    assert members["count"] == 26


def test_city_detail_by_slug(client):
    city = CityPage.objects.get(slug="aizuwakamatsu")
    data = client.get("/api/v1/cities/aizuwakamatsu/").json()
    assert data["id"] == city.pk and data["name"] == "Aizuwakamatsu"
    assert (data["latitude"], data["longitude"]) == (37.4947, 139.9298)
    assert data["is_ascn_member"] is False and data["population"] is None
    assert len(data["case_studies"]) == city.led_case_studies.live().count()
    assert all(url.startswith("http://testserver/api/v1/case-studies/") for url in data["case_studies"])
    assert data["translations"][0]["locale"] == "en"


def test_countries(client):
    data = client.get("/api/v1/countries/").json()
    assert len(data) == Country.objects.count() == 11
    thailand = client.get("/api/v1/countries/th/").json()
    assert thailand["name"] == "Thailand" and thailand["city_count"] == 3
    assert thailand["case_study_count"] == CityPage.objects.get(slug="bangkok").led_case_studies.live().count()
    assert client.get("/api/v1/countries/XX/").status_code == 404


def test_bad_city_parameters(client):
    response = client.get("/api/v1/cities/", {"is_ascn_member": "perhaps"})
    assert response.status_code == 400 and "is_ascn_member" in response.json()["errors"]
