"""iCalendar exports: the events feed and each event's .ics."""

import datetime
import zoneinfo

import icalendar
import pytest

from events.factories import EventPageFactory
from events.models import EventPage
from portal.tests.helpers import soup
from portal.tests.unpublished import hidden_events

pytestmark = pytest.mark.django_db


def calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["Content-Disposition"].endswith('.ics"')
    parsed = icalendar.Calendar.from_ical(response.content)
    assert parsed["VERSION"] == "2.0" and parsed["PRODID"]
    return parsed


def events_by_url(parsed):
    return {str(event["URL"]): event for event in parsed.walk("VEVENT")}


def test_feed_has_one_event_per_live_event_with_dates(client):
    parsed = calendar(client, "/feeds/events.ics")
    dated = EventPage.objects.live().public().exclude(date_precision="month")
    assert dated.count() >= 7
    events = events_by_url(parsed)
    assert set(events) == {page.get_full_url() for page in dated}
    assert len(parsed.walk("VEVENT")) == dated.count()
    uids = [str(event["UID"]) for event in parsed.walk("VEVENT")]
    assert len(set(uids)) == len(uids)
    for event in parsed.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL", "LOCATION"):
            assert prop in event, prop


def test_month_only_events_are_left_out_of_the_feed(client):
    events = events_by_url(calendar(client, "/feeds/events.ics"))
    for page in EventPage.objects.filter(date_precision="month"):
        assert page.get_full_url() not in events


def test_dates_only_event_is_all_day_with_an_exclusive_end(client):
    page = EventPage.objects.get(slug="asean-japan-hlm-4")
    event = events_by_url(calendar(client, "/feeds/events.ics"))[page.get_full_url()]
    assert event.decoded("DTSTART") == datetime.date(2022, 12, 4)
    assert event.decoded("DTEND") == datetime.date(2022, 12, 6)
    assert event["DTSTART"].params.get("VALUE") == "DATE"
    assert str(event["UID"]) == f"event-{page.pk}@127.0.0.1"
    assert str(event["SUMMARY"]) == page.title
    assert page.summary in str(event["DESCRIPTION"]) and page.get_full_url() in str(event["DESCRIPTION"])
    location = str(event["LOCATION"])
    assert location.startswith(page.venue) and location.endswith("Japan")
    assert location.count("Aizuwakamatsu") == 1  # the venue names the host city already


def test_event_with_times_keeps_its_time_zone(client, event_index):
    zone = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    page = EventPageFactory(
        parent=event_index,
        title="Smart mobility workshop",
        start=datetime.datetime(2031, 3, 5, 9, 30, tzinfo=zone),
        end=datetime.datetime(2031, 3, 5, 17, 0, tzinfo=zone),
        time_zone="Asia/Ho_Chi_Minh",
        date_precision="time",
    )
    for url in ["/feeds/events.ics", f"/feeds/events/{page.slug}.ics"]:
        parsed = calendar(client, url)
        event = events_by_url(parsed)[page.get_full_url()]
        assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert event.decoded("DTSTART") == datetime.datetime(2031, 3, 5, 9, 30, tzinfo=zone)
        end = event.decoded("DTEND")
        assert end.astimezone(datetime.UTC) == datetime.datetime(2031, 3, 5, 10, 0, tzinfo=datetime.UTC)
        assert "Asia/Ho_Chi_Minh" in [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")]


def test_single_event_export(client):
    page = EventPage.objects.get(slug="asean-japan-hlm-4")
    response = client.get("/feeds/events/asean-japan-hlm-4.ics")
    assert response["Content-Disposition"] == 'inline; filename="asean-japan-hlm-4.ics"'
    (event,) = calendar(client, "/feeds/events/asean-japan-hlm-4.ics").walk("VEVENT")
    assert str(event["UID"]) == f"event-{page.pk}@127.0.0.1"  # the same event as in the feed
    assert event.decoded("DTSTART") == datetime.date(2022, 12, 4)


def test_single_month_only_event_is_the_first_of_the_month_and_says_so(client):
    (event,) = calendar(client, "/feeds/events/asean-japan-hlm-1.ics").walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(2019, 10, 1)
    assert event.decoded("DTEND") == datetime.date(2019, 10, 2)
    assert str(event["SUMMARY"]).endswith("(exact dates not published)")


def test_unknown_draft_and_private_events_are_never_exported(client):
    hidden = hidden_events()
    assert client.get("/feeds/events/no-such-event.ics").status_code == 404
    feed = client.get("/feeds/events.ics").content.decode()
    for page in hidden:
        assert page.title not in feed
        assert f"event-{page.pk}@" not in feed
        assert client.get(f"/feeds/events/{page.slug}.ics").status_code == 404


def test_event_pages_link_to_their_calendar_files(client):
    page = soup(client.get("/events/asean-japan-hlm-4/"))
    link = page.find("a", href="/feeds/events/asean-japan-hlm-4.ics")
    assert link is not None and "Add to calendar (.ics)" in link.get_text()
    assert page.find("link", rel="alternate", type="text/calendar", href="/feeds/events/asean-japan-hlm-4.ics")

    listing = soup(client.get("/events/"))
    assert listing.find("link", rel="alternate", type="text/calendar", href="/feeds/events.ics")
    assert listing.find("a", href="/feeds/events.ics") is not None
    assert "http://testserver/feeds/events.ics" in listing.get_text()


def test_feed_is_built_in_a_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/feeds/events.ics").status_code == 200
