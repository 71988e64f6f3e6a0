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
