"""The network statistics page (/network/) and its CSV: every figure equals what plain queries
over the database count, over the demo content and a few pages made here (an unpublished and
a private case study that must not count, a translated one that counts once)."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, FocusArea, PartnerNeed, Replication
from cities.factories import CityPageFactory, CountryFactory
from cities.models import CityIndexPage, CityPage, Country
from exchange.charts import bar_chart, format_number, text_width
from exchange.models import PartnerInterest
from exchange.network import Row
from exchange.network_views import spreadsheet_safe
from portal.tests.helpers import soup, translate

SVG = "{http://www.w3.org/2000/svg}"
# Seven figure groups, the site's own (base template, site root for the cities' links).
PAGE_QUERIES = 10


# --- What the database holds, counted the plain way -------------------------------------------


def expected_figures():
    """The figures, from Wagtail's own live()/public() and Python counting: the page's queries
    are not reused. A case study is its English version when live and public, else another one."""
    public = list(CaseStudyPage.objects.live().public().select_related("locale", "city__country").order_by("pk"))
    case_studies = {}
    for page in sorted(public, key=lambda page: page.locale.language_code != "en"):
        case_studies.setdefault(page.translation_key, page)
    pages = list(case_studies.values())
    keys = set(case_studies)

    city_keys = set(CityPage.objects.live().public().values_list("translation_key", flat=True))
    involved = {page.city.translation_key for page in pages}
    for page in pages:
        involved |= {city.translation_key for city in page.partner_cities.all()}
    without = {key for key in city_keys if key not in involved}

    by_country = Counter(page.city.country.iso_code for page in pages)
    answers = [interest for interest in PartnerInterest.objects.all() if interest.translation_key in keys]
    public_pks = {page.pk for page in public}
    links = {
        (link.source.translation_key, link.page.translation_key, link.source.city, link.page.city)
        for link in Replication.objects.select_related("source__city", "page__city")
        if link.page_id in public_pks
        and link.source.translation_key in keys
        and link.page.translation_key != link.source.translation_key
    }
    return {
        "totals": {
            "case_studies": len(pages),
            "cities": len(city_keys),
            "cities_with_case_studies": len(city_keys) - len(without),
            "countries_represented": len(by_country),
        },
        "country": {country.iso_code: by_country[country.iso_code] for country in Country.objects.all()},
        "focus_area": {
            area.slug: sum(1 for page in pages if area in page.focus_areas.all())
            for area in FocusArea.objects.filter(locale__language_code="en")
        },
        "stage": {stage: sum(1 for page in pages if page.stage == stage) for stage in CaseStudyPage.Stage.values},
        "start_year": Counter(str(page.start_year) if page.start_year else "none" for page in pages),
        "partnerships": {
            "seeking_partners": sum(1 for page in pages if page.seeking_partners),
            "partner_answers": len(answers),
            "answered_case_studies": len({interest.translation_key for interest in answers}),
        },
        "replication": {
            "practices_replicated": len({link[0] for link in links}),
            "replications": len({link[:2] for link in links}),
            "cities_reached": len(
                {
                    replica.translation_key
                    for _s, _r, source, replica in links
                    if replica.translation_key != source.translation_key
                }
            ),
        },
        "cities_without_case_study": {
            page.slug for page in CityPage.objects.filter(translation_key__in=without, locale__language_code="en")
        },
    }


# --- Pages made for the tests --------------------------------------------------------------------


@pytest.fixture
def network(db):
    """Beside the demo content: a published case study in a new country's new city, looking for
    partners and answered twice; its Thai translation; an unpublished one, a private one (with an
    answer that must not count); a replica of a demo case study by another city, one by an
    unpublished page; a city named like a spreadsheet formula."""
    cities = CityIndexPage.objects.get(locale__language_code="en")
    country = CountryFactory(name="Testland", iso_code="QT", slug="testland")
    city = CityPageFactory(parent=cities, title="Testville", slug="testville", country=country)
    formula_city = CityPageFactory(parent=cities, title="=HYPERLINK(1)", slug="formula-city", country=country)
    private_city = CityPageFactory(parent=cities, title="Hidden City", slug="hidden-city", country=country)
    PageViewRestriction.objects.create(page=private_city, restriction_type=PageViewRestriction.LOGIN)
    areas = list(FocusArea.objects.filter(locale__language_code="en").order_by("sort_order")[:2])

    seeking = CaseStudyPageFactory(
        parent=city, title="Shared bikes", stage=CaseStudyPage.Stage.SCALING, start_year=1991, focus_areas=areas
    )
    seeking.seeking_partners = True
    seeking.partner_needs.set([PartnerNeed.objects.get(slug="funding")])
    seeking.save_revision().publish()
    translate(seeking, "จักรยานสาธารณะ")

    unpublished = CaseStudyPageFactory(parent=city, title="Draft idea", live=False, stage=CaseStudyPage.Stage.IDEA)
    hidden = CaseStudyPageFactory(parent=private_city, title="Hidden work", stage=CaseStudyPage.Stage.SCALING)
    unpublished_city = CityPageFactory(parent=cities, title="Quiet City", slug="quiet-city", live=False)

    demo_cities = list(CityPage.objects.filter(locale__language_code="en", live=True).exclude(pk__in=[city.pk]))
    for answering in demo_cities[:2]:
        PartnerInterest.objects.create(case_study=seeking, translation_key=seeking.translation_key, city=answering)
    PartnerInterest.objects.create(case_study=hidden, translation_key=hidden.translation_key, city=demo_cities[0])

    source = CaseStudyPage.objects.live().filter(locale__language_code="en").exclude(city=city).first()
    replica = CaseStudyPageFactory(parent=city, title="Our version", stage=CaseStudyPage.Stage.PILOT)
    Replication.objects.create(page=replica, source=source, relation=Replication.Relation.ADAPTED_FROM)
    Replication.objects.create(page=unpublished, source=source, relation=Replication.Relation.REPLICATES)
    return {
        "city": city,
        "formula_city": formula_city,
        "seeking": seeking,
        "unpublished": unpublished,
        "hidden": hidden,
        "unpublished_city": unpublished_city,
        "source": source,
        "replica": replica,
    }


# --- Reading the page and the CSV -------------------------------------------------------------


def tables(response):
    """{caption: [(label, value as shown)]} of every table on the page."""
    found = {}
    for table in soup(response).find_all("table"):
        rows = [(row.th.get_text(strip=True), row.td.get_text(strip=True)) for row in table.tbody.find_all("tr")]
        found[table.caption.get_text(strip=True)] = rows
    return found


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff"), "a byte-order mark, for spreadsheets"
    return list(csv.DictReader(io.StringIO(content.removeprefix("\ufeff"))))


def csv_figures(rows):
    figures = {}
    for row in rows:
        figures.setdefault(row["section"], {})[row["key"]] = int(row["value"])
    return figures


# --- Tests ---------------------------------------------------------------------------------------


def test_every_figure_in_the_csv_equals_the_database(client, network):
    expected = expected_figures()
    figures = csv_figures(read_csv(client.get("/network/statistics.csv")))

    assert figures["totals"] == expected["totals"]
    assert figures["country"] == expected["country"]
    assert figures["focus_area"] == expected["focus_area"]
    assert figures["stage"] == expected["stage"]
    assert {key: n for key, n in figures["start_year"].items() if n} == expected["start_year"]
    assert figures["partnerships"] == expected["partnerships"]
    assert figures["replication"] == expected["replication"]
    assert set(figures["cities_without_case_study"]) == expected["cities_without_case_study"]

    # What the pages made here changed, so the comparison above is not between two empty sets.
    assert figures["country"]["QT"] == 2  # the translated case study once, unpublished and private none
    assert figures["stage"]["scaling"] >= 1 and expected["stage"]["scaling"] == figures["stage"]["scaling"]
    assert figures["start_year"]["1991"] == 1
    # The demo content may have its own answers and replications: these are at least the fixture's.
    assert figures["partnerships"]["seeking_partners"] >= 1
    assert figures["partnerships"]["partner_answers"] >= 2  # not the answer to the private one
    assert figures["partnerships"]["answered_case_studies"] >= 1
    assert all(figures["replication"][key] >= 1 for key in ["practices_replicated", "replications", "cities_reached"])
    assert "testville" not in figures["cities_without_case_study"]
    assert "hidden-city" not in figures["cities_without_case_study"]
    assert "quiet-city" not in figures["cities_without_case_study"]


def test_every_figure_on_the_page_equals_the_database(client, network):
    expected = expected_figures()
    response = client.get("/network/")
    shown = tables(response)

    countries = dict(Country.objects.values_list("name", "iso_code"))
    assert {countries[name]: int(n) for name, n in shown["Case studies by country"]} == expected["country"]
    areas = dict(FocusArea.objects.filter(locale__language_code="en").values_list("name", "slug"))
    assert {areas[name]: int(n) for name, n in shown["Case studies by focus area"]} == expected["focus_area"]
    stages = {str(label): value for value, label in CaseStudyPage.Stage.choices}
    assert {stages[label]: int(n) for label, n in shown["Case studies by stage"]} == expected["stage"]
    years = {
        ("none" if label == "Year not given" else label): int(n) for label, n in shown["Case studies by start year"]
    }
    assert {year: n for year, n in years.items() if n} == expected["start_year"]
    assert [int(n) for _label, n in shown["Partnerships"]] == list(expected["partnerships"].values())
    assert [int(n) for _label, n in shown["Practices replicated"]] == list(expected["replication"].values())

    page = soup(response)
    totals = [int(item.find(class_="stats__number").get_text()) for item in page.select(".network__totals li")]
    assert totals == list(expected["totals"].values())
    listed = {link["href"].strip("/").split("/")[-1] for link in page.select(".network__cities a")}
    assert listed == expected["cities_without_case_study"]
    # The years run without gaps, so the chart reads as a time line.
    numbered = [int(label) for label, _n in shown["Case studies by start year"] if label.isdigit()]
    assert numbered == list(range(numbered[0], numbered[-1] + 1))


def test_the_charts_are_well_formed_svg_with_an_accessible_name_and_no_script(client, network):
    response = client.get("/network/")
    html = response.content.decode()
    page = soup(response)

    assert page.h1.get_text(strip=True) == "The network in figures"
    assert not page.find_all("script"), "the page needs no JavaScript"
    svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
    assert len(svgs) == 6
    for markup, table in zip(svgs, page.find_all("table"), strict=True):
        svg = ET.fromstring(markup)  # well-formed XML, or this raises
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby"), svg.get("aria-describedby")
        title = svg.find(f"{SVG}title")
        assert title.get("id") == title_id and title.text == table.caption.get_text(strip=True)
        assert svg.find(f"{SVG}desc").get("id") == desc_id
        texts = [text.text for text in svg.iter(f"{SVG}text")]
        rows = [(row.th.get_text(strip=True), row.td.get_text(strip=True)) for row in table.tbody.find_all("tr")]
        assert texts == [part for row in rows for part in row], "every label and value is text in the chart"
    # Bars are as long as their values (the longest fills the room, a zero draws none).
    stage_chart = ET.fromstring(svgs[2])
    bars = [rect for rect in stage_chart.iter(f"{SVG}rect") if rect.get("fill") == "#0b3d91"]
    counts = [int(n) for _label, n in tables(response)["Case studies by stage"] if int(n)]
    widths = [int(bar.get("width")) for bar in bars]
    assert len(widths) == len(counts)
    assert widths.index(max(widths)) == counts.index(max(counts))


def test_the_page_works_in_another_language(client, network):
    response = client.get("/th/network/")
    assert response.status_code == 200
    assert response["Content-Language"] == "th"
    shown = tables(response)
    thai_areas = set(FocusArea.objects.filter(locale__language_code="th").values_list("name", flat=True))
    stage_rows = next(rows for caption, rows in shown.items() if len(rows) == 5)
    with translation.override("th"):
        assert [label for label, _n in stage_rows] == [str(label) for label in CaseStudyPage.Stage.labels]
    area_rows = next(rows for rows in shown.values() if {label for label, _n in rows} == thai_areas)
    assert len(area_rows) == 6
    # The CSV link and the footer link stay in Thai.
    page = soup(response)
    assert page.find("a", href="/th/network/statistics.csv") is not None
    assert page.find("footer").find("a", href="/th/network/") is not None
    assert soup(client.get("/network/")).find("footer").find("a", href="/network/") is not None


def test_csv_is_a_dated_attachment_in_the_language_asked(client, network):
    response = client.get("/th/network/statistics.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = date.today().isoformat()
    assert (
        response["Content-Disposition"] == f'attachment; filename="asean-smart-cities-network-figures-th-{today}.csv"'
    )
    rows = read_csv(response)
    assert list(rows[0]) == ["section", "label", "value", "key"]
    with translation.override("th"):
        pilot = str(CaseStudyPage.Stage.PILOT.label)
    assert {"section": "stage", "label": pilot, "value": rows_value(rows, "stage", "pilot"), "key": "pilot"} in rows
    english_csv = client.get("/network/statistics.csv")
    assert f'figures-{today}.csv"' in english_csv["Content-Disposition"]


def rows_value(rows, section, key):
    return next(row["value"] for row in rows if row["section"] == section and row["key"] == key)


def test_csv_labels_never_run_as_spreadsheet_formulas(client, network):
    rows = read_csv(client.get("/network/statistics.csv"))
    city = next(row for row in rows if row["key"] == "formula-city")
    assert city["label"] == "'=HYPERLINK(1)"
    assert not any(row["label"].startswith(("=", "+", "-", "@")) for row in rows)
    for dangerous in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"]:
        assert spreadsheet_safe(dangerous) == "'" + dangerous
    assert spreadsheet_safe("Kuala Lumpur") == "Kuala Lumpur"


def test_numbers_are_written_in_the_language_of_the_page():
    rows = [Row("a", "Big", 12345), Row("b", "Small", 0)]
    with translation.override("id"):
        chart = bar_chart("chart-test", "Test", rows)
        assert format_number(12345) == "12.345"
    assert [bar.display for bar in chart.bars] == ["12.345", "0"]
    assert chart.bars[0].width > 0 and chart.bars[1].width == 0
    assert "Big: 12.345" in chart.description
    with translation.override("en"):
        assert bar_chart("chart-test", "Test", rows).bars[0].display == "12,345"
    assert bar_chart("chart-empty", "Nothing", []).bars == []


def test_a_chart_is_made_wide_enough_for_its_longest_label():
    short = bar_chart("chart-short", "Short", [Row("a", "Idea", 3)])
    assert short.width == 560
    long_label = "案例研究" * 40  # wide characters: a full em each
    wide = bar_chart("chart-wide", "Wide", [Row("a", long_label, 3), Row("b", "Idea", 1)])
    assert wide.width >= 40 * 4 * 14
    # The bars scale to the wider chart and the values still fit beside them.
    assert all(bar.value_x + 8 * len(bar.display) <= wide.width for bar in wide.bars)
    # Thai vowel signs above and below the line take no room of their own.
    assert text_width("ที่") < text_width("ทxx")


def test_the_page_costs_the_same_few_queries_however_much_content(client, network, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get("/network/").status_code == 200
    with CaptureQueriesContext(connection) as before:
        client.get("/th/network/")
    city = network["city"]
    for n in range(3):
        extra = CityPageFactory(parent=city.get_parent(), title=f"More {n}", slug=f"more-{n}", country=city.country)
        CaseStudyPageFactory(parent=extra, title=f"More work {n}", start_year=1995 + n)
    with CaptureQueriesContext(connection) as after:
        client.get("/th/network/")
    assert len(after) == len(before) <= PAGE_QUERIES
    with django_assert_max_num_queries(PAGE_QUERIES - 1):  # the CSV has no site root to find
        assert client.get("/network/statistics.csv").status_code == 200


def test_partner_answers_show_at_once_although_they_publish_nothing(client, network, settings):
    """With the page cache on, a new answer shows on the next visit: the page stays out of the
    shared page cache and the figures' own cache has the answers in its key."""
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()

    def answers():
        response = client.get("/network/")
        assert response["X-Cache"] == "miss"
        assert "private" in response["Cache-Control"]
        return csv_figures(read_csv(client.get("/network/statistics.csv")))["partnerships"]["partner_answers"]

    before = answers()
    with CaptureQueriesContext(connection) as cached:
        client.get("/network/")
    # The figures came from the cache: the content version (twice: the page cache's and ours),
    # the answers' count and the site root for the links.
    assert len(cached) <= 5

    third = CityPage.objects.filter(locale__language_code="en", live=True).exclude(pk=network["city"].pk)[5]
    seeking = network["seeking"]
    PartnerInterest.objects.create(case_study=seeking, translation_key=seeking.translation_key, city=third)
    assert answers() == before + 1

    PartnerInterest.objects.filter(city=third).delete()
    assert answers() == before


def test_publishing_changes_the_cached_figures(client, network, settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    url = "/network/statistics.csv"
    before = csv_figures(read_csv(client.get(url)))["totals"]["case_studies"]
    unpublished = network["unpublished"]
    unpublished.save_revision().publish()  # writes a log entry: a new content version
    assert csv_figures(read_csv(client.get(url)))["totals"]["case_studies"] == before + 1
    unpublished.refresh_from_db()
    unpublished.unpublish()
    assert csv_figures(read_csv(client.get(url)))["totals"]["case_studies"] == before


def test_a_case_study_live_only_in_another_language_counts_once(client, network):
    """Unpublish the English version: the Thai one stands for it, still once."""
    seeking = network["seeking"]
    before = csv_figures(read_csv(client.get("/network/statistics.csv")))
    CaseStudyPage.objects.filter(pk=seeking.pk).update(live=False)
    after = csv_figures(read_csv(client.get("/network/statistics.csv")))
    assert (
        after["totals"]["case_studies"]
        == before["totals"]["case_studies"]
        == expected_figures()["totals"]["case_studies"]
    )
    assert after["country"]["QT"] == before["country"]["QT"]


def test_only_get_is_allowed(client, db):
    assert client.post("/network/").status_code == 405
    assert client.post("/network/statistics.csv").status_code == 405
