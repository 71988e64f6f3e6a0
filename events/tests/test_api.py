import pytest

from events.models import EventMaterial, EventPage

pytestmark = pytest.mark.django_db


def test_events_newest_first_with_filters(client):
    data = client.get("/api/v1/events/", {"page_size": 100}).json()
    assert data["count"] == EventPage.objects.live().count() == 10
    starts = [event["start"] for event in data["results"]]
    assert starts == sorted(starts, reverse=True)
    japan = client.get("/api/v1/events/", {"country": "JP", "page_size": 100}).json()
    assert japan["count"] == EventPage.objects.live().filter(country__iso_code="JP").count()
    online = client.get("/api/v1/events/", {"format": "online"}).json()["results"]
    assert [e["slug"] for e in online] == ["asean-japan-hlm-2"]
    after = client.get("/api/v1/events/", {"starts_after": "2024-01-01T00:00:00Z", "ordering": "start"}).json()
    assert [e["slug"] for e in after["results"]] == ["asean-japan-hlm-6", "asean-japan-hlm-7"]


def test_event_detail_has_agenda_and_only_public_materials(client):
    data = client.get("/api/v1/events/asean-japan-hlm-4/").json()
    assert data["time_zone"] == "Asia/Tokyo" and data["host_city"]["name"] == "Aizuwakamatsu"
    assert [s["title"] for s in data["sessions"]][0] == "Welcome to Aizuwakamatsu"
    titles = {m["title"] for m in data["materials"]}
    restricted = EventMaterial.objects.get(page__slug="asean-japan-hlm-4", delegates_only=True)
    assert restricted.title not in titles
    assert titles == set(
        EventMaterial.objects.filter(page__slug="asean-japan-hlm-4", delegates_only=False).values_list(
            "title", flat=True
        )
    )
    document = next(m for m in data["materials"] if m["kind"] == "document")
    pdf = client.get(document["document"]["url"].replace("http://testserver", ""))
    assert pdf.status_code == 200


def test_materials_endpoint_never_lists_delegates_only_material(client):
    data = client.get("/api/v1/materials/", {"page_size": 100}).json()
    listed = {m["id"] for m in data["results"]}
    assert listed == set(EventMaterial.objects.filter(delegates_only=False).values_list("pk", flat=True))
    restricted = EventMaterial.objects.get(delegates_only=True)
    assert restricted.pk not in listed
    japanese = client.get("/api/v1/materials/", {"language": "ja"}).json()["results"]
    assert [m["language"] for m in japanese] == ["ja"]
    gallery = client.get("/api/v1/materials/", {"kind": "gallery"}).json()["results"][0]
    assert gallery["gallery"][0]["renditions"]["small"]["width"] == 400
    assert client.get("/api/v1/materials/", {"kind": "poster"}).status_code == 400
