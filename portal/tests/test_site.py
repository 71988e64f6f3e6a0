import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage
from cities.models import CityPage
from portal.tests.helpers import map_points, soup, text

pytestmark = pytest.mark.django_db


def test_home_page_shows_featured_case_studies_events_map_and_counts(client):
    response = client.get("/")
    content = text(response)
    for page in CaseStudyPage.objects.live().filter(featured=True):
        assert page.title in content
    assert len(map_points(response)) == CityPage.objects.live().count() == 27
    total = CaseStudyPage.objects.live().count()
    assert str(total) in content
    # Counts by country and focus area link into the library's facets.
    thai = CaseStudyPage.objects.live().filter(city__country__slug="thailand").count()
    link = soup(response).find("a", href="/case-studies/?country=thailand")
    assert link is not None and str(thai) in link.get_text()
    assert soup(response).find("a", href="/case-studies/?focus_area=civic-social") is not None
    # Every event is past in the demo content, so the latest ones are shown instead.
    assert "7th ASEAN-Japan Smart Cities Network High Level Meeting" in content


def test_every_page_type_answers(client):
    for url in [
        "/",
        "/about/",
        "/cities/",
        "/cities/bangkok/",
        "/case-studies/",
        "/cities/bangkok/traffy-fondue-bangkok/",
        "/events/",
        "/events/asean-japan-hlm-4/",
        "/search/",
    ]:
        assert client.get(url).status_code == 200, url


def test_unknown_url_gives_a_helpful_404(client):
    response = client.get("/cities/atlantis/")
    assert response.status_code == 404
    assert b"/case-studies/" in response.content


def test_site_search_finds_pages_of_every_kind(client):
    content = text(client.get("/search/", {"q": "Aizuwakamatsu"}))
    assert "Smart City Aizuwakamatsu" in content  # a case study
    assert "4th ASEAN-Japan Smart Cities Network High Level Meeting" in content  # an event
    nothing = client.get("/search/", {"q": "zzqxjv"})
    assert "Nothing matched “zzqxjv”" in text(nothing)


@pytest.mark.parametrize(
    "query", ["a" * 1000, "'; DROP TABLE wagtailcore_page; --", "東京 ОПЕРАЦИЯ \x00", '"""', "* OR *"]
)
def test_site_search_survives_odd_queries(client, query):
    assert client.get("/search/", {"q": query}).status_code == 200


def test_sitemap_lists_public_pages(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/cities/bangkok/traffy-fondue-bangkok/" in body
    assert "/events/asean-japan-hlm-4/" in body


def test_sitemap_lists_every_languages_pages_but_not_drafts(client):
    from wagtail.models import Locale

    from cities.models import CityPage

    thai = Locale.objects.get(language_code="th")
    bangkok = CityPage.objects.get(slug="bangkok", locale__language_code="en")
    thai_bangkok = bangkok.copy_for_translation(thai)
    khmer_bangkok = bangkok.copy_for_translation(Locale.objects.get(language_code="km"))  # a draft
    thai_bangkok.save_revision().publish()
    body = client.get("/sitemap.xml").content.decode()
    assert "/th/cities/bangkok/</loc>" in body
    assert "/th/case-studies/</loc>" in body
    assert ":8000/cities/bangkok/</loc>" in body
    assert not khmer_bangkok.live and "/km/cities/bangkok/" not in body


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_health_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200  # what each check reports: portal/tests/test_resilience.py
    assert {name: check["status"] for name, check in ready.json()["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "worker": "missing",  # no worker runs the heartbeat here
    }


def test_ensure_admin_creates_the_account_once_and_prints_its_login(capsys, settings, tmp_path):
    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "Admin account created" in first
    password = first.split("admin / ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)
    call_command("ensure_admin")
    again = capsys.readouterr().out
    assert f"admin / {password}" in again
    assert "Demo accounts:" not in again  # their passwords live in another var/ folder in this test


def test_admin_can_open_the_editors_of_every_page_type(client, two_factor_login):
    from django.contrib.auth import get_user_model

    from events.models import EventPage

    admin = get_user_model().objects.create_superuser("editor-admin", "a@example.org", "pw")
    two_factor_login(client, admin)
    for page in [CityPage.objects.first(), CaseStudyPage.objects.first(), EventPage.objects.first()]:
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    city = CityPage.objects.first()
    assert client.get(f"/admin/pages/add/casestudies/casestudypage/{city.pk}/").status_code == 200
