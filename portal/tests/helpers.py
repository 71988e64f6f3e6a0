"""Small helpers for reading rendered pages in tests."""

import json

from bs4 import BeautifulSoup


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def text(response):
    return " ".join(soup(response).get_text(" ").split())


def map_points(response):
    """The cities a Leaflet map on the page will show (serialised with json_script)."""
    script = soup(response).find("script", id="city-map-points")
    assert script is not None, "the page has no city map"
    return json.loads(script.string)


def english(model, slug):
    """The English page of this type with this slug (every language has one with the same slug)."""
    return model.objects.get(slug=slug, locale__language_code="en")


def translate(page, title, language="th", publish=True):
    """A translation of `page` as wagtail-localize makes it (missing parents become aliases)."""
    from wagtail.models import Locale

    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    copy.title = title
    copy.save()
    if publish:
        copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def deliver_all():
    """What the workers do once the request has committed: send everything due in the outbox
    (notifications/outbox.py), batch after batch. Returns the number of e-mails accepted."""
    from notifications import outbox

    sent = 0
    while outbox.due_exists():
        sent += outbox.deliver_batch()
    return sent


def clear_demo_exchange():
    """None of the demo content's partner searches, reviews, results and replication links
    (portal/fixtures/evidence.json), for tests that set up what they check themselves."""
    from casestudies.models import CaseStudyPage, ContentReview, PracticeReview, Replication, ResultIndicator

    CaseStudyPage.objects.update(seeking_partners=False, partnership_note="")
    for model in (PracticeReview, ContentReview, Replication, ResultIndicator):
        model.objects.all().delete()
