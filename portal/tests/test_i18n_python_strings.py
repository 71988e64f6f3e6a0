"""Words that come from Python (choice labels, section headings, notices, feed and widget
titles) in the language being read, and catalogues with nothing left untranslated."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import polib
import pytest
from django.conf import settings
from django.utils.translation import override
from wagtail.models import Locale

from casestudies.models import CaseStudyPage
from casestudies.syndication import FACET_BY_PARAM, Choice, describe, describe_in_words
from events.models import EventPage
from portal.templatetags.i18n_tags import page_type_label
from portal.tests.helpers import soup, text

pytestmark = pytest.mark.django_db

EVENT_URL = "/events/asean-japan-hlm-4/"
CASE_STUDY_URL = "/cities/bangkok/traffy-fondue-bangkok/"

ENGLISH_FORMATS = {"in_person": "In person", "online": "Online", "hybrid": "Hybrid"}
THAI_FORMATS = {"in_person": "ออนไซต์", "online": "ออนไลน์", "hybrid": "ไฮบริด"}
THAI_SECTIONS = [
    "สถานการณ์ก่อนเริ่มโครงการ",
    "วัตถุประสงค์",
    "ทรัพยากร",
    "กระบวนการ",
    "ผลลัพธ์",
    "อุปสรรค",
    "บทเรียนที่ได้รับ",
    "การนำไปใช้ในเมืองอื่น",
]
THAI_STAGES = {
    "idea": "แนวคิด",
    "pilot": "นำร่อง",
    "scaling": "ขยายผล",
    "operational": "ดำเนินการอยู่",
    "completed": "เสร็จสิ้นแล้ว",
}
THAI_SITE_NAME = "พอร์ทัลความรู้เมืองอัจฉริยะอาเซียน"


def in_thai(page):
    """The page's live Thai translation; made, with the ancestors Thai lacks, when there is none."""
    thai = Locale.objects.get(language_code="th")
    translation = page.get_translation_or_none(thai)
    if translation is None:
        translation = page.copy_for_translation(thai, copy_parents=True)
    for ancestor in [*translation.get_ancestors().filter(depth__gt=1).specific(), translation.specific]:
        if not ancestor.live:
            ancestor.save_revision().publish()
    return translation.specific


def library_notices(response):
    notice = soup(response).find("div", class_="notice", role="status")
    return [item.get_text(strip=True) for item in notice.find_all("li")] if notice else []


def facts_of(page):
    """{term: description} of a page's facts box."""
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in page.select(".facts dt")}


def facet_labels(response, param):
    return [
        label.get_text(" ", strip=True).rsplit(" (", 1)[0]
        for label in soup(response).select(f"input[name={param}] + label")
    ]


# Events


def test_a_thai_event_page_names_its_format_in_thai(client):
    event = client.get(EVENT_URL).context["page"]
    thai = in_thai(event)
    response = client.get(f"/th{EVENT_URL}")
    assert response.context["page"].pk == thai.pk
    page = soup(response)
    label = THAI_FORMATS[event.format]
    assert page.find("p", class_="card__kicker").get_text(strip=True).startswith(f"กิจกรรมแบบ{label}")
    facts = facts_of(page)
    assert facts["รูปแบบ"] == label
    assert f"{ENGLISH_FORMATS[event.format]} event" not in text(response)


def test_an_english_event_page_keeps_its_english_format(client):
    event = client.get(EVENT_URL).context["page"]
    page = soup(client.get(EVENT_URL))
    english = ENGLISH_FORMATS[event.format]
    assert page.find("p", class_="card__kicker").get_text(strip=True).startswith(f"{english} event")
    assert str(dict(EventPage.Format.choices)[event.format]) == english


def test_the_thai_events_calendar_is_named_in_thai(client):
    response = client.get("/feeds/events.ics?locale=th")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == f"กิจกรรม · {THAI_SITE_NAME} · ไทย"
    english = icalendar.Calendar.from_ical(client.get("/feeds/events.ics").content)
    assert str(english["x-wr-calname"]) == f"Events · {settings.WAGTAIL_SITE_NAME}"


# Case studies


def test_a_thai_case_study_has_thai_section_headings_and_stage(client):
    case_study = client.get(CASE_STUDY_URL).context["page"]
    in_thai(case_study)
    response = client.get(f"/th{CASE_STUDY_URL}")
    page = soup(response)
    assert [h2.get_text(strip=True) for h2 in page.select("section.case-section h2[id^=section-]")] == THAI_SECTIONS
    facts = facts_of(page)
    assert facts["ระยะ"] == THAI_STAGES[case_study.stage]
    assert "Lessons learned" not in text(response)


def test_an_english_case_study_keeps_its_english_section_headings(client):
    page = soup(client.get(CASE_STUDY_URL))
    headings = [h2.get_text(strip=True) for h2 in page.select("section.case-section h2[id^=section-]")]
    assert headings == [str(heading) for _name, heading in CaseStudyPage.SECTIONS]
    assert headings[0] == "Situation before" and headings[-1] == "Transferability"


def test_the_thai_library_sorts_filters_and_explains_in_thai(client):
    long_query = "เมืองอัจฉริยะ " * 40
    response = client.get("/th/case-studies/", {"q": long_query, "country": "atlantis", "year": "12ab"})
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    assert library_notices(response) == [
        "ไม่พบประเทศ “atlantis” จึงถูกละไว้",
        "“12ab” ไม่ใช่ปี จึงถูกละไว้",
        f"คำค้นหาของคุณถูกตัดให้เหลือ {limit} ตัวอักษรแรก",
    ]
    sorts = [option.get_text(strip=True) for option in soup(response).select("#library-sort option")]
    assert sorts == ["ตรงที่สุด", "ใหม่ล่าสุด", "ชื่อเรื่อง (ก–ฮ, A–Z)", "ปรับปรุงล่าสุด"]

    response = client.get("/th/case-studies/", {"page": "999"})
    (notice,) = library_notices(response)
    assert re.fullmatch(r"ไม่มีหน้า “999” จึงแสดงหน้า (\d+) จาก \1 แทน", notice)
    stages = facet_labels(response, "stage")
    assert stages and set(stages) <= set(THAI_STAGES.values())


def test_the_english_library_explains_in_english(client):
    response = client.get("/case-studies/", {"q": "smart " * 60, "country": "atlantis", "year": "12ab"})
    assert library_notices(response) == [
        "No country “atlantis” is known, so it was ignored.",
        "“12ab” is not a year, so it was ignored.",
        f"Your search was shortened to its first {settings.SEARCH_QUERY_MAX_LENGTH} characters.",
    ]
    sorts = [option.get_text(strip=True) for option in soup(response).select("#library-sort option")]
    assert sorts == ["Best match", "Newest", "Title (A–Z)", "Recently updated"]
    response = client.get("/case-studies/", {"page": "999"})
    (notice,) = library_notices(response)
    assert re.fullmatch(r"There is no page “999”; showing page (\d+) of \1\.", notice)
    assert set(facet_labels(response, "stage")) <= {str(label) for label in CaseStudyPage.Stage.labels}


def test_the_thai_site_search_says_in_thai_that_the_query_was_shortened(client):
    response = client.get("/th/search/", {"q": "ค้นหา " * 60})
    assert f"คำค้นหาของคุณถูกตัดให้เหลือ {settings.SEARCH_QUERY_MAX_LENGTH} ตัวอักษรแรก" in text(response)


def test_search_results_name_the_page_type_in_the_readers_language(client):
    response = client.get("/search/", {"q": "Traffy Fondue"})
    assert "Case study" in [p.get_text(strip=True) for p in soup(response).select(".result__type")]
    case_study = client.get(CASE_STUDY_URL).context["page"]
    with override("th"):
        assert str(page_type_label(case_study)) == "กรณีศึกษา"
    with override("ja"):
        assert str(page_type_label(case_study)) == "事例"


# Feeds and widgets


def channel(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content).find("channel")


def test_the_thai_feed_is_titled_and_described_in_thai(client):
    thai = channel(client, "/feeds/case-studies.rss?locale=th")
    assert thai.findtext("title") == f"กรณีศึกษา · {THAI_SITE_NAME} · ไทย"
    assert thai.findtext("description") == f"กรณีศึกษาล่าสุดที่เผยแพร่บน{THAI_SITE_NAME}"
    english = channel(client, "/feeds/case-studies.rss")
    assert english.findtext("title") == f"Case studies · {settings.WAGTAIL_SITE_NAME}"
    assert english.findtext("description") == (
        f"The newest case studies published on the {settings.WAGTAIL_SITE_NAME}."
    )


def test_the_thai_widget_and_its_errors_are_in_thai(client):
    page = soup(client.get("/embed/case-studies/", {"locale": "th"}))
    assert page.find("h1").get_text(strip=True) == "กรณีศึกษา"
    assert page.find("p", class_="footer").get_text(" ", strip=True).endswith("กรณีศึกษา ทั้งหมด →")

    response = client.get("/embed/case-studies/", {"locale": "th", "limit": "99", "city": ["a", "b"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "ที่อยู่ของวิดเจ็ตนี้ไม่ถูกต้อง" in body
    assert "limit ต้องเป็นจำนวนเต็มตั้งแต่ 1 ถึง 10 ไม่ใช่ “99”" in body
    assert "ระบุ city ได้เพียงครั้งเดียว" in body

    english = client.get("/embed/case-studies/", {"limit": "99"}).content.decode()
    assert "This widget’s address is not right" in english
    assert "limit must be a whole number from 1 to 10, not “99”." in english


def widget_config(client, query=""):
    script = client.get(f"/embed/widget.js{query}").content.decode()
    return json.loads(re.search(r"CONFIG = (\{.*?\});", script, re.S).group(1))


def test_the_widget_script_titles_its_frames_in_its_language(client):
    assert widget_config(client, "?locale=th")["frameTitle"] == f"กรณีศึกษาจาก{THAI_SITE_NAME}"
    assert widget_config(client)["frameTitle"] == f"Case studies from the {settings.WAGTAIL_SITE_NAME}"


def test_the_words_for_a_choice_are_whole_phrases_in_each_language():
    city = Choice(FACET_BY_PARAM["city"], "bangkok", "Bangkok")
    country = Choice(FACET_BY_PARAM["country"], "thailand", "Thailand")
    area = Choice(FACET_BY_PARAM["focus_area"], "safety-security", "Safety & Security")
    assert describe([]) == "Case studies"
    assert describe([city, area]) == "Case studies: Bangkok, Safety & Security"
    assert describe_in_words([area, country, city]) == (
        "case studies in Safety & Security from Thailand led by Bangkok"
    )
    with override("th"):
        assert describe([city]) == "กรณีศึกษา: Bangkok"
        assert describe_in_words([country]) == "กรณีศึกษาจาก Thailand"
    with override("ja"):
        assert describe_in_words([]) == "事例"
        assert describe_in_words([city]) == "Bangkokが主導する事例"


# The catalogues

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_there_is_a_catalogue_for_every_interface_language():
    codes = {path.parent.parent.name for path in CATALOGUES}
    assert codes == {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalogue = polib.pofile(str(path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == expected, (entry.msgid, form)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_the_committed_mo_is_compiled_from_the_po(path):
    """A .po edited without `make compilemessages` would not reach the site."""

    def messages(catalogue):
        return {
            (entry.msgctxt, entry.msgid): entry.msgstr or dict(sorted(entry.msgstr_plural.items()))
            for entry in catalogue.translated_entries()
            if entry.msgid
        }

    compiled = polib.mofile(str(path.with_suffix(".mo")))
    assert messages(compiled) == messages(polib.pofile(str(path)))
