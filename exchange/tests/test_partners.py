"""Looking for partners: a city marks a case study, another city answers "we are interested",
both cities' editors and the secretariat are told (outbox, delivered over real SMTP); the
listing, the feed, the slot on the case-study page and the admin list."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, PartnerNeed
from cities.models import CityPage
from exchange.models import PartnerInterest
from notifications.models import OutboxEmail
from portal.accounts import demo_password
from portal.tests.admin_forms import edit_data
from portal.tests.helpers import deliver_all, english, soup, text, translate

pytestmark = pytest.mark.django_db

EDITOR_A = "aizuwakamatsu-editor@example.org"
EDITOR_B = "da-nang-editor@example.org"
SECRETARIAT = "secretariat@example.org"
ATOM = "{http://www.w3.org/2005/Atom}"


def user(username):
    return get_user_model().objects.get(username=username)


def logged_in(username):
    client = Client()
    client.force_login(user(username))  # city editors need no second factor
    return client


def seeking(page, needs=("funding",), note="", stage=None):
    """Mark `page` as looking for partners and publish it, as the secretariat does after review."""
    page.seeking_partners = True
    page.partnership_note = note
    if stage:
        page.stage = stage
    page.partner_needs.set(PartnerNeed.objects.filter(slug__in=needs))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def new_case_study(city_slug, title, **kwargs):
    page = CaseStudyPageFactory(parent=english(CityPage, city_slug), title=title, live=False, results=[], **kwargs)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def notices_about(interest):
    return OutboxEmail.objects.filter(key__startswith=f"notice:partner-interest:{interest.pk}:")


@pytest.fixture(autouse=True)
def empty_outbox():
    OutboxEmail.objects.all().delete()  # the demo's moderation notices


@pytest.fixture
def aizu_search():
    """Aizuwakamatsu's case study, looking for funding and a peer city."""
    page = new_case_study("aizuwakamatsu", "Snow clearing by sensors")
    return seeking(page, needs=("funding", "peer-city"), note="A city with heavy snow to share the sensors' costs.")


def words(response):
    """The text of a page whatever its status (helpers.text() expects a 200)."""
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


def interest_url(page, prefix=""):
    return f"{prefix}/partners-wanted/{page.pk}/interest/"


def multi_valued(data):
    """A QueryDict as the test client must get it: it posts only the last value of each key."""
    return dict(data.lists())


# --- The round trip ---------------------------------------------------------------------


def test_an_editor_marks_a_case_study_in_the_page_editor():
    page = new_case_study("aizuwakamatsu", "Snow clearing by sensors")
    editor_a = logged_in("aizuwakamatsu-editor")

    # Looking for partners without saying what for is refused, with the reason.
    data = edit_data(editor_a, page, seeking_partners="on", partnership_note="Share the sensors' costs.")
    response = editor_a.post(f"/admin/pages/{page.pk}/edit/", multi_valued(data))
    assert response.status_code == 200
    assert "Say what you are looking for" in response.content.decode()

    data.setlist("partner_needs", [str(PartnerNeed.objects.get(slug=slug).pk) for slug in ("funding", "expertise")])
    response = editor_a.post(f"/admin/pages/{page.pk}/edit/", multi_valued(data))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.seeking_partners  # a draft until the secretariat publishes it
    page.get_latest_revision().publish()
    page.refresh_from_db()
    assert page.seeking_partners and {need.slug for need in page.partner_needs.all()} == {"funding", "expertise"}
    assert page.partnership_note == "Share the sensors' costs."


def test_another_city_answers_and_both_cities_and_the_secretariat_are_told(smtp_inbox):
    page = seeking(new_case_study("aizuwakamatsu", "Snow clearing by sensors"), needs=("funding", "expertise"))

    editor_b = logged_in("da-nang-editor")
    response = editor_b.get(interest_url(page))
    assert response.status_code == 200
    form = soup(response).find("form", class_="form")
    assert form is not None and "Da Nang" in text(response)
    assert "Funding" in text(response) and "Expertise" in text(response)

    response = editor_b.post(interest_url(page), {"message": "We ran a similar pilot & can share the data."})
    assert response.status_code == 302 and response["Location"] == interest_url(page)
    interest = PartnerInterest.objects.get(translation_key=page.translation_key)
    assert interest.city == english(CityPage, "da-nang") and interest.user == user("da-nang-editor")
    assert interest.message == "We ran a similar pilot & can share the data."
    follow = editor_b.get(interest_url(page))
    assert "have been told that Da Nang is interested" in text(follow)
    assert soup(follow).find("form", class_="form") is None

    assert sorted(notices_about(interest).values_list("to", flat=True)) == sorted([EDITOR_A, EDITOR_B, SECRETARIAT])
    deliver_all()
    (to_a,) = smtp_inbox.to(EDITOR_A)
    assert to_a["Subject"] == "Da Nang is interested in your partner search: Snow clearing by sensors"
    body_a = to_a.get_body(("plain",)).get_content()
    assert "We ran a similar pilot & can share the data." in body_a  # not HTML-escaped
    assert "da-nang-editor@example.org" in body_a  # so that the lead city can reply
    assert "Looking for: Funding, Expertise" in body_a
    assert page.get_full_url() in body_a and f"/admin/pages/{page.pk}/edit/" in body_a
    assert f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/partner-searches/" in body_a

    (to_b,) = smtp_inbox.to(EDITOR_B)
    assert "Da Nang is interested in: Snow clearing by sensors (Aizuwakamatsu)" == to_b["Subject"]
    assert "The editors of Aizuwakamatsu and the network secretariat have been told" in to_b.get_body(
        ("plain",)
    ).get_content().replace("\n", " ")

    (to_secretariat,) = smtp_inbox.to(SECRETARIAT)
    assert to_secretariat["Subject"].strip().startswith("Partner search answered: Da Nang →")
    assert "/admin/partner-searches/" in to_secretariat.get_body(("plain",)).get_content()
    assert deliver_all() == 0  # nothing sent twice


def test_answering_twice_for_the_same_city_sends_nothing_more(aizu_search):
    editor_b = logged_in("da-nang-editor")
    assert editor_b.post(interest_url(aizu_search), {"message": "First"}).status_code == 302
    interest = PartnerInterest.objects.get()
    rows = notices_about(interest).count()
    assert rows == 3

    response = editor_b.get(interest_url(aizu_search))
    assert "Da Nang already answered on" in text(response)
    assert soup(response).find("form", class_="form") is None

    # A second form left open in another tab.
    city = english(CityPage, "da-nang")
    response = editor_b.post(interest_url(aizu_search), {"city": city.pk, "message": "Again"})
    assert response.status_code == 409
    assert f"Da Nang already answered on {interest.created_at:%-d %B %Y}" in words(response)
    assert PartnerInterest.objects.count() == 1 and PartnerInterest.objects.get().message == "First"
    assert OutboxEmail.objects.filter(key__startswith="notice:partner-interest:").count() == rows

    # Answering from the Thai page of the same case study is the same answer.
    thai = translate(aizu_search, "การกำจัดหิมะด้วยเซ็นเซอร์")
    assert thai.seeking_partners
    response = editor_b.post(interest_url(thai, "/th"), {"city": city.pk})
    assert response.status_code == 409 and PartnerInterest.objects.count() == 1


def test_a_message_too_long_is_refused_with_the_reason(aizu_search):
    editor_b = logged_in("da-nang-editor")
    response = editor_b.post(interest_url(aizu_search), {"message": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters (it has 2001)" in response.content.decode()
    assert not PartnerInterest.objects.exists()


# --- Who may answer ----------------------------------------------------------------------


def test_the_lead_citys_own_editors_cannot_answer(aizu_search):
    response = logged_in("aizuwakamatsu-editor").post(interest_url(aizu_search), {"message": "Us!"})
    assert response.status_code == 403
    assert "This is Aizuwakamatsu’s own partner search" in response.content.decode()
    assert not PartnerInterest.objects.exists() and not OutboxEmail.objects.exists()


def test_an_account_without_a_city_team_cannot_answer(aizu_search, two_factor_login):
    secretariat = Client()
    two_factor_login(secretariat, user("secretariat"))
    for client in (logged_in("delegate"), secretariat):
        response = client.get(interest_url(aizu_search))
        assert response.status_code == 403
        assert "your account is not in any city’s team" in response.content.decode()
    assert logged_in("delegate").post(interest_url(aizu_search), {"message": "Hi"}).status_code == 403
    assert not PartnerInterest.objects.exists()


def test_a_city_already_partner_of_the_case_study_cannot_answer(aizu_search):
    aizu_search.partner_cities.add(english(CityPage, "da-nang"))
    aizu_search.save_revision().publish()
    response = logged_in("da-nang-editor").get(interest_url(aizu_search))
    assert response.status_code == 403
    assert "already a partner city of this case study" in response.content.decode()


def test_an_editor_of_several_cities_chooses_which_one_answers(aizu_search):
    editor = user("da-nang-editor")
    editor.groups.add(Group.objects.get(name="Bangkok editors"))
    client = logged_in("da-nang-editor")
    response = client.get(interest_url(aizu_search))
    choices = {radio["value"] for radio in soup(response).find_all("input", attrs={"name": "city"})}
    bangkok, da_nang = english(CityPage, "bangkok"), english(CityPage, "da-nang")
    assert choices == {str(bangkok.pk), str(da_nang.pk)}

    assert client.post(interest_url(aizu_search), {"city": bangkok.pk}).status_code == 302
    response = client.get(interest_url(aizu_search))
    assert "Bangkok already answered on" in text(response)
    assert {radio["value"] for radio in soup(response).find_all("input", attrs={"name": "city"})} == {str(da_nang.pk)}


def test_anonymous_visitors_are_sent_to_the_editor_login(client, aizu_search):
    response = client.get(interest_url(aizu_search, "/th"))
    assert response.status_code == 302
    login_url = response["Location"]
    assert login_url.startswith("/admin/login/?next=/th/partners-wanted/")

    # An editor signs in there and comes back to the form.
    credentials = {"username": "da-nang-editor", "password": demo_password("da-nang-editor")}
    response = client.post(login_url, credentials)
    assert response.status_code == 302 and response["Location"] == interest_url(aizu_search, "/th")
    assert soup(client.get(response["Location"])).find("form", class_="form") is not None


def test_a_case_study_not_looking_for_partners_cannot_be_answered(aizu_search):
    editor_b = logged_in("da-nang-editor")
    not_seeking = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    response = editor_b.get(interest_url(not_seeking))
    assert response.status_code == 404
    assert "is not looking for partners at the moment" in response.content.decode()
    assert editor_b.post(interest_url(not_seeking), {"message": "Hi"}).status_code == 404

    aizu_search.unpublish()
    assert editor_b.post(interest_url(aizu_search), {"message": "Hi"}).status_code == 404
    assert editor_b.get("/partners-wanted/999999/interest/").status_code == 404
    assert not PartnerInterest.objects.exists()


# --- The case-study page -----------------------------------------------------------------


def test_the_case_study_page_shows_what_is_sought_and_links_to_the_answer(client, aizu_search):
    box = soup(client.get(aizu_search.url)).find("section", class_="partners-sought")
    assert box is not None
    words = " ".join(box.get_text(" ").split())
    assert "Looking for partners" in words and "Funding" in words and "A peer city" in words
    assert "A city with heavy snow to share the sensors' costs." in words
    link = box.find("a", string="Is your city interested?")
    assert link["href"] == interest_url(aizu_search)
    assert 'name="csrfmiddlewaretoken"' not in str(box)

    thai = translate(aizu_search, "การกำจัดหิมะด้วยเซ็นเซอร์")
    box = soup(client.get(thai.url)).find("section", class_="partners-sought")
    assert box.find("a", class_="button")["href"] == interest_url(thai, "/th")

    other = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    assert soup(client.get(other.url)).find("section", class_="partners-sought") is None


def test_a_planned_project_says_so(client):
    page = seeking(new_case_study("da-nang", "Flood warnings by SMS"), needs=("technology",), stage="idea")
    words = text(client.get(page.url))
    assert "Da Nang is planning this project and is looking for partner cities and organisations." in words


# --- Listing and feed --------------------------------------------------------------------


def cards(page):
    return {card.h3.get_text(strip=True) for card in page.find_all(attrs={"data-testid": "partner-search-card"})}


def test_the_listing_shows_only_searches_and_filters_by_need_and_country(client, aizu_search):
    da_nang = seeking(new_case_study("da-nang", "Flood warnings by SMS"), needs=("technology",), stage="idea")

    page = soup(client.get("/partners-wanted/"))
    searches = CaseStudyPage.objects.live().filter(seeking_partners=True, locale__language_code="en")
    assert {"Snow clearing by sensors", "Flood warnings by SMS"} < cards(page)
    assert cards(page) == set(searches.values_list("title", flat=True))  # the demo's searches too
    assert CaseStudyPage.objects.live().filter(seeking_partners=False).exists()  # and none of the others
    assert page.find("link", rel="alternate", type="application/rss+xml", href="/feeds/partners-wanted/") is not None
    assert "Planned project" in page.get_text()

    def listed(query):
        return cards(soup(client.get(f"/partners-wanted/?{query}")))

    def searching(**lookups):
        return set(searches.filter(**lookups).distinct().values_list("title", flat=True))

    assert "Flood warnings by SMS" in listed("need=technology")
    assert listed("need=technology") == searching(partner_needs__slug="technology")
    assert "Snow clearing by sensors" not in listed("need=technology")
    assert listed("need=funding&need=technology") == searching(partner_needs__slug__in=["funding", "technology"])
    assert listed("country=japan") == searching(city__country__slug="japan") == {"Snow clearing by sensors"}
    assert listed("country=japan&need=technology") == set()
    nothing = client.get("/partners-wanted/?country=japan&need=technology")
    assert "No partner searches match these filters." in text(nothing)

    thai = client.get("/th/partners-wanted/")
    assert thai.status_code == 200
    assert soup(thai).find("link", rel="alternate", href="/feeds/partners-wanted/?locale=th") is not None
    assert da_nang.title in thai.content.decode()  # not translated: listed in English


def test_the_feed_lists_the_searches_newest_first_with_what_they_seek(client, aizu_search):
    newer = seeking(new_case_study("da-nang", "Flood warnings by SMS"), needs=("technology", "expertise"))

    response = client.get("/feeds/partners-wanted/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items][:2] == [newer.title, aizu_search.title]
    searches = CaseStudyPage.objects.live().filter(seeking_partners=True, locale__language_code="en")
    assert {item.findtext("title") for item in items} == set(searches.values_list("title", flat=True))
    assert "Looking for:" in items[0].findtext("description") and "Technology, Expertise" in items[0].findtext(
        "description"
    )
    assert {category.text for category in items[0].findall("category")} == {"Technology", "Expertise"}
    assert items[0].findtext("link") == newer.get_full_url()
    assert channel.findtext("link").endswith("/partners-wanted/")

    atom = ET.fromstring(client.get("/feeds/partners-wanted.atom").content)
    entries = atom.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries][:2] == [newer.title, aizu_search.title]

    assert client.get("/feeds/partners-wanted/?locale=xx").status_code == 400
    thai = ET.fromstring(client.get("/feeds/partners-wanted/?locale=th").content)
    in_thai = CaseStudyPage.objects.live().filter(seeking_partners=True, locale__language_code="th")
    thai_titles = {item.findtext("title") for item in thai.find("channel").findall("item")}
    assert thai_titles == set(in_thai.values_list("title", flat=True))  # what is published in Thai only
    assert newer.title not in thai_titles


# --- Admin -------------------------------------------------------------------------------


def test_city_editors_answer_from_the_admin_list(aizu_search):
    editor_b = logged_in("da-nang-editor")
    dashboard = editor_b.get("/admin/").content.decode()
    assert "/admin/partner-searches/" in dashboard

    response = editor_b.get("/admin/partner-searches/")
    assert response.status_code == 200
    row = next(tr for tr in soup(response).find_all("tr") if "Snow clearing by sensors" in tr.get_text())
    button = row.find("a", string="We are interested")
    assert button["href"] == interest_url(aizu_search)
    assert "Funding, A peer city" in row.get_text()

    editor_b.post(button["href"], {"message": "Yes"})
    row = next(
        tr for tr in soup(editor_b.get("/admin/partner-searches/")).find_all("tr") if "Snow clearing" in tr.get_text()
    )
    assert "Da Nang answered on" in row.get_text() and row.find("a", string="We are interested") is None
    assert "Cities that answered" not in editor_b.get("/admin/partner-searches/").content.decode()

    own = logged_in("aizuwakamatsu-editor").get("/admin/partner-searches/")
    own_row = next(tr for tr in soup(own).find_all("tr") if "Snow clearing" in tr.get_text())
    assert "Your city’s search" in own_row.get_text()


def test_the_secretariat_sees_which_cities_answered(aizu_search, two_factor_login):
    logged_in("da-nang-editor").post(interest_url(aizu_search), {"message": "Yes"})
    secretariat = Client()
    two_factor_login(secretariat, user("secretariat"))
    response = secretariat.get("/admin/partner-searches/")
    assert response.status_code == 200
    row = next(tr for tr in soup(response).find_all("tr") if "Snow clearing" in tr.get_text())
    cells = [" ".join(td.get_text(" ").split()) for td in row.find_all("td")]
    assert cells[1] == "Aizuwakamatsu, Japan" and cells[3] == "1" and cells[4].startswith("Da Nang (")


def test_the_admin_list_is_for_city_editors_and_the_secretariat(client):
    translator = get_user_model().objects.create_user("translator-th", password="x")
    translator.groups.add(Group.objects.get(name__startswith="Translators (Thai"))
    client.force_login(translator)
    assert client.get("/admin/partner-searches/").status_code in (302, 403)
    assert "/admin/partner-searches/" not in client.get("/admin/").content.decode()
