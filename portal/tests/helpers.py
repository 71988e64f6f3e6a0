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
