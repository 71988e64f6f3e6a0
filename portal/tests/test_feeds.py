"""RSS and Atom feeds of case studies, and the pages that point to them."""

import html
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest

from casestudies.models import CaseStudyPage
from portal.tests.helpers import soup
from portal.tests.unpublished import hidden_case_studies

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def rss(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def atom(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root


def newest(**filters):
    pages = CaseStudyPage.objects.live().public().filter(**filters).distinct()
    return [page.get_full_url() for page in pages.order_by("-first_published_at")[:50]]


def test_rss_of_all_case_studies_lists_the_newest_first(client):
    channel = rss(client, "/feeds/case-studies.rss")
    assert channel.findtext("title").startswith("Case studies")
    assert channel.findtext("link") == "http://testserver/case-studies/"
    items = channel.findall("item")
    assert [item.findtext("link") for item in items] == newest()
    dates = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == sorted(dates, reverse=True)


def test_rss_items_carry_summary_dates_city_and_focus_areas(client):
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    channel = rss(client, "/feeds/case-studies.rss")
    item = next(item for item in channel.findall("item") if item.findtext("title") == page.title)
    assert item.findtext("link") == page.get_full_url() == item.findtext("guid")
    assert item.findtext("link").startswith("http")
    assert item.find("guid").get("isPermaLink") == "true"
    assert html.unescape(item.findtext("description")) == page.summary  # HTML-escaped text
    assert parsedate_to_datetime(item.findtext("pubDate")) == page.first_published_at.replace(microsecond=0)
    assert item.findtext(f"{DC}creator") == "Bangkok"
    assert sorted(c.text for c in item.findall("category")) == ["Civic & Social", "Safety & Security"]


@pytest.mark.parametrize(
    "kind, slug, title, filters",
    [
        ("country", "japan", "Case studies: Japan", {"city__country__slug": "japan"}),
        ("city", "da-nang", "Case studies: Da Nang", {"city__slug": "da-nang"}),
        ("focus-area", "safety-security", "Case studies: Safety & Security", {"focus_areas__slug": "safety-security"}),
    ],
)
def test_rss_per_facet_lists_exactly_its_case_studies(client, kind, slug, title, filters):
    channel = rss(client, f"/feeds/case-studies/{kind}/{slug}.rss")
    assert channel.findtext("title").startswith(title)
    links = [item.findtext("link") for item in channel.findall("item")]
    assert links == newest(**filters)
    assert links, "the demo content has case studies for every facet tested"
    param = kind.replace("-", "_")
    assert channel.findtext("link") == f"http://testserver/case-studies/?{param}={slug}"


def test_atom_feed_has_entries_with_ids_dates_and_authors(client):
    feed = atom(client, "/feeds/case-studies/country/japan.atom")
    assert feed.findtext(f"{ATOM}title").startswith("Case studies: Japan")
    assert (
        feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feeds/case-studies/country/japan.atom"
    )
    assert feed.findtext(f"{ATOM}updated")
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == newest(city__country__slug="japan")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("http")
        assert entry.findtext(f"{ATOM}published") and entry.findtext(f"{ATOM}updated")
        assert entry.findtext(f"{ATOM}summary")
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Aizuwakamatsu"
        assert entry.findall(f"{ATOM}category")
    assert len(atom(client, "/feeds/case-studies.atom").findall(f"{ATOM}entry")) == len(newest())


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/case-studies/country/atlantis.rss",
        "/feeds/case-studies/city/atlantis.atom",
        "/feeds/case-studies/focus-area/space-travel.rss",
        "/feeds/case-studies/planet/earth.rss",
        "/feeds/case-studies/focus_area/civic-social.rss",
        "/feeds/case-studies/country/japan.json",
    ],
)
def test_unknown_facet_or_slug_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_feeds_never_show_drafts_pages_in_review_or_private_pages(client):
    hidden = hidden_case_studies()
    for url in [
        "/feeds/case-studies.rss",
        "/feeds/case-studies.atom",
        "/feeds/case-studies/city/aizuwakamatsu.rss",
        "/feeds/case-studies/country/japan.atom",
        "/feeds/case-studies/focus-area/safety-security.rss",
    ]:
        content = client.get(url).content.decode()
        for page in hidden:
            assert page.title not in content, (url, page.title)
            assert f"/{page.slug}/" not in content, (url, page.slug)


def test_feed_is_built_in_a_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/feeds/case-studies.rss").status_code == 200


def feed_links(response):
    return {
        (link["type"], link["href"])
        for link in soup(response).find_all("link", rel="alternate")
        if link["type"] in ("application/rss+xml", "application/atom+xml")
    }


def test_every_page_links_to_the_feed_of_all_case_studies(client):
    for url in ["/", "/cities/", "/events/", "/search/"]:
        assert ("application/rss+xml", "/feeds/case-studies.rss") in feed_links(client.get(url)), url
        assert ("application/atom+xml", "/feeds/case-studies.atom") in feed_links(client.get(url)), url


def test_city_page_links_to_its_feeds(client):
    links = feed_links(client.get("/cities/bangkok/"))
    assert ("application/rss+xml", "/feeds/case-studies/city/bangkok.rss") in links
    assert ("application/atom+xml", "/feeds/case-studies/city/bangkok.atom") in links


@pytest.mark.parametrize(
    "query, feed",
    [
        ("country=japan", "/feeds/case-studies/country/japan"),
        ("focus_area=civic-social&stage=operational", "/feeds/case-studies/focus-area/civic-social"),
        ("city=da-nang", "/feeds/case-studies/city/da-nang"),
        ("", None),
        ("country=japan&country=thailand", None),
        ("country=japan&focus_area=civic-social", None),
        ("country=atlantis", None),
    ],
)
def test_library_links_to_the_feed_of_its_one_chosen_facet(client, query, feed):
    links = feed_links(client.get(f"/case-studies/?{query}"))
    facet_links = {href for _, href in links if href.startswith("/feeds/case-studies/")}
    if feed:
        assert facet_links == {f"{feed}.rss", f"{feed}.atom"}
    else:
        assert facet_links == set()
    assert ("application/rss+xml", "/feeds/case-studies.rss") in links
