"""The embeddable widget, widget.js, oEmbed, and the snippets pages offer for them."""

import json

import pytest
from bs4 import BeautifulSoup

from casestudies.models import CaseStudyPage
from portal.tests.helpers import soup
from portal.tests.unpublished import hidden_case_studies

pytestmark = pytest.mark.django_db

TRAFFY = "/cities/bangkok/traffy-fondue-bangkok/"


def live(**filters):
    return CaseStudyPage.objects.live().public().filter(**filters).distinct().order_by("-first_published_at")


def assert_frameable_and_self_contained(response):
    assert response.get("X-Frame-Options") is None  # any partner site may frame it
    page = BeautifulSoup(response.content, "html.parser")
    assert not page.find_all("link", rel="stylesheet")
    assert not page.find_all("script", src=True)
    assert not page.find_all("img")
    assert page.find("style") is not None
    for link in page.find_all("a"):
        assert link["target"] == "_blank" and link["rel"] == ["noopener"], link
        assert link["href"].startswith("http"), link
    return page


def test_widget_lists_the_newest_case_studies_of_a_city(client):
    response = client.get("/embed/case-studies/", {"city": "aizuwakamatsu"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    page = assert_frameable_and_self_contained(response)
    titles = [link.get_text() for link in page.select("li.item h2 a")]
    assert titles == [p.title for p in live(city__slug="aizuwakamatsu")[:5]]
    assert page.find("a", string="ASEAN Smart Cities Knowledge Portal") is not None
    assert "Case studies: Aizuwakamatsu" in page.get_text()


def test_other_pages_still_refuse_to_be_framed(client):
    assert client.get("/cities/bangkok/")["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "params, filters",
    [
        ({"focus_area": "civic-social", "limit": "2"}, {"focus_areas__slug": "civic-social"}),
        ({"country": "indonesia", "limit": "10"}, {"city__country__slug": "indonesia"}),
        ({"country": "japan", "focus_area": "safety-security"}, {"city__country__slug": "japan"}),
        ({}, {}),
    ],
)
def test_widget_by_focus_area_or_country_with_a_limit(client, params, filters):
    page = soup(client.get("/embed/case-studies/", params))
    expected = live(**filters)
    if "focus_area" in params:
        expected = expected.filter(focus_areas__slug=params["focus_area"])
    limit = int(params.get("limit", 5))
    titles = [link.get_text() for link in page.select("li.item h2 a")]
    assert titles == [p.title for p in expected[:limit]]


@pytest.mark.parametrize(
    "params, says",
    [
        ({"city": "atlantis"}, "No city “atlantis” is known"),
        ({"focus_area": "space-travel"}, "No focus area “space-travel” is known"),
        ({"country": "narnia"}, "No country “narnia” is known"),
        ({"city": "bangkok", "limit": "0"}, "limit must be a whole number from 1 to 10"),
        ({"city": "bangkok", "limit": "11"}, "limit must be a whole number from 1 to 10"),
        ({"city": "bangkok", "limit": "five"}, "limit must be a whole number from 1 to 10"),
        ({"city": "bangkok", "limit": "-1"}, "limit must be a whole number from 1 to 10"),
        ({"city": "bangkok", "limit": "²"}, "limit must be a whole number from 1 to 10"),
        ({"city": "bangkok", "limit": "9" * 5000}, "limit must be a whole number from 1 to 10"),
        ({"city": ["bangkok", "da-nang"]}, "Give city once"),
        ({"city": "x" * 5000}, "No city"),
    ],
)
def test_bad_widget_parameters_get_a_400_that_says_what_is_accepted(client, params, says):
    response = client.get("/embed/case-studies/", params)
    assert response.status_code == 400
    assert response.get("X-Frame-Options") is None  # the partner sees the message in the frame
    content = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert says in content
    for accepted in ["bangkok", "civic-social", "japan", "limit="]:
        assert accepted in content


def test_one_case_study_embed(client):
    case_study = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    response = client.get(f"/embed/case-study/{case_study.pk}/")
    assert response.status_code == 200
    page = assert_frameable_and_self_contained(response)
    assert page.find("h1").get_text(strip=True) == case_study.title
    assert case_study.summary in page.get_text()
    assert page.find("a", href=case_study.get_full_url()) is not None
    assert client.get("/embed/case-study/999999/").status_code == 404


def test_widget_script_inserts_a_titled_iframe_after_itself(client):
    response = client.get("/embed/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    script = response.content.decode()
    config = json.loads(script.split("var CONFIG = ", 1)[1].split(";\n", 1)[0])
    assert config["embedPath"] == "/embed/case-studies/"
    assert sorted(config["params"]) == ["city", "country", "focus_area"]
    assert "insertBefore(frame, script.nextSibling)" in script
    assert "frame.title" in script


def test_nothing_hidden_appears_in_widgets_or_oembed(client):
    hidden = hidden_case_studies()
    for params in [{"city": "aizuwakamatsu", "limit": "10"}, {"focus_area": "safety-security", "limit": "10"}, {}]:
        content = client.get("/embed/case-studies/", params).content.decode()
        for page in hidden:
            assert page.title not in content
    for page in hidden:
        assert client.get(f"/embed/case-study/{page.pk}/").status_code == 404
        url = f"http://testserver{page.url_path.removeprefix('/home')}"
        assert client.get("/oembed/", {"url": url}).status_code == 404, url


# --- oEmbed ---------------------------------------------------------------------


def test_oembed_describes_a_case_study_as_a_rich_iframe(client):
    case_study = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    for url in [case_study.get_full_url(), f"http://testserver{TRAFFY}", f"http://testserver{TRAFFY}?utm=x#results"]:
        response = client.get("/oembed/", {"url": url, "format": "json"})
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["version"] == "1.0" and data["type"] == "rich"
        assert data["title"] == case_study.title
        assert data["author_name"] == "Bangkok"
        assert data["author_url"] == case_study.city.get_full_url()
        assert data["provider_name"] == "ASEAN Smart Cities Knowledge Portal"
        assert data["provider_url"] == "http://testserver/"
        assert data["cache_age"] > 0
        assert (data["width"], data["height"]) == (560, 320)
        frame = BeautifulSoup(data["html"], "html.parser").find("iframe")
        assert frame["src"] == f"http://testserver/embed/case-study/{case_study.pk}/"
        assert frame["title"] and frame["width"] == "560"
    assert client.get(frame["src"].removeprefix("http://testserver")).status_code == 200


def test_oembed_respects_maxwidth_and_maxheight(client):
    data = client.get("/oembed/", {"url": f"http://testserver{TRAFFY}", "maxwidth": "400", "maxheight": "900"}).json()
    assert (data["width"], data["height"]) == (400, 320)
    assert 'width="400"' in data["html"]


@pytest.mark.parametrize(
    "params, status",
    [
        ({"url": f"http://testserver{TRAFFY}", "format": "xml"}, 501),
        ({}, 400),
        ({"url": ""}, 400),
        ({"url": "not a url"}, 400),
        ({"url": "ftp://testserver/cities/bangkok/traffy-fondue-bangkok/"}, 400),
        ({"url": f"http://testserver{TRAFFY}", "maxwidth": "wide"}, 400),
        ({"url": f"http://testserver{TRAFFY}", "maxheight": "0"}, 400),
        ({"url": f"http://testserver{TRAFFY}", "maxheight": "²"}, 400),
        ({"url": f"http://testserver{TRAFFY}", "maxwidth": "9" * 5000}, 400),
        ({"url": "http://[::1/"}, 400),
        ({"url": "http://testserver/cities/\x00/"}, 400),
        ({"url": "http://testserver/cities/bangkok/%00/"}, 404),
        ({"url": "http://testserver:99999/cities/"}, 400),
        ({"url": f"https://example.org{TRAFFY}"}, 404),
        ({"url": "http://testserver/cities/bangkok/"}, 404),  # a city, not a case study
        ({"url": "http://testserver/cities/bangkok/no-such-project/"}, 404),
        ({"url": "http://testserver/"}, 404),
    ],
)
def test_oembed_errors_are_json_with_the_spec_status(client, params, status):
    response = client.get("/oembed/", params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_case_study_page_advertises_oembed(client):
    case_study = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    link = soup(client.get(TRAFFY)).find("link", rel="alternate", type="application/json+oembed")
    assert link is not None and link["title"] == case_study.title
    href = link["href"].removeprefix("http://testserver")
    assert href.startswith("/oembed/?") and "format=json" in href
    assert client.get(href).json()["title"] == case_study.title


# --- Snippets on the site ---------------------------------------------------------


def snippets(response):
    block = soup(response).find("details", class_="embed-snippets")
    assert block is not None
    return [area.get_text() for area in block.find_all("textarea")]


def test_city_page_offers_the_widget_snippets(client):
    script, iframe = snippets(client.get("/cities/bangkok/"))
    assert script == '<script src="http://testserver/embed/widget.js" data-city="bangkok" async></script>'
    frame = BeautifulSoup(iframe, "html.parser").find("iframe")
    assert frame["src"] == "http://testserver/embed/case-studies/?city=bangkok"
    assert frame["title"] == "Case studies: Bangkok · ASEAN Smart Cities Knowledge Portal"
    assert client.get(frame["src"].removeprefix("http://testserver")).status_code == 200


def test_library_offers_the_snippets_when_one_focus_area_is_chosen(client):
    script, iframe = snippets(client.get("/case-studies/", {"focus_area": "safety-security"}))
    assert 'data-focus-area="safety-security"' in script
    assert "/embed/case-studies/?focus_area=safety-security" in iframe
    frame = BeautifulSoup(iframe, "html.parser").find("iframe")
    assert frame["title"] == "Case studies: Safety & Security · ASEAN Smart Cities Knowledge Portal"
    for query in [{}, {"focus_area": ["safety-security", "civic-social"]}]:
        assert soup(client.get("/case-studies/", query)).find("details", class_="embed-snippets") is None


def test_widget_is_built_in_a_few_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get("/embed/case-studies/", {"country": "japan", "limit": "10"}).status_code == 200
