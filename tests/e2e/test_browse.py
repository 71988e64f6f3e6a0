import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_goes_from_home_to_a_case_study_through_a_facet(page, portal):
    page.goto(portal + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # The map shows every city as a marker, with no tile server configured.
    expect(page.locator(".leaflet-marker-icon")).to_have_count(27)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Case studies").click()
    expect(page).to_have_url(re.compile(r"/case-studies/$"))
    cards = page.get_by_test_id("case-study-card")
    total = cards.count()
    assert total >= 12

    page.get_by_role("checkbox", name=re.compile(r"^Japan \(\d+\)")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"country=japan"))
    expect(cards.first).to_be_visible()
    assert 0 < cards.count() < total
    for card in cards.all():
        expect(card).to_contain_text("Japan")

    cards.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/cities/aizuwakamatsu/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Lessons learned")).to_be_visible()
