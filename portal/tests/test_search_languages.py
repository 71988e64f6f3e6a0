"""Search in the language being browsed: recall and precision on a corpus in each language.

The corpus (search_corpus.py) is published under each language's home; every query goes
through the site search (/th/search/?q=…) and through portal.search.search_query, and
must find exactly the corpus pages its table lists."""

import pytest
from wagtail.models import Locale, Page

from portal.models import HomePage, StandardPage
from portal.search import search_query
from portal.segmentation import compound_parts, fold, malay_stems, segment, tokens, words_for_index
from portal.tests.helpers import soup
from portal.tests.search_corpus import PAGES, QUERIES

pytestmark = pytest.mark.django_db


def publish_corpus(language):
    """The language's corpus pages, live under its home: {title: key}."""
    home = HomePage.objects.get(locale__language_code=language)
    titles = {}
    for key, (title, introduction, paragraph) in PAGES[language].items():
        page = StandardPage(
            title=title,
            slug=f"search-corpus-{key}",
            introduction=introduction,
            body=[("paragraph", f"<p>{paragraph}</p>")],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        titles[title] = key
    return titles


def site_search(client, language, query):
    """The titles the site search lists, over all its pages of results."""
    prefix = "" if language == "en" else f"/{language}"
    titles = set()
    for number in range(1, 20):
        page = soup(client.get(f"{prefix}/search/", {"q": query, "page": number}))
        titles |= {link.get_text(strip=True) for link in page.select(".result__title a")}
        if not page.select_one('a[rel="next"]'):
            return titles
    raise AssertionError(f"more than 19 pages of results for {query!r}")


def direct_search(language, query):
    pages = Page.objects.live().public().filter(locale=Locale.objects.get(language_code=language))
    return {page.title for page in pages.search(search_query(query, language))}


@pytest.mark.parametrize("language", list(QUERIES))
def test_search_recall_and_precision(client, language):
    titles = publish_corpus(language)
    misses = []
    for query, expected in QUERIES[language]:
        for how, found in [
            ("site", site_search(client, language, query)),
            ("search_query", direct_search(language, query)),
        ]:
            got = {titles[title] for title in found if title in titles}
            if got != expected:
                misses.append(f"{how} {query!r}: expected {sorted(expected)}, got {sorted(got)}")
    queries = len(QUERIES[language])
    assert not misses, f"{language}: {len(misses)} wrong of {2 * queries} searches:\n" + "\n".join(misses)


def test_each_language_searches_its_own_pages(client):
    english = publish_corpus("en")
    thai = publish_corpus("th")
    # "Traffy Fondue" is on a page in each language: each search finds its own.
    assert site_search(client, "en", "Traffy") & set(english) == {PAGES["en"]["bus"][0]}
    assert not site_search(client, "en", "Traffy") & set(thai)
    assert site_search(client, "th", "Traffy") & set(thai) == {PAGES["th"]["bus"][0]}
    assert not site_search(client, "th", "Traffy") & set(english)
    # A Thai word from the English site, an English word from the Thai site: nothing.
    assert not site_search(client, "en", "กรุงเทพ")
    assert not site_search(client, "th", "recycling")


def test_translated_demo_page_found_by_a_word_of_its_title(client):
    # The demo's language homes come with translated titles (the fixture's names).
    about = StandardPage.objects.get(locale__language_code="th", slug="about")
    word = segment(about.title, "th")[0]
    assert about.title in site_search(client, "th", word)


def test_words_for_index_on_the_page_types():
    bangkok = Page.objects.get(locale__language_code="en", slug="bangkok").specific
    assert words_for_index(bangkok) == ""  # plain ASCII: the backends read it as it is
    thai = publish_corpus("th")
    page = StandardPage.objects.get(title=next(iter(thai)))
    words = words_for_index(page).split()
    assert tokens("กรุงเทพ")[0] in words  # a part of กรุงเทพมหานคร
    assert tokens("ผู้โดยสาร")[0] in words  # from the introduction
    assert "traffy" in words  # from the body's rich text


def test_fold_keeps_the_marks_of_other_scripts():
    assert fold("Hà Nội, ĐÀ NẴNG") == "ha noi, da nang"
    assert fold("Parañaque São Paulo Straße") == "paranaque sao paulo strasse"
    for text in ["กรุงเทพ", "ភ្នំពេញ", "ວຽງຈັນ", "ရန်ကုန်", "東京", "ガス"]:
        assert fold(text) == text
    assert fold("ｽﾏｰﾄ ＡＢＣ") == "スマート abc"


def test_segment_breaks_scripts_without_spaces():
    assert segment("ระบบขนส่งอัจฉริยะ", "th") == ["ระบบ", "ขนส่ง", "อัจฉริยะ"]
    assert segment("東京都のバス。", "ja") == ["東京", "都", "の", "バス"]
    assert segment("Hà Nội, 2024!", "vi") == ["Hà", "Nội", "2024"]
    assert "กรุงเทพ" in compound_parts("กรุงเทพมหานคร", "th")
    assert compound_parts("東京都", "ja") == ()  # no 京都 inside Tokyo


def test_every_token_is_one_token_for_the_backends():
    # Words with combining marks travel hex-encoded: SQLite's tokenizer splits at the marks.
    for word in tokens("กรุงเทพ ភ្នំពេញ ວຽງຈັນ ရန်ကုန်"):
        assert word.startswith("x0") and word[2:].isalnum() and word.isascii()
    assert tokens("東京 Hà Nội") == ["東京", "ha", "noi"]


def test_malay_stems():
    assert "bangun" in malay_stems("pembangunan")
    assert "bangun" in malay_stems("membangun")
    assert "kelola" in malay_stems("pengelolaan")
    assert "sedia" in malay_stems("menyediakan")
    assert malay_stems("jalan") == malay_stems("kota") == ()


@pytest.mark.parametrize("query", ['"', '""', "'", ":", "a:b", "* OR *", "กรุงเทพ:", '"กรุงเทพ', "\u0e34\u0e48"])
def test_odd_queries_in_every_language(client, query):
    for language in ["en", "th", "my", "id"]:
        prefix = "" if language == "en" else f"/{language}"
        assert client.get(f"{prefix}/search/", {"q": query}).status_code == 200
