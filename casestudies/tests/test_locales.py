"""The site in several languages: each listing shows every page once, in the language being
browsed when it is translated (else in English), and links follow the page's language."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, RelatedCaseStudy
from cities.factories import CityPageFactory, CountryFactory
from cities.models import CityIndexPage, CityPage
from events.models import EventPage
from portal.tests.helpers import english, soup, text, translate

pytestmark = pytest.mark.django_db

THAI_BANGKOK = "กรุงเทพมหานคร"
THAI_TRAFFY = "ทราฟฟี่ฟองดูว์ Traffy แจ้งปัญหาเมือง"
ENGLISH_TRAFFY = "Traffy Fondue:"  # the start of the English title (its summary names Traffy Fondue too)


@pytest.fixture
def thai_traffy():
    """Bangkok and its Traffy Fondue case study in Thai; the rest of the site only in English."""
    translate(english(CityPage, "bangkok"), THAI_BANGKOK)
    return translate(english(CaseStudyPage, "traffy-fondue-bangkok"), THAI_TRAFFY)


def card_links(response):
    """(title, href) of the case-study cards on a page."""
    return [(a.get_text(strip=True), a["href"]) for a in soup(response).select("[data-testid=case-study-card] h3 a")]


def english_total():
    return CaseStudyPage.objects.live().public().filter(locale__language_code="en").count()


# --- listings ---------------------------------------------------------------------


def test_english_pages_do_not_list_the_thai_copies(client, thai_traffy):
    for url in ["/", "/case-studies/", "/case-studies/?city=bangkok", "/cities/", "/cities/bangkok/", "/events/"]:
        content = text(client.get(url))
        assert THAI_TRAFFY not in content, url
        assert THAI_BANGKOK not in content, url
    library = client.get("/case-studies/", {"sort": "title"})
    assert f"{english_total()} case studies" in text(library)
    assert all(not href.startswith("/th/") for _, href in card_links(library))
    assert ENGLISH_TRAFFY in text(client.get("/cities/bangkok/"))


def test_thai_library_lists_the_thai_page_once_and_untranslated_ones_in_english(client, thai_traffy):
    response = client.get("/th/case-studies/", {"sort": "title"})
    assert response.status_code == 200
    content = text(response)
    assert f"{english_total()} " in content  # every case study once: the same total as in English
    cards = card_links(client.get("/th/case-studies/", {"city": "bangkok"}))
    assert (THAI_TRAFFY, "/th/cities/bangkok/traffy-fondue-bangkok/") in cards
    assert not any(title.startswith(ENGLISH_TRAFFY) for title, _ in cards)
    # Not yet translated: still listed, in English, at its English address.
    singapore = english(CaseStudyPage, "singapore-oneservice")
    everything = card_links(client.get("/th/case-studies/", {"country": "singapore"}))
    assert (singapore.title, singapore.url) in everything
    # The city facet names Bangkok in Thai.
    assert THAI_BANGKOK in text(client.get("/th/case-studies/", {"city": "bangkok"}))


def test_library_search_looks_in_the_language_being_browsed(client, thai_traffy):
    english_titles = [title for title, _ in card_links(client.get("/case-studies/", {"q": "Traffy"}))]
    assert english_titles and all(THAI_TRAFFY != title for title in english_titles)
    thai_titles = [title for title, _ in card_links(client.get("/th/case-studies/", {"q": "Traffy"}))]
    assert THAI_TRAFFY in thai_titles
    assert not any(title.startswith(ENGLISH_TRAFFY) for title in thai_titles)
    # A word inside a run of Thai script, broken into words as Thai is.
    assert [title for title, _ in card_links(client.get("/th/case-studies/", {"q": "ปัญหา"}))] == [THAI_TRAFFY]


def test_thai_home_features_the_thai_page(client, thai_traffy):
    assert english(CaseStudyPage, "traffy-fondue-bangkok").featured
    home = text(client.get("/th/"))
    assert THAI_TRAFFY in home
    assert ENGLISH_TRAFFY not in home
    english_home = text(client.get("/"))
    assert ENGLISH_TRAFFY in english_home and THAI_TRAFFY not in english_home


def test_city_pages_list_case_studies_in_their_language(client, thai_traffy):
    thai_city = client.get("/th/cities/bangkok/")
    titles = [title for title, _ in card_links(thai_city)]
    assert THAI_TRAFFY in titles
    assert not any(title.startswith(ENGLISH_TRAFFY) for title in titles)
    english_titles = [title for title, _ in card_links(client.get("/cities/bangkok/"))]
    assert any(title.startswith(ENGLISH_TRAFFY) for title in english_titles)
    assert THAI_TRAFFY not in english_titles
    directory = text(client.get("/th/cities/"))
    assert THAI_BANGKOK in directory  # translated
    assert "Aizuwakamatsu" in directory  # not translated: in English


# --- links between pages ----------------------------------------------------------------


def test_related_and_partner_links_go_to_the_translation_when_there_is_one(client, thai_traffy):
    source = english(CaseStudyPage, "smart-city-aizuwakamatsu")
    bangkok = english(CityPage, "bangkok")
    singapore = english(CaseStudyPage, "singapore-oneservice")
    RelatedCaseStudy.objects.create(page=source, related_page=english(CaseStudyPage, "traffy-fondue-bangkok"))
    RelatedCaseStudy.objects.create(page=source, related_page=singapore)
    source.partner_cities.add(bangkok)
    source.save_revision().publish()
    thai_source = translate(english(CaseStudyPage, "smart-city-aizuwakamatsu"), "ไอซุวากามัตสึ เมืองอัจฉริยะ")
    # wagtail-localize keeps the links pointing at the English pages …
    assert list(thai_source.related_links.values_list("related_page__locale__language_code", flat=True)) == [
        "en",
        "en",
    ]

    page = soup(client.get(thai_source.url))
    links = {a.get_text(strip=True): a["href"] for a in page.find_all("a", href=True)}
    # … and the page shows them in Thai where translated, in English where not.
    assert links[THAI_TRAFFY] == "/th/cities/bangkok/traffy-fondue-bangkok/"
    assert links[singapore.title] == singapore.url
    assert links[THAI_BANGKOK] == "/th/cities/bangkok/"
    assert not any(title.startswith(ENGLISH_TRAFFY) for title in links)
    # The lead city: the Thai tree's Aizuwakamatsu (an alias of the English page until translated).
    assert links["Aizuwakamatsu"] == "/th/cities/aizuwakamatsu/"

    english_links = {a.get_text(strip=True): a["href"] for a in soup(client.get(source.url)).find_all("a", href=True)}
    assert english_links["Bangkok"] == "/cities/bangkok/"
    assert THAI_TRAFFY not in english_links and THAI_BANGKOK not in english_links


def test_related_case_studies_never_repeat_the_page_in_another_language(thai_traffy):
    english_traffy = english(CaseStudyPage, "traffy-fondue-bangkok")
    RelatedCaseStudy.objects.create(page=thai_traffy, related_page=english_traffy)  # itself, in English
    related = thai_traffy.related_case_studies()
    assert all(page.translation_key != thai_traffy.translation_key for page in related)
    assert len({page.translation_key for page in related}) == len(related)
    assert all(page.locale_id in (thai_traffy.locale_id, english_traffy.locale_id) for page in related)


def test_events_in_their_language_with_the_host_city_in_it(client):
    aizu = translate(english(CityPage, "aizuwakamatsu"), "アイヅワカマツ", language="th")
    event = translate(english(EventPage, "asean-japan-hlm-4"), "การประชุม ASEAN-Japan ครั้งที่ 4")
    assert EventPage.objects.get(pk=event.pk).host_city.locale.language_code == "en"  # as wagtail-localize keeps it

    thai_events = text(client.get("/th/events/"))
    assert event.title in thai_events
    assert english(EventPage, "asean-japan-hlm-4").title not in thai_events
    assert english(EventPage, "asean-japan-hlm-7").title in thai_events  # not translated: in English
    assert event.title not in text(client.get("/events/"))

    links = {a.get_text(strip=True): a["href"] for a in soup(client.get(event.url)).find_all("a", href=True)}
    assert links[aizu.title] == "/th/cities/aizuwakamatsu/"
    assert event.title in text(client.get("/th/cities/aizuwakamatsu/"))  # the events it hosted


def test_thai_listings_take_the_same_number_of_queries_however_many_are_translated(client):
    index = CityIndexPage.objects.get(locale__language_code="en")
    city = CityPageFactory(parent=index, country=CountryFactory(name="Queryland", iso_code="QQ", slug="queryland"))
    translate(city, "เมืองทดสอบ")

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(count):
        for _ in range(count):
            translate(CaseStudyPageFactory(parent=city), "กรณีศึกษา")

    add(3)
    few = {url: queries(url) for url in ["/th/case-studies/", f"/th/cities/{city.slug}/", "/th/"]}
    add(12)
    assert {url: queries(url) for url in few} == few


# --- feeds, calendars, widgets, oEmbed ----------------------------------------------


def rss_links(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    channel = ET.fromstring(response.content).find("channel")
    return channel, [item.findtext("link") for item in channel.findall("item")]


def test_each_language_has_its_own_feed(client, thai_traffy):
    _, english_links = rss_links(client, "/feeds/case-studies.rss")
    assert english_links and not any("/th/" in link for link in english_links)
    channel, thai_links = rss_links(client, "/feeds/case-studies.rss?locale=th")
    assert thai_links == [thai_traffy.get_full_url()]
    assert thai_links[0].endswith("/th/cities/bangkok/traffy-fondue-bangkok/")
    assert channel.findtext("language") == "th"
    assert channel.findtext("link") == "http://testserver/th/case-studies/"
    channel, links = rss_links(client, "/feeds/case-studies/city/bangkok.rss?locale=th")
    assert links == thai_links and THAI_BANGKOK in channel.findtext("title")
    atom = client.get("/feeds/case-studies/country/thailand.atom?locale=th")
    assert atom.status_code == 200 and THAI_TRAFFY in atom.content.decode()


@pytest.mark.parametrize("url", ["/feeds/case-studies.rss", "/feeds/events.ics", "/feeds/events/asean-japan-hlm-4.ics"])
def test_an_unknown_language_is_a_400_that_lists_the_known_ones(client, url):
    for bad in ({"locale": "xx"}, {"locale": ["th", "en"]}, {"locale": ""}):
        response = client.get(url, bad)
        assert response.status_code == 400, (url, bad)
        assert "en, fil, id, ja, km, lo, ms, my, th, vi" in response.content.decode()


def test_feed_links_in_the_head_follow_the_language_being_browsed(client, thai_traffy):
    def feeds(url):
        return {
            link["href"]
            for link in soup(client.get(url)).find_all("link", rel="alternate")
            if link.get("type") in ("application/rss+xml", "application/atom+xml")
        }

    assert feeds("/th/") == {"/feeds/case-studies.rss?locale=th", "/feeds/case-studies.atom?locale=th"}
    assert "/feeds/case-studies/city/bangkok.rss?locale=th" in feeds("/th/cities/bangkok/")
    assert "/feeds/case-studies/city/bangkok.rss" in feeds("/cities/bangkok/")
    # The copy-paste widget snippets make Thai widgets.
    script, iframe = [box.get_text() for box in soup(client.get("/th/cities/bangkok/")).select("textarea")]
    assert 'src="http://testserver/embed/widget.js?locale=th" data-city="bangkok"' in script
    assert 'src="http://testserver/embed/case-studies/?city=bangkok&amp;locale=th"' in iframe


def test_thai_feed_is_built_in_a_few_queries(client, thai_traffy, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/feeds/case-studies.rss?locale=th").status_code == 200


def test_calendars_per_language(client):
    event = translate(english(EventPage, "asean-japan-hlm-4"), "การประชุม ASEAN-Japan ครั้งที่ 4")
    english_calendar = client.get("/feeds/events.ics").content.decode()
    assert "asean-japan-hlm-4/" in english_calendar and "/th/" not in english_calendar
    thai_calendar = client.get("/feeds/events.ics?locale=th").content.decode()
    assert f"event-{event.pk}@" in thai_calendar and thai_calendar.count("BEGIN:VEVENT") == 1
    one = client.get("/feeds/events/asean-japan-hlm-4.ics?locale=th").content.decode()
    assert f"event-{event.pk}@" in one
    # Not in Japanese: the English event.
    source = english(EventPage, "asean-japan-hlm-4")
    assert f"event-{source.pk}@" in client.get("/feeds/events/asean-japan-hlm-4.ics?locale=ja").content.decode()


def test_widget_and_oembed_in_thai(client, thai_traffy):
    widget = client.get("/embed/case-studies/", {"city": "bangkok", "locale": "th"})
    assert widget.status_code == 200
    content = text(widget)
    assert THAI_TRAFFY in content and THAI_BANGKOK in content
    assert ENGLISH_TRAFFY not in text(client.get("/embed/case-studies/", {"city": "bangkok", "locale": "th"}))
    assert ENGLISH_TRAFFY in text(client.get("/embed/case-studies/", {"city": "bangkok"}))
    assert client.get("/embed/case-studies/", {"locale": "xx"}).status_code == 400
    script = client.get("/embed/widget.js", {"locale": "th"}).content.decode()
    assert '"embedPath": "/embed/case-studies/?locale=th"' in script
    assert client.get("/embed/widget.js", {"locale": "xx"}).status_code == 400

    oembed = client.get("/oembed/", {"url": "http://testserver/th/cities/bangkok/traffy-fondue-bangkok/"})
    assert oembed.status_code == 200, oembed.content
    assert oembed.json()["title"] == THAI_TRAFFY
    assert oembed.json()["author_url"] == thai_traffy.city.get_full_url()
    assert oembed.json()["author_url"].endswith("/th/cities/bangkok/")
    assert (
        client.get("/oembed/", {"url": "http://testserver/ja/cities/bangkok/traffy-fondue-bangkok/"}).status_code == 404
    )


def test_feed_address_tags_for_templates(rf):
    from django.template import Context, Template
    from django.utils import translation

    event = english(EventPage, "asean-japan-hlm-4")
    template = Template(
        "{% load syndication_tags %}{% case_study_feed_url 'atom' %} {% events_calendar_url %} "
        "{% event_calendar_url page %}"
    )
    assert template.render(Context({"page": event})) == (
        "/feeds/case-studies.atom /feeds/events.ics /feeds/events/asean-japan-hlm-4.ics"
    )
    thai_event = translate(event, "งานที่ 4")
    with translation.override("th"):
        assert template.render(Context({"page": thai_event})) == (
            "/feeds/case-studies.atom?locale=th /feeds/events.ics?locale=th "
            "/feeds/events/asean-japan-hlm-4.ics?locale=th"
        )


def test_thai_pages_link_to_the_thai_feeds_and_calendars(client):
    thai = Locale.objects.get(language_code="th")
    event = EventPage.objects.get(slug="asean-japan-hlm-4", locale__language_code="en")
    thai_event = event.copy_for_translation(thai)
    thai_event.save_revision().publish()

    page = client.get("/th/events/asean-japan-hlm-4/").content.decode()
    assert "/feeds/events/asean-japan-hlm-4.ics?locale=th" in page
    assert "/feeds/case-studies.rss?locale=th" in page  # the footer
    index = client.get("/th/events/").content.decode()
    assert "/feeds/events.ics?locale=th" in index
    english = client.get("/events/asean-japan-hlm-4/").content.decode()
    assert "locale=" not in english
