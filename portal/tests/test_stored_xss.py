"""Stored and reflected XSS: hostile text in every kind of field comes out as text, never as
markup, wherever it is shown: pages, listings, search, feeds, the API and e-mails.

Content is written straight to the models (as an import, a script or a translation engine
would), not through the admin's editor, which could only produce clean HTML anyway."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.utils import timezone

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import FocusArea
from cities.models import CityIndexPage, CityPage
from notifications import outbox
from notifications.models import OutboxEmail, Subscriber
from portal.sanitise import clean_html
from portal.tests.helpers import english

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = "\"><img src=x onerror=alert('xss')>"
SVG = "<svg onload=alert('xss')></svg>"
JS_URL = "javascript:alert('xss')"
PAYLOAD = f"{SCRIPT}{IMG}{SVG}"


def assert_inert(html, where):
    """No script, event handler, javascript: URL or injected element in this HTML."""
    document = BeautifulSoup(html, "html.parser")
    for script in document.find_all("script"):
        assert "xss" not in (script.string or ""), f"injected script in {where}"
        assert script.get("src") or script.get("type") == "application/json", f"inline script in {where}"
    for element in document.find_all(True):
        handlers = {name: value for name, value in element.attrs.items() if name.lower().startswith("on")}
        assert not handlers, f"event handler in {where}: <{element.name} {handlers}>"
        for attribute in ("href", "src", "action", "formaction"):
            value = str(element.get(attribute, "")).strip().lower()
            assert not value.startswith("javascript:"), f"javascript: URL in {where}"
    assert not document.find_all("svg"), f"injected <svg> in {where}"
    assert not document.find_all("img", src="x"), f"injected <img> in {where}"


def paragraph(html):
    return {"type": "paragraph", "value": html}


@pytest.fixture
def hostile_case_study():
    area = FocusArea.objects.in_default_language().get(slug="civic-social")
    area.name = f"Civic {SCRIPT}"
    area.description = PAYLOAD
    area.save()
    page = CaseStudyPageFactory(
        parent=english(CityPage, "bangkok"),
        title=f"Hostile {PAYLOAD}",
        slug="hostile",
        summary=f"Summary {PAYLOAD}",
        contact_name=f"Contact {IMG}",
        source_name=f"Source {SVG}",
        live=False,
        focus_areas=[area],
    )
    page.tags.add(f"tag{SCRIPT}")
    page.situation_before = [
        paragraph(f'<p>Rich {SCRIPT}<a href="{JS_URL}" onclick="alert(1)">link</a><img src=x onerror=alert(1)></p>'),
        {"type": "quote", "value": {"text": f"Quote {PAYLOAD}", "attribution": f"Who {IMG}"}},
        {"type": "key_figure", "value": {"label": f"Label {SVG}", "value": "42", "unit": f"{SCRIPT}"}},
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_rich_text_is_cleaned_when_saved(hostile_case_study):
    stored = hostile_case_study.situation_before[0].value.source
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert "onerror" not in stored and "<img" not in stored
    assert "link" in stored and "Rich" in stored  # the text itself is kept


def test_rich_text_fields_are_cleaned_when_saved():
    index = CityIndexPage.objects.get(locale__language_code="en")
    index.intro = (
        f'<p>Intro <b>bold</b>{SCRIPT}<a href="{JS_URL}">x</a><iframe src="https://evil.example"></iframe></p>'
    )
    index.save_revision().publish()
    index.refresh_from_db()
    assert "<b>bold</b>" in index.intro
    for bad in ("<script", "javascript:", "<iframe"):
        assert bad not in index.intro


def test_a_body_with_a_figure_saves_and_keeps_its_image():
    """An image block's value is an Image, not a dict of fields: cleaning must pass it by."""
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    page = CaseStudyPageFactory(parent=english(CityPage, "bangkok"), slug="with-figure", live=False)
    page.results = [
        {"type": "figure", "value": {"image": image.pk, "caption": "A figure"}},
        paragraph(f"<p>After {SCRIPT}</p>"),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.results[0].value["image"].pk == image.pk
    assert "<script" not in page.results[1].value.source


def test_clean_html_keeps_what_an_editor_could_write():
    html = (
        '<h3>Heading</h3><p>Text with <b>bold</b>, <i>italic</i>, <a href="https://example.org">a link</a> '
        'and <a href="mailto:team@example.org">mail</a>.</p><ul><li>one</li></ul><hr/>'
    )
    cleaned = clean_html(html, ["h3", "bold", "italic", "link", "ul", "hr"])
    for kept in ("<h3", "<b>bold</b>", "<i>italic</i>", 'href="https://example.org"', 'href="mailto:', "<li", "<hr"):
        assert kept in cleaned
    assert clean_html(cleaned, ["h3", "bold", "italic", "link", "ul", "hr"]) == cleaned  # stable
    # Features the field does not have go, their text stays.
    assert clean_html("<h3>Heading</h3>", ["bold"]).count("<h3") == 0


def test_unreadable_markup_is_kept_as_text():
    # Unbalanced tags with a script among them: the text stays, the script does not.
    cleaned = clean_html(f"<p>alpha <b>beta</p></i></b> gamma {SCRIPT} <", ["bold"])
    assert cleaned.count("<script") == 0
    assert "alpha" in cleaned and "beta" in cleaned and "gamma" in cleaned
    assert "&lt;script&gt;" in clean_html("<p>" + "&lt;script&gt;" + "</p>", ["bold"])


def test_javascript_urls_are_refused_on_save(hostile_case_study):
    hostile_case_study.contact_website = JS_URL
    with pytest.raises(ValidationError) as error:
        hostile_case_study.save_revision()
    assert "contact_website" in error.value.message_dict


def test_the_case_study_page_shows_it_as_text(client, hostile_case_study):
    response = client.get(hostile_case_study.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_inert(html, "the case study page")
    page_text = BeautifulSoup(html, "html.parser").get_text()
    assert f"Hostile {SCRIPT}" in page_text  # shown, as text
    assert f"Quote {SCRIPT}" in page_text


def test_listings_and_search_show_it_as_text(client, hostile_case_study):
    for url, params in [
        ("/case-studies/", {}),
        ("/case-studies/", {"q": "Hostile", "focus_area": "civic-social"}),
        ("/search/", {"q": "Hostile"}),
        ("/search/", {"q": PAYLOAD}),  # the reflected search term
        ("/case-studies/", {"q": PAYLOAD, "country": IMG}),
        ("/cities/bangkok/", {}),
        ("/", {}),
    ]:
        response = client.get(url, params)
        assert response.status_code in (200, 400), url
        assert_inert(response.content.decode(), f"{url} {params}")
    assert "Hostile" in client.get("/search/", {"q": "Hostile"}).content.decode()


@pytest.mark.parametrize("feed", ["/feeds/case-studies.rss", "/feeds/case-studies.atom"])
def test_feeds_carry_it_as_text_for_readers_that_render_html(client, hostile_case_study, feed):
    response = client.get(feed)
    assert response.status_code == 200, feed
    root = ET.fromstring(response.content)
    texts = [element.text or "" for element in root.iter() if element.tag.split("}")[-1] in ("description", "summary")]
    mine = [value for value in texts if "Summary" in value]
    assert mine, "the hostile case study is not in the feed"
    for value in mine:
        # Feed readers render a description as HTML: what they render must be inert text.
        assert_inert(value, feed)
        assert SCRIPT in BeautifulSoup(value, "html.parser").get_text()


def test_the_api_serves_cleaned_rich_text(client, hostile_case_study):
    response = client.get(f"/api/v1/case-studies/{hostile_case_study.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = json.dumps(response.json())
    assert "onclick" not in body and "javascript:" not in body and "onerror=alert(1)" not in body
    assert response.json()["title"] == f"Hostile {PAYLOAD}"  # plain text, for the client to escape


@pytest.fixture
def reader():
    return Subscriber.objects.create(email="reader@example.org", language="en", confirmed_at=timezone.now())


def test_the_announcement_email_shows_it_as_text(reader, hostile_case_study, smtp_inbox):
    assert OutboxEmail.objects.filter(subscriber=reader).exists()  # written by the publish
    while outbox.due_exists():
        outbox.deliver_batch()
    messages = smtp_inbox.to(reader.email)
    assert messages, "no announcement e-mail"
    html = next(part for part in messages[0].walk() if part.get_content_type() == "text/html")
    assert_inert(html.get_content(), "the announcement e-mail")


def test_hostile_subscription_input_is_shown_as_text(client):
    response = client.post("/subscribe/", {"email": f"{IMG}@example.org", "website": ""})
    assert response.status_code in (200, 400)
    assert_inert(response.content.decode(), "the subscribe form")


def test_the_404_page_does_not_reflect_markup(client):
    response = client.get("/cities/%3Cscript%3Ealert('xss')%3C/script%3E/")
    assert response.status_code == 404
    assert_inert(response.content.decode(), "the 404 page")
