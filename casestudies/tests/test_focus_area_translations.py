"""Focus areas are translatable snippets (wagtail-localize): the secretariat translates their
names in the admin, segment by segment, and the site, the feeds and the API name them in the
language being read. Pages keep pointing at the six English rows."""

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale, ModelLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from casestudies.models import CaseStudyPage, FocusArea
from cities.models import CityPage
from portal.demo_content import DemoLoader
from portal.roles import SECRETARIAT
from portal.tests.helpers import english, soup, text, translate

pytestmark = pytest.mark.django_db

API = "/api/v1"
SLUGS = [
    "civic-social",
    "health-well-being",
    "safety-security",
    "quality-environment",
    "built-infrastructure",
    "industry-innovation",
]
FIXTURE = Path(settings.BASE_DIR) / "portal" / "fixtures" / "focus_areas_translated.json"
THAI_SAFETY = "ความปลอดภัยและความมั่นคง"  # the demo's Thai name of Safety & Security
THAI_TRAFFY = "ทราฟฟี่ฟองดูว์ Traffy แจ้งปัญหาเมือง"
# Traffy Fondue's areas: Civic & Social and Safety & Security (portal/fixtures/case_studies.json).


@pytest.fixture(autouse=True)
def fresh_api_cache():
    # API answers are cached per content version, which a rolled-back test can reuse.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def thai():
    return Locale.objects.get(language_code="th")


@pytest.fixture
def civic():
    return FocusArea.objects.in_default_language().get(slug="civic-social")


@pytest.fixture
def thai_traffy():
    translate(english(CityPage, "bangkok"), "กรุงเทพมหานคร")
    return translate(english(CaseStudyPage, "traffy-fondue-bangkok"), THAI_TRAFFY)


@pytest.fixture
def secretariat_client(client, two_factor_login):
    user = get_user_model().objects.create_user("secretariat-fa", password="pw-secretariat-1234")
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    two_factor_login(client, user)
    return client


def untranslate(area, locale):
    """As if nobody had translated `area` into `locale` yet (the demo translates all of them)."""
    area.get_translation(locale).delete()
    Translation.objects.filter(source__object_id=area.translation_key, target_locale=locale).delete()
    StringTranslation.objects.filter(context__object_id=area.translation_key, locale=locale).delete()


def facet_labels(response, param="focus_area"):
    """{value: label} of a facet's options on the library page."""
    page = soup(response)
    return {
        box["value"]: page.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        for box in page.select(f"input[name={param}]")
    }


# --- the data ---------------------------------------------------------------------


def test_six_english_focus_areas_each_translated_by_the_demo_into_nine_languages():
    english_rows = FocusArea.objects.in_default_language()
    assert sorted(english_rows.values_list("slug", flat=True)) == sorted(SLUGS)
    assert len(set(english_rows.values_list("translation_key", flat=True))) == 6
    names = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for code in [code for code in names if not code.startswith("_")]:
        for area in english_rows:
            translation = area.get_translation(Locale.objects.get(language_code=code))
            assert (translation.slug, translation.sort_order) == (area.slug, area.sort_order)
            assert translation.name == names[code][area.slug] != area.name
    assert FocusArea.objects.count() == 60
    # Pages link to the English rows only.
    assert not CaseStudyPage.objects.exclude(focus_areas__locale__language_code="en").filter(focus_areas__isnull=False)
    assert not CityPage.objects.exclude(focus_areas__locale__language_code="en").filter(focus_areas__isnull=False)


def test_demo_loader_adds_no_focus_area_translation_twice():
    loader = DemoLoader(log=lambda *args: None)
    loader.focus_area_translations()
    assert loader.created == {} and FocusArea.objects.count() == 60


def test_migrations_make_the_existing_english_rows_translatable(tmp_path):
    """A database made before focus areas were translatable (migrated up to 0003, which
    created the six rows) migrates to the default locale, one translation key per row."""
    script = """
import json
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
MigrationExecutor(connection).migrate([("casestudies", "0003_taxonomy")])
with connection.cursor() as cursor:
    cursor.execute("SELECT slug FROM casestudies_focusarea")
    before = sorted(row[0] for row in cursor.fetchall())
executor = MigrationExecutor(connection)
executor.migrate(executor.loader.graph.leaf_nodes())
print(json.dumps(before))
"""
    env = {**os.environ, "VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"}
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == sorted(SLUGS)
    with sqlite3.connect(tmp_path / "old.sqlite3") as database:
        rows = database.execute(
            "SELECT f.slug, l.language_code, f.translation_key FROM casestudies_focusarea f "
            "JOIN wagtailcore_locale l ON l.id = f.locale_id"
        ).fetchall()
    assert sorted(slug for slug, _, _ in rows) == sorted(SLUGS)
    assert {code for _, code, _ in rows} == {"en"}
    assert len({key for _, _, key in rows}) == 6


# --- the admin --------------------------------------------------------------------


def test_secretariat_translates_a_focus_area_segment_by_segment(secretariat_client, civic, thai, thai_traffy):
    client = secretariat_client
    untranslate(civic, thai)

    def thai_name_in_api():
        return client.get(f"{API}/focus-areas/civic-social/", {"locale": "th"}).json()["name"]

    assert thai_name_in_api() == "Civic & Social"  # English until translated (and now cached)
    listing = client.get(reverse("wagtailsnippets_casestudies_focusarea:list"))
    submit_url = f"/admin/localize/submit/snippet/casestudies/focusarea/{civic.pk}/"
    assert submit_url in listing.content.decode()  # the listing's "Translate" button

    # wagtail-localize's "Translate": the Thai copy, in English until translated.
    response = client.post(submit_url, {"locales": [thai.pk]})
    assert response.status_code == 302
    thai_civic = civic.get_translation(thai)
    assert (thai_civic.name, thai_civic.slug, thai_civic.sort_order) == (civic.name, civic.slug, civic.sort_order)

    # Its edit view is the segment-by-segment editor; the slug is not a segment.
    edit_url = reverse("wagtailsnippets_casestudies_focusarea:edit", args=[thai_civic.pk])
    editor = client.get(edit_url)
    assert editor.status_code == 200 and "wagtail-localize" in editor.content.decode()
    translation = Translation.objects.get(source__object_id=civic.translation_key, target_locale=thai)
    segments = StringSegment.objects.filter(source=translation.source)
    assert sorted(segments.values_list("context__path", flat=True)) == ["description", "name"]

    segment = segments.get(context__path="name")
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"
    response = client.put(url, encode_multipart(BOUNDARY, {"value": "พลเมืองและสังคม"}), content_type=MULTIPART_CONTENT)
    assert response.status_code in (200, 201), response.content
    response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302
    thai_civic.refresh_from_db()
    assert thai_civic.name == "พลเมืองและสังคม" and thai_civic.slug == "civic-social"
    assert ModelLogEntry.objects.filter(object_id=str(thai_civic.pk), content_type__model="focusarea").exists()

    # The Thai library's facets, a Thai case study and the API name it in Thai …
    assert facet_labels(client.get("/th/case-studies/"))["civic-social"].startswith("พลเมืองและสังคม")
    assert "พลเมืองและสังคม" in text(client.get(thai_traffy.url))
    areas = {area["slug"]: area for area in client.get(f"{API}/focus-areas/", {"locale": "th"}).json()}
    assert areas["civic-social"]["name"] == "พลเมืองและสังคม"
    assert thai_name_in_api() == "พลเมืองและสังคม"  # the translation's log entry renews the API's cache
    (thai_case_study,) = client.get(f"{API}/case-studies/", {"locale": "th"}).json()["results"]
    assert {area["name"] for area in thai_case_study["focus_areas"]} == {"พลเมืองและสังคม", THAI_SAFETY}
    # … and the English ones in English.
    assert facet_labels(client.get("/case-studies/"))["civic-social"].startswith("Civic & Social")
    assert "พลเมืองและสังคม" not in text(client.get(english(CaseStudyPage, "traffy-fondue-bangkok").url))
    assert client.get(f"{API}/focus-areas/civic-social/").json()["name"] == "Civic & Social"


def test_sync_brings_a_changed_english_description_to_the_translation(admin_client, civic, thai):
    civic.description = "Participation, public services, inclusion, culture and open data."
    civic.save()
    source = Translation.objects.get(source__object_id=civic.translation_key, target_locale=thai).source
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = admin_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    thai_civic = civic.get_translation(thai)
    assert thai_civic.description == civic.description  # untranslated: the new English text
    assert thai_civic.name == "พลเมืองและสังคม"  # the translator's name is kept


def test_page_edit_forms_offer_the_six_english_focus_areas_only(admin_client):
    english_ids = {str(pk) for pk in FocusArea.objects.in_default_language().values_list("pk", flat=True)}
    for page in [english(CaseStudyPage, "traffy-fondue-bangkok"), english(CityPage, "bangkok")]:
        form = soup(admin_client.get(f"/admin/pages/{page.pk}/edit/"))
        offered = {box["value"] for box in form.select("input[name=focus_areas]")}
        assert offered == english_ids, page


def test_report_has_one_column_per_english_focus_area(admin_client):
    response = admin_client.get(reverse("case_studies_per_city"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    header = next(csv.reader(io.StringIO(body)))
    english_names = list(FocusArea.objects.in_default_language().values_list("name", flat=True))
    assert header[5:] == english_names and len(english_names) == 6


# --- the site ---------------------------------------------------------------------


def test_every_page_names_focus_areas_in_the_language_being_browsed(client, thai_traffy):
    # The Thai library: facets, and the badges of cards still in English.
    library = client.get("/th/case-studies/")
    assert facet_labels(library)["safety-security"].startswith(THAI_SAFETY)
    assert "Safety & Security" not in text(library)
    # A Thai case study, the Thai Bangkok page (and its cards), the Thai home page's counts.
    for url in [thai_traffy.url, "/th/cities/bangkok/", "/th/"]:
        content = text(client.get(url))
        assert THAI_SAFETY in content and "Safety & Security" not in content, url
    # English pages in English.
    for url in ["/case-studies/", english(CaseStudyPage, "traffy-fondue-bangkok").url, "/cities/bangkok/", "/"]:
        content = text(client.get(url))
        assert "Safety & Security" in content and THAI_SAFETY not in content, url
    # Japanese has no page translated: English pages, Japanese focus-area names.
    assert "安全・安心" in text(client.get("/ja/case-studies/"))


def test_the_library_filters_by_slug_the_same_in_every_language(client, thai_traffy):
    def titles(url):
        return {card.get_text(strip=True) for card in soup(client.get(url)).select("[data-testid=case-study-card] h3")}

    english_titles = titles("/case-studies/?focus_area=safety-security")
    thai_titles = titles("/th/case-studies/?focus_area=safety-security")
    assert len(thai_titles) == len(english_titles) > 1
    assert THAI_TRAFFY in thai_titles and english_titles - thai_titles == {
        english(CaseStudyPage, "traffy-fondue-bangkok").title
    }
    chosen = soup(client.get("/th/case-studies/?focus_area=safety-security")).find("input", value="safety-security")
    assert chosen.has_attr("checked")


def test_a_preview_names_the_focus_areas_chosen_in_the_form():
    from casestudies.taxonomy import focus_areas_of

    page = english(CaseStudyPage, "traffy-fondue-bangkok")
    safety = FocusArea.objects.in_default_language().get(slug="safety-security")
    page.focus_areas = [safety]  # in memory, as the edit form's preview has it
    assert [area.display_name for area in focus_areas_of(page, "th")] == [THAI_SAFETY]
    assert [area.display_name for area in focus_areas_of(page, "en")] == ["Safety & Security"]


def test_feeds_and_widgets_name_focus_areas_in_their_language(client, thai_traffy):
    feed = client.get("/feeds/case-studies/focus-area/safety-security.rss", {"locale": "th"}).content.decode()
    assert THAI_SAFETY in feed and THAI_TRAFFY in feed and "Safety &amp; Security" not in feed
    english_feed = client.get("/feeds/case-studies/focus-area/safety-security.rss").content.decode()
    assert "Safety &amp; Security" in english_feed and THAI_SAFETY not in english_feed
    widget = text(client.get("/embed/case-studies/", {"focus_area": "safety-security", "locale": "th"}))
    assert THAI_SAFETY in widget
    assert THAI_SAFETY in text(client.get(f"/embed/case-study/{thai_traffy.pk}/"))


def test_api_names_each_items_focus_areas_in_its_language(client, thai_traffy):
    english_areas = client.get(f"{API}/focus-areas/").json()
    thai_areas = client.get(f"{API}/focus-areas/", {"locale": "th"}).json()
    assert [area["slug"] for area in english_areas] == [area["slug"] for area in thai_areas] == SLUGS
    assert english_areas[2]["name"] == "Safety & Security" and thai_areas[2]["name"] == THAI_SAFETY
    assert thai_areas[2]["api_url"] == english_areas[2]["api_url"]  # the slug names it in every language
    # A list of two languages: each case study's focus areas in its own.
    both = client.get(f"{API}/case-studies/", {"locale": "en,th", "city": "bangkok", "page_size": 100}).json()
    names = {
        item["locale"]: {area["name"] for area in item["focus_areas"]}
        for item in both["results"]
        if item["slug"] == "traffy-fondue-bangkok"
    }
    assert THAI_SAFETY in names["th"] and "Safety & Security" in names["en"]
    thai_bangkok = client.get(f"{API}/cities/bangkok/", {"locale": "th"}).json()
    english_bangkok = client.get(f"{API}/cities/bangkok/").json()
    assert [a["slug"] for a in thai_bangkok["focus_areas"]] == [a["slug"] for a in english_bangkok["focus_areas"]]
    assert {a["name"] for a in thai_bangkok["focus_areas"]}.isdisjoint(
        {a["name"] for a in english_bangkok["focus_areas"]}
    )


def test_naming_focus_areas_costs_no_query(client, thai, thai_traffy):
    """Each page takes the names in the query that loads the focus areas anyway."""
    pages = [
        "/th/",
        "/th/case-studies/",
        "/th/case-studies/?focus_area=safety-security",
        thai_traffy.url,
        "/th/cities/bangkok/",
        "/feeds/case-studies/focus-area/safety-security.rss?locale=th",
        "/embed/case-studies/?focus_area=safety-security&locale=th",
    ]

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    for url in pages:
        client.get(url)  # what a first request warms (site, locales, templates)
    named = {url: queries(url) for url in pages}
    assert THAI_SAFETY in text(client.get("/th/case-studies/"))
    for area in FocusArea.objects.in_default_language():
        untranslate(area, thai)
    assert THAI_SAFETY not in text(client.get("/th/case-studies/"))
    assert {url: queries(url) for url in pages} == named
