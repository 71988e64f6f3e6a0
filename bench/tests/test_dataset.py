"""The benchmark dataset (bench/dataset.py), built small over the session's demo content:
its pages are served, listed, found by search, rebuilt only when asked for another one."""

import re

import pytest
from wagtail.models import Page

from bench import dataset
from casestudies.models import CaseStudyPage
from cities.models import CityIndexPage
from portal.tests.helpers import text

pytestmark = pytest.mark.django_db

SIZE, CITIES = 12, 4
THAI = re.compile(r"[\u0e00-\u0e7f]")


@pytest.fixture
def build(tmp_path):
    """build(seed) → (manifest, log lines), with the manifest in a folder of the test's own."""

    def build(seed=1, size=SIZE):
        lines = []
        manifest = dataset.build(
            size=size, cities=CITIES, seed=seed, log=lines.append, manifest_path=tmp_path / "dataset.json"
        )
        return manifest, lines

    return build


def bench_titles(language="en"):
    """(url_path, title) of the bench case studies in one language."""
    pages = CaseStudyPage.objects.filter(city__in=dataset.bench_cities(), locale__language_code=language)
    return sorted(pages.values_list("url_path", "title"))


def other_pages():
    bench = set(dataset.bench_page_ids())
    return sorted((pk, title) for pk, title in Page.objects.values_list("pk", "title") if pk not in bench)


def test_english_thai_and_vietnamese_case_studies_are_served_with_their_titles(client, build):
    manifest, _ = build()
    assert manifest["counts"]["case_studies"] == {"en": SIZE, "th": SIZE, "vi": SIZE}
    assert manifest["counts"]["cities"] == {"en": CITIES, "th": CITIES, "vi": CITIES}
    titles = dict(bench_titles())
    for path in manifest["case_study_paths"]:
        assert titles[f"/home{path}"] in text(client.get(path))
    translations = CaseStudyPage.objects.filter(city__in=dataset.bench_cities())
    for path in manifest["thai_case_study_paths"]:
        thai = translations.get(url_path__endswith=path.removeprefix("/th"), locale__language_code="th")
        assert THAI.search(thai.title), thai.title
        assert thai.title in text(client.get(path))
        vietnamese = translations.get(translation_key=thai.translation_key, locale__language_code="vi")
        assert vietnamese.title != titles[f"/home{path.removeprefix('/th')}"]
        assert vietnamese.title in text(client.get(path.replace("/th/", "/vi/", 1)))
    for path in manifest["city_paths"]:
        assert client.get(path).status_code == 200


def test_library_and_api_list_the_bench_case_studies_with_two_facets(client, build):
    manifest, _ = build()
    bench = {title for _, title in bench_titles()}
    library = text(client.get(f"/case-studies/?{manifest['library_query']}"))
    assert any(title in library for title in bench)
    response = client.get(f"/api/v1/case-studies/?{manifest['api_list_query']}")
    assert response.status_code == 200
    listed = {item["title"] for item in response.json()["results"]}
    assert len(listed & bench) >= min(manifest["query_results"], 20)
    city_stage = manifest["api_city_stage"]
    response = client.get(f"/api/v1/case-studies/?{city_stage['api_query']}")
    assert response.json()["count"] == city_stage["results"] >= 1
    detail = client.get(f"/api/v1/case-studies/{manifest['case_study_ids'][0]}/")
    assert detail.status_code == 200
    assert detail.json()["title"] in bench


def test_site_search_finds_an_english_and_a_thai_word(client, build):
    manifest, _ = build()
    english = text(client.get("/search/", {"q": manifest["search_terms"]["en"][0]}))
    assert any(title in english for _, title in bench_titles("en"))
    thai = text(client.get("/th/search/", {"q": manifest["search_terms"]["th"][0]}))
    assert any(title in thai for _, title in bench_titles("th"))


def test_a_second_build_with_the_same_parameters_does_nothing(build, django_assert_max_num_queries):
    first, _ = build()
    with django_assert_max_num_queries(8):
        second, lines = build()
    assert len(lines) == 1 and lines[0].startswith("dataset up to date")
    assert second == first


def test_another_seed_replaces_the_bench_pages_and_leaves_the_demo_pages(client, build):
    demo = other_pages()
    first, _ = build(seed=1)
    old_titles = bench_titles()
    second, lines = build(seed=2)
    assert any(line.startswith(f"removed {(SIZE + CITIES) * 3} bench pages") for line in lines)
    assert not CaseStudyPage.objects.filter(pk__in=first["case_study_ids"]).exists()
    assert len(bench_titles()) == SIZE and bench_titles() != old_titles
    assert other_pages() == demo
    # The city directories count their children again.
    for index in CityIndexPage.objects.all():
        assert index.numchild == index.get_children().count()
    assert client.get("/cities/bangkok/").status_code == 200
    assert client.get(second["case_study_paths"][0]).status_code == 200


def test_the_same_seed_gives_the_same_titles_slugs_and_texts(build):
    build(seed=7)
    titles = {language: bench_titles(language) for language in ("en", "th", "vi")}
    summaries = sorted(CaseStudyPage.objects.filter(city__in=dataset.bench_cities()).values_list("summary", flat=True))
    dataset.remove()
    assert bench_titles() == []
    build(seed=7)
    assert {language: bench_titles(language) for language in ("en", "th", "vi")} == titles
    assert sorted(CaseStudyPage.objects.filter(city__in=dataset.bench_cities()).values_list("summary", flat=True)) == (
        summaries
    )
