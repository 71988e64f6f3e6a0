"""The Content-Security-Policy blocks nothing the portal's own pages need: a real browser
reports every violation as a `securitypolicyviolation` event, and there must be none."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

PAGES = [
    "/",
    "/case-studies/?country=thailand",
    "/cities/bangkok/",
    "/cities/bangkok/traffy-fondue-bangkok/",
    "/events/asean-japan-hlm-4/",
    "/search/?q=water",
    "/th/",
    "/subscribe/",
    "/embed/case-studies/?country=thailand",
    "/partners-wanted/",
    "/network/",
    "/cities/siem-reap/siem-reap-public-transport-study/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
]


# Blocked on purpose: ReDoc's bundle shows a "powered by" logo from Redocly's CDN, and the
# portal's pages load nothing from other sites.
EXPECTED = {"img-src https://cdn.redoc.ly/redoc/logo-mini.svg"}


def test_no_page_trips_the_content_security_policy(page, portal):
    page.add_init_script(RECORD_VIOLATIONS)
    found = {}
    for path in PAGES:
        response = page.goto(portal + path)
        assert response.ok, path
        assert response.headers.get("content-security-policy"), path
        page.wait_for_load_state("networkidle")
        violations = set(page.evaluate("window.__cspViolations")) - EXPECTED
        if violations:
            found[path] = sorted(violations)
    assert not found, f"blocked by the Content-Security-Policy: {found}"


def test_scripts_still_run_under_the_policy(page, portal):
    page.goto(portal + "/")
    expect(page.locator(".leaflet-marker-icon").first).to_be_visible()  # the map's script ran
    page.goto(portal + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()  # Swagger UI started from its URL
