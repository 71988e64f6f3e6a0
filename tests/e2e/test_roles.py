import re

import pytest
from playwright.sync_api import expect

from portal.accounts import demo_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HLM4 = "/events/asean-japan-hlm-4/"
RESTRICTED = "Delegate briefing: site visits in Fukushima Prefecture"


def test_delegate_logs_in_from_the_event_page_and_downloads_the_restricted_document(page, portal):
    page.goto(portal + HLM4)
    material = page.locator("li", has_text=RESTRICTED).last
    expect(material.get_by_role("link", name="Log in as a delegate to open this material")).to_be_visible()
    material.get_by_role("link", name="Log in as a delegate to open this material").click()

    expect(page.get_by_role("heading", name="Delegate login")).to_be_visible()
    page.get_by_label("Username").fill("delegate")
    page.get_by_label("Password").fill(demo_password("delegate"))
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(re.escape(HLM4) + "$"))
    link = page.locator("li", has_text=RESTRICTED).last.get_by_role("link", name=re.compile("Download"))
    response = page.request.get(portal + link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"


def test_city_editor_sees_their_drafts_and_cannot_publish(page, portal):
    page.goto(portal + "/admin/login/")
    page.get_by_label("Username").fill("aizuwakamatsu-editor")
    page.get_by_label("Password").fill(demo_password("aizuwakamatsu-editor"))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your city's work")).to_be_visible()
    page.get_by_role("link", name="Log-in with the My Number card").first.click()
    footer = page.get_by_role("navigation", name="Actions (footer)")
    expect(footer.get_by_role("button", name="Save draft")).to_be_visible()
    footer.get_by_role("button", name="More actions").click()
    expect(footer.get_by_role("button", name=re.compile("Submit to Secretariat review"))).to_be_visible()
    expect(footer.get_by_role("button", name=re.compile("Publish"))).to_have_count(0)
