"""The interface in ten languages: the language switcher, hreflang links, translated
page furniture and language-prefixed addresses, as a visitor sees them."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.translation import check_for_language, override
from wagtail.models import Locale, Site

from portal.languages import LANGUAGES
from portal.templatetags.i18n_tags import language_versions
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

CODES = [code for code, _english, _native in LANGUAGES]
NATIVE = {code: native for code, _english, native in LANGUAGES}

PAGE_URLS = {
    "home": "/",
    "library": "/case-studies/",
    "city index": "/cities/",
    "city": "/cities/bangkok/",
    "case study": "/cities/bangkok/traffy-fondue-bangkok/",
    "event index": "/events/",
    "event": "/events/asean-japan-hlm-4/",
    "standard page": "/about/",
}
VIEW_URLS = {"search": "/search/", "login": "/login/"}
ALL_URLS = {**PAGE_URLS, **VIEW_URLS}


def switcher(response):
    """{language code: the switcher's element for it (a link, or the "not yet" notice)}."""
    nav = soup(response).find("nav", class_="language-switcher")
    assert nav is not None, "the page has no language switcher"
    entries = {}
    for item in nav.find_all("li"):
        link = item.find("a")
        if link is not None:
            entries[link["lang"]] = link
        else:
            entries[item.find("span", lang=True)["lang"]] = item.find("span", class_="language-switcher__unavailable")
    return entries


def hreflangs(response):
    return {link["hreflang"]: link["href"] for link in soup(response).find_all("link", rel="alternate", hreflang=True)}


def html_lang(response):
    return soup(response).find("html")["lang"]


def main_nav(response):
    return soup(response).find("nav", class_="site-nav")


def publish_in_thai(page):
    """The page's live Thai translation, made (with its missing ancestors) when there is none."""
    thai = Locale.objects.get(language_code="th")
    translation = page.get_translation_or_none(thai) or page.copy_for_translation(thai, copy_parents=True)
    for ancestor in [*translation.get_ancestors().filter(depth__gt=1).specific(), translation.specific]:
        if not ancestor.live:
            ancestor.save_revision().publish()
    return translation.specific


@pytest.mark.parametrize("url", ALL_URLS.values(), ids=ALL_URLS.keys())
def test_every_page_type_has_the_switcher_and_hreflang_in_english(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    entries = switcher(response)
    assert list(entries) == CODES
    english = entries["en"]
    assert english.name == "a" and english["href"] == url and english["aria-current"] == "page"
    assert [entry.get_text(" ", strip=True).split(" (")[0] for entry in entries.values()] == [NATIVE[c] for c in CODES]
    assert not any(entry.get("aria-current") for code, entry in entries.items() if code != "en")
    links = hreflangs(response)
    assert links["en"] == links["x-default"]
    assert links["en"].startswith("http") and links["en"].endswith(url)
    # Every hreflang link is a language the switcher links to, at the same address.
    for code, href in links.items():
        if code != "x-default":
            assert entries[code].name == "a" and href.endswith(entries[code]["href"])


@pytest.mark.parametrize("url", PAGE_URLS.values(), ids=PAGE_URLS.keys())
def test_a_thai_translation_is_linked_both_ways(client, url):
    publish_in_thai(client.get(url).context["page"])
    thai_url = f"/th{url}"

    english = client.get(url)
    assert switcher(english)["th"]["href"] == thai_url
    assert switcher(english)["th"]["hreflang"] == "th"
    assert hreflangs(english)["th"].endswith(thai_url)

    thai = client.get(thai_url)
    assert thai.status_code == 200
    assert html_lang(thai) == "th"
    entries = switcher(thai)
    assert entries["th"]["href"] == thai_url and entries["th"]["aria-current"] == "page"
    assert entries["en"]["href"] == url and "aria-current" not in entries["en"].attrs
    links = hreflangs(thai)
    assert links["th"].endswith(thai_url)
    assert links["en"].endswith(url) and links["x-default"] == links["en"]
    # The interface is in Thai and keeps the reader in Thai.
    nav = main_nav(thai)
    assert "กรณีศึกษา" in nav.get_text() and "เมือง" in nav.get_text()
    assert nav.find("a", href="/th/case-studies/") is not None
    assert soup(thai).find("a", class_="site-header__brand")["href"] == "/th/"
    assert soup(thai).find("form", role="search")["action"] == "/th/search/"
    assert "ภาษา" in soup(thai).find("nav", class_="language-switcher").get_text()


@pytest.mark.parametrize("url", [PAGE_URLS["city"], PAGE_URLS["case study"], PAGE_URLS["event"]])
def test_a_language_without_the_page_shows_a_notice_not_a_link(client, url):
    publish_in_thai(client.get(url).context["page"])
    response = client.get(url)
    lao = switcher(response)["lo"]
    assert lao.name == "span"
    assert lao["title"] == "not yet available in Lao"
    assert "not yet available in Lao" in lao.get_text()
    assert lao.find("span", lang="lo").get_text() == "ລາວ"
    assert "lo" not in hreflangs(response)
    # In Thai, the notice is in Thai.
    thai = client.get(f"/th{url}")
    assert switcher(thai)["lo"]["title"] == "ยังไม่มีในภาษาลาว"


def test_the_thai_breadcrumb_and_furniture(client):
    case_study = publish_in_thai(client.get(PAGE_URLS["case study"]).context["page"])
    response = client.get(f"/th{PAGE_URLS['case study']}")
    breadcrumb = soup(response).find("nav", class_="breadcrumb")
    home = breadcrumb.find("a")
    assert home.get_text() == "หน้าแรก" and home["href"] == "/th/"
    content = text(response)
    assert "ข้อมูลโดยสรุป" in content  # "Facts"
    assert "ระยะ" in content  # "Stage"
    assert case_study.title in content


@pytest.mark.parametrize("name", VIEW_URLS)
def test_views_that_are_not_pages_swap_the_prefix_and_keep_the_query(client, name):
    url = VIEW_URLS[name]
    query = {"q": "bangkok"} if name == "search" else {"next": "/events/"}
    response = client.get(url, query)
    raw_query = response.wsgi_request.META["QUERY_STRING"]
    entries = switcher(response)
    for code in CODES:
        assert entries[code].name == "a"
        expected = url if code == "en" else f"/{code}{url}"
        assert entries[code]["href"] == f"{expected}?{raw_query}"
    thai = client.get(f"/th{url}", query)
    assert thai.status_code == 200 and html_lang(thai) == "th"
    assert switcher(thai)["en"]["href"] == f"{url}?{raw_query}"
    assert switcher(thai)["th"]["aria-current"] == "page"
    assert hreflangs(thai)["x-default"].endswith(url)


def test_thai_search_and_login_are_in_thai(client):
    search = client.get("/th/search/", {"q": "zzqxjv"})
    assert "ไม่พบผลลัพธ์สำหรับ “zzqxjv”" in text(search)
    assert soup(search).find("form", class_="library__search")["action"] == "/th/search/"
    login = client.get("/th/login/")
    assert soup(login).find("h1").get_text() == "เข้าสู่ระบบสำหรับผู้แทน"
    assert soup(login).find("form", class_="form")["action"] == "/th/login/"


@pytest.mark.parametrize(
    ("code", "case_studies", "search"),
    [("fil", "Mga case study", "Maghanap"), ("lo", "ກໍລະນີສຶກສາ", "ຄົ້ນຫາ")],
)
def test_filipino_and_lao_render_their_own_catalogues(client, code, case_studies, search):
    # Django ships no catalogue for either: ours in locale/ makes them real languages.
    assert check_for_language(code)
    for url in [f"/{code}/", f"/{code}/cities/", f"/{code}/search/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang(response) == code
        nav = main_nav(response)
        assert case_studies in nav.get_text()
        assert nav.find("a", href=f"/{code}/case-studies/") is not None
        assert soup(response).find("button", class_="site-search__button").get_text() == search
        assert switcher(response)[code]["aria-current"] == "page"


@pytest.mark.parametrize("code", [c for c in CODES if c != "en"])
def test_every_language_translates_the_navigation(client, code):
    response = client.get(f"/{code}/")
    nav = main_nav(response).get_text(" ", strip=True)
    for english in ["Case studies", "Cities", "Events", "Search"]:
        assert english not in nav, (code, nav)
    footer = soup(response).find("footer").get_text(" ", strip=True)
    assert "About the network" not in footer and "Explore" not in footer


@pytest.mark.parametrize("url", ALL_URLS.values(), ids=ALL_URLS.keys())
def test_unprefixed_english_addresses_still_answer_in_english(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert main_nav(response).find("a", href="/case-studies/").get_text() == "Case studies"


def test_not_found_in_thai_is_in_thai_without_hreflang(client):
    response = client.get("/th/cities/atlantis/")
    assert response.status_code == 404
    page = soup_of(response)
    assert page.find("h1").get_text() == "ไม่พบหน้านี้"
    assert page.find("a", href="/th/case-studies/") is not None
    assert page.find("nav", class_="language-switcher") is not None
    assert not page.find_all("link", hreflang=True)


def test_server_error_page_follows_the_active_language():
    with override("th"):
        html = render_to_string("500.html")
    assert '<html lang="th"' in html
    assert "ขออภัย เกิดข้อผิดพลาดบางอย่าง" in html
    assert 'href="/th/"' in html


def test_the_switcher_costs_one_query(client, django_assert_num_queries):
    url = PAGE_URLS["case study"]
    page = client.get(url).context["page"]
    publish_in_thai(page)
    request = RequestFactory().get(url)
    Site.find_for_request(request)
    page.get_url(request=request)  # the site's root paths, cached on the request like a real render
    with django_assert_num_queries(1):
        versions = language_versions({"request": request}, page)
    assert [v.code for v in versions.available] == ["en", "th"]
    assert versions.default.url == url


def soup_of(response):
    from bs4 import BeautifulSoup

    return BeautifulSoup(response.content, "html.parser")
