import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.factories import EventPageFactory
from events.models import EventMaterial, EventPage, validate_time_zone
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

HLM4 = "/events/asean-japan-hlm-4/"


def test_events_listing_separates_upcoming_and_past(client, event_index):
    upcoming = EventPageFactory(parent=event_index, title="Smart mobility webinar", slug="smart-mobility-webinar")
    response = client.get("/events/")
    content = text(response)
    assert content.index(upcoming.title) < content.index("4th ASEAN-Japan Smart Cities Network High Level Meeting")
    for event in EventPage.objects.live():
        assert event.title in content


def test_month_precision_shows_the_month_only(client):
    content = text(client.get("/events/asean-japan-hlm-1/"))
    assert "October 2019" in content
    assert "1 October 2019" not in content


def test_event_page_shows_dates_in_the_venue_time_zone_agenda_and_materials(client):
    event = EventPage.objects.get(slug="asean-japan-hlm-4")
    content = text(client.get(HLM4))
    assert "4–5 December 2022" in content
    assert "Asia/Tokyo" in content
    assert "Aizuwakamatsu" in content
    for session in event.sessions.all():
        assert session.title in content
    for material in event.materials.all():
        assert material.title in content
    assert "Documents" in content and "Photo galleries" in content
    assert "日本語" in content  # the Japanese-language document is labelled with its language


def test_public_materials_link_to_real_files(client):
    event = EventPage.objects.get(slug="asean-japan-hlm-4")
    page = soup(client.get(HLM4))
    for material in event.materials.filter(kind="document", delegates_only=False):
        link = page.find("a", href=material.document.url)
        assert link is not None, material.title
        response = client.get(material.document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
    gallery = event.materials.get(kind="gallery")
    images = list(gallery.gallery_images)
    assert len(images) >= 3
    for img in page.select("img"):
        if img["src"].startswith("/media/"):
            assert client.get(img["src"]).status_code == 200
    assert all(img.get("alt") is not None for img in page.select("img"))


def test_material_needs_the_field_of_its_kind():
    event = EventPage.objects.get(slug="asean-japan-hlm-4")
    for kind, field in [("document", "document"), ("video", "video_url"), ("gallery", "gallery")]:
        with pytest.raises(ValidationError) as error:
            EventMaterial(page=event, title="Empty", kind=kind).clean()
        assert field in error.value.message_dict
    gallery = event.materials.get(kind="gallery")
    gallery.delegates_only = True
    with pytest.raises(ValidationError) as error:
        gallery.clean()
    assert "always public" in str(error.value)


def test_event_validation():
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus_Mons")
    validate_time_zone("Asia/Ho_Chi_Minh")
    start = timezone.now()
    event = EventPage(title="Backwards", start=start, end=start - datetime.timedelta(hours=1))
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end" in error.value.message_dict
