"""axe-core on every public page type (docs/accessibility.md).

One browser, one live server and one demo load for all pages: the pages are visited in one
test, each checked as a subtest, so a failure names the page and the others still run.
Serious and critical violations fail; moderate and minor ones are reported as warnings."""

import re
import warnings

import pytest
from playwright.sync_api import expect

from notifications import links
from portal.accounts import demo_password
from tests.e2e.accessibility import audit

CASE_STUDY = "/cities/aizuwakamatsu/aizuwakamatsu-drones-disaster-information/"
EVENT = "/events/asean-japan-hlm-4/"  # with public and delegates-only materials

# (label, path, expected HTTP status)
PAGES = [
    ("home", "/", 200),
    ("library", "/case-studies/", 200),
    ("library, filtered", "/case-studies/?country=japan&focus_area=safety-security&sort=title", 200),
    ("library, search with no results", "/case-studies/?q=zzzqqxx", 200),
    ("library, unknown filter values", "/case-studies/?country=atlantis&year_started=abc&page=99", 200),
    ("library, page 2", "/case-studies/?page=2", 200),
    ("case study", CASE_STUDY, 200),
    ("city index", "/cities/", 200),
    ("city", "/cities/aizuwakamatsu/", 200),
    ("event index", "/events/", 200),
    ("event", EVENT, 200),
    ("standard page", "/about/", 200),
    ("search, no query", "/search/", 200),
    ("search", "/search/?q=drones", 200),
    ("subscribe", "/subscribe/", 200),
    ("subscribe, sent", "/subscribe/sent/", 200),
    ("subscribe, bad link", "/subscribe/confirm/not-a-token/", 400),
    ("delegate login", "/login/", 200),
    ("not found", "/no-such-page/", 404),
    ("embed widget", "/embed/case-studies/?country=japan", 200),
    ("partners wanted", "/partners-wanted/", 200),
    ("partners wanted, filtered", "/partners-wanted/?need=funding&country=cambodia", 200),
    ("network in figures", "/network/", 200),
    # A second language: the pages that exist in Thai, one in Khmer and one in Japanese.
    ("Thai home", "/th/", 200),
    ("Thai library", "/th/case-studies/?country=thailand", 200),
    ("Thai city index", "/th/cities/", 200),
    ("Thai standard page", "/th/about/", 200),
    ("Thai subscribe", "/th/subscribe/", 200),
    ("Thai not found", "/th/no-such-page/", 404),
    ("Khmer city index", "/km/cities/", 200),
    ("Japanese events", "/ja/events/", 200),
    ("Thai network in figures", "/th/network/", 200),
]

# The API docs are drf-spectacular's templates around Swagger UI and ReDoc (vendored by
# drf-spectacular-sidecar). Our templates/drf_spectacular/ copies add the page language;
# these rules fail inside Swagger UI's own markup and stylesheet, which we do not maintain:
SWAGGER_UI_RULES_OFF = (
    "color-contrast",  # its method badges and links (white on #61affe, #49cc90 on white …)
    "nested-interactive",  # its operation summaries: a <button> around the copy-path button
)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_accessibility_violations(page, portal, subtests):
    from casestudies.models import CaseStudyPage

    notices = []

    def check(label, **options):
        result = audit(page, **options)
        with subtests.test(msg=label):
            assert not result.blocking, f"{label}: serious or critical accessibility violations\n" + result.report()
        if result.notices:
            notices.append(f"{label}: " + result.report(result.notices))

    for label, path, status in PAGES:
        response = page.goto(portal + path)
        assert response.status == status, f"{label}: {path} answered {response.status}"
        check(label)

    # The states that a visitor reaches by doing something.
    page.goto(portal + "/th/search/?q=เมือง")  # "city"
    expect(page.locator(".result-list li").first).to_be_visible()
    check("Thai search")

    page.goto(portal + "/subscribe/")
    page.get_by_role("textbox", name="E-mail address").fill("a11y@example")  # no top-level domain: refused
    page.locator("main").get_by_role("button", name="Subscribe").click()
    expect(page.locator(".form__error").first).to_be_visible()
    check("subscribe, form with errors")

    page.goto(portal + "/login/")
    page.get_by_label("Username").fill("delegate")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Delegate login")).to_be_visible()
    check("delegate login, wrong password")

    study = CaseStudyPage.objects.live().filter(locale__language_code="en").first()
    page.goto(f"{portal}/embed/case-study/{study.pk}/")
    check("embed widget, one case study")

    # Asking the team behind a case study: the form, its errors, the confirmation.
    page.goto(portal + CASE_STUDY)
    page.locator("main").get_by_role("link", name=re.compile("Write to the team")).click()
    page.locator("main").get_by_role("button", name="Send the message").click()
    expect(page.locator(".form__error").first).to_be_visible()
    check("contact the team, form with errors")
    page.get_by_label("Your name").fill("Accessibility Check")
    page.get_by_label("Your e-mail address").fill("a11y@example.org")
    page.get_by_label("Your message").fill("How did you train the drone pilots?")
    page.locator("main").get_by_role("button", name="Send the message").click()
    expect(page).to_have_url(re.compile(r"sent=1"))
    check("contact the team, sent")

    # A practice that spread: the replication chain across countries.
    page.goto(portal + "/cities/siem-reap/siem-reap-public-transport-study/")
    page.locator("main").get_by_role("link", name=re.compile("See the whole chain")).click()
    expect(page.locator("h1")).to_be_visible()
    check("replication chain")

    signup = {"email": "a11y@example.org", "language": "en", "frequency": "weekly"}
    signup |= {"focus_areas": [], "countries": ["japan"], "cities": []}
    page.goto(f"{portal}/subscribe/confirm/{links.confirmation_token(signup)}/")
    check("subscribe, confirm")
    page.locator("main").get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/subscribe/manage/"))
    check("subscription, manage")
    page.locator("main").get_by_role("link", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1, name="Unsubscribe")).to_be_visible()
    check("subscription, unsubscribe")
    page.locator("main").get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    check("subscription, unsubscribed")

    page.goto(portal + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    check("API docs (Swagger UI)", disable_rules=SWAGGER_UI_RULES_OFF)
    page.goto(portal + "/api/v1/redoc/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check("API docs (ReDoc)")

    # Last, as a logged-in delegate: the event with its delegates-only materials open.
    page.goto(f"{portal}/login/?next={EVENT}")
    page.get_by_label("Username").fill("delegate")
    page.get_by_label("Password").fill(demo_password("delegate"))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(EVENT) + "$"))
    check("event, as a delegate")

    if notices:
        warnings.warn("moderate or minor accessibility violations:\n" + "\n".join(notices), stacklevel=1)


@pytest.mark.e2e
def test_the_check_finds_violations_under_a_strict_content_security_policy(page):
    """The check itself: axe is injected and finds violations on a page whose CSP forbids
    every script (page.add_script_tag would be refused here)."""
    url = "http://portal.invalid/"
    html = "<!DOCTYPE html><html><head><title>t</title></head><body><main><img src='x.png'></main></body></html>"
    headers = {"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'; script-src 'none'"}
    page.route(url, lambda route: route.fulfill(status=200, headers=headers, body=html))
    page.goto(url)

    result = audit(page)

    found = {violation["id"]: violation["impact"] for violation in result.violations}
    assert found["image-alt"] == "critical"
    assert found["html-has-lang"] == "serious"
    assert sorted(v["id"] for v in result.blocking) == ["html-has-lang", "image-alt"]
