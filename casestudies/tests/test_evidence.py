"""Evaluated results, replication and the "Reviewed practice" label (issue 10, must-haves 3
and 4): the editors' validation through the real page editor, what the pages and the chain
view show in every language, and who may label a practice."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale, PageLogEntry
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from casestudies import evidence
from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, PracticeReview, Replication, ResultIndicator
from casestudies.templatetags.evidence_tags import figure, plain_figure
from cities.models import CityPage
from portal.tests.admin_forms import edit_data
from portal.tests.helpers import english, soup, text, translate

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def published(city_slug, title, **values):
    page = CaseStudyPageFactory(parent=english(CityPage, city_slug), title=title, results=[], **values)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def link(page, source, relation=Replication.Relation.ADAPTED_FROM):
    """As an editor adds a link: in the page's editor, then published."""
    page.inspirations.add(Replication(source=source, relation=relation))
    page.save_revision().publish()
    page.refresh_from_db()


def indicator(page=None, **values):
    defaults = {
        "indicator": "Complaints resolved",
        "unit": "%",
        "baseline_value": Decimal("40"),
        "baseline_year": 2021,
        "latest_value": Decimal("79"),
        "latest_year": 2024,
        "source": "Bangkok Metropolitan Administration",
    }
    row = ResultIndicator(**{**defaults, **values})
    if page is not None:
        row.page = page
    return row


def errors_of(row):
    with pytest.raises(ValidationError) as error:
        row.full_clean(exclude=["page", "locale", "translation_key"])
    return error.value.message_dict


# --- Validation of result indicators -----------------------------------------------------------


def test_a_complete_indicator_is_valid_and_a_target_may_lie_ahead():
    indicator(target_value=Decimal("90"), target_year=THIS_YEAR + 5).full_clean(
        exclude=["page", "locale", "translation_key"]
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"unit": "", "baseline_value": None, "baseline_year": None, "latest_value": None, "latest_year": None,
          "target_value": Decimal("90"), "target_year": 2030}, "unit", "Give the unit"),
        ({"unit": "  "}, "unit", "Give the unit"),
        ({"latest_year": THIS_YEAR + 1}, "latest_year", f"{THIS_YEAR + 1} is in the future"),
        ({"baseline_year": THIS_YEAR + 2, "latest_year": THIS_YEAR}, "baseline_year", "is in the future"),
        ({"target_year": 2200, "target_value": Decimal("1")}, "target_year", "up to 2100"),
        ({"baseline_year": 2024, "latest_year": 2021}, "latest_year", "cannot be older than the baseline"),
        ({"target_year": 2020, "target_value": Decimal("1")}, "target_year", "cannot come before the baseline"),
        ({"baseline_value": None, "latest_value": None, "baseline_year": None, "latest_year": None},
         "latest_value", "Give at least one figure"),
        ({"latest_year": None}, "latest_year", "Give the year of the latest figure"),
        ({"baseline_value": None}, "baseline_value", "Give the baseline figure for 2021"),
        ({"source": "", "source_url": "https://example.org/figures"}, "source", "Name the source"),
        ({"source": ""}, "source", "Name the source"),
        ({"baseline_year": 1850}, "baseline_year", "from 1900 on"),
    ],
)  # fmt: skip
def test_indicator_rules_give_clear_errors(values, field, message):
    errors = errors_of(indicator(**values))
    assert field in errors, errors
    assert message in " ".join(errors[field])


def page_editor_post(client, page, rows, **fields):
    """The page editor's form for `page`, with `rows` as the "Results in figures" inline panel."""
    data = edit_data(client, page, **fields)
    data["result_indicators-TOTAL_FORMS"] = str(len(rows))
    for number, row in enumerate(rows):
        for name, value in {"id": "", "ORDER": str(number + 1), "DELETE": "", **row}.items():
            data[f"result_indicators-{number}-{name}"] = value
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


@pytest.fixture
def secretariat_client(client, two_factor_login):
    two_factor_login(client, get_user_model().objects.get(username="secretariat"))
    return client


def test_the_page_editor_shows_the_errors_at_the_fields_and_saves_a_valid_row(secretariat_client):
    client = secretariat_client
    page = published("bangkok", "Street light repair")
    future = {
        "indicator": "Lights repaired within a week",
        "unit": "",
        "target_value": "95",
        "target_year": "2030",
        "latest_value": "60",
        "latest_year": str(THIS_YEAR + 1),
        "source": "District office records",
    }
    response = page_editor_post(client, page, [future])
    assert response.status_code == 200  # the form again, not saved
    html = soup(response)
    errors = " ".join(error.get_text(" ") for error in html.select(".error-message, .w-field__errors"))
    assert "Give the unit of the figures" in errors
    assert f"{THIS_YEAR + 1} is in the future" in errors
    assert not ResultIndicator.objects.filter(page=page).exists()
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().result_indicators.count() == 0

    valid = {**future, "unit": "%", "latest_year": str(THIS_YEAR)}
    response = page_editor_post(client, page, [valid], **{"action-publish": "1"})
    assert response.status_code == 302, soup(response).select(".error-message")
    row = ResultIndicator.objects.get(page=page)
    assert (row.unit, row.latest_value, row.latest_year, row.locale.language_code) == ("%", 60, THIS_YEAR, "en")


def test_a_case_study_cannot_replicate_itself_or_name_the_same_one_twice(secretariat_client):
    page = published("bangkok", "Flood alerts")
    source = english(CaseStudyPage, "qlue-crop-jakarta")
    with pytest.raises(ValidationError) as error:
        Replication(page=page, source=page).full_clean()
    assert "cannot replicate itself" in " ".join(error.value.message_dict["source"])
    thai = translate(page, "การแจ้งเตือนน้ำท่วม")
    with pytest.raises(ValidationError):  # nor its own translation
        Replication(page=page, source=thai).full_clean()
    Replication(page=page, source=source).full_clean()

    data = edit_data(secretariat_client, page)
    data["inspirations-TOTAL_FORMS"] = "2"
    for number in (0, 1):
        for name, value in {"id": "", "ORDER": str(number + 1), "DELETE": "", "source": str(source.pk)}.items():
            data[f"inspirations-{number}-{name}"] = value
        data[f"inspirations-{number}-relation"] = "replicates"
    response = secretariat_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "Please correct the duplicate" in text(response)
    assert not Replication.objects.filter(page=page).exists()


# --- Results on the page --------------------------------------------------------------------------


def test_the_page_shows_its_results_as_a_table_with_figures_written_for_the_language(client):
    page = published("bangkok", "Complaint handling")
    page.result_indicators.add(
        indicator(),
        indicator(
            indicator="Complaints received",
            unit="complaints",
            baseline_value=None,
            baseline_year=None,
            latest_value=Decimal("588842"),
            latest_year=2024,
            target_value=None,
            source="NECTEC",
            source_url="https://www.traffy.in.th/",
        ),
    )
    page.save_revision().publish()
    html = soup(client.get(page.url))
    table = html.select_one(".results-figures table")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Indicator", "Unit", "Baseline", "Target", "Latest", "Source"]
    rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]
    assert rows[0] == ["Complaints resolved", "%", "40 (2021)", "– not given", "79 (2024)",
                       "Bangkok Metropolitan Administration"]  # fmt: skip
    assert rows[1][4] == "588,842 (2024)"
    assert table.select("tbody tr")[1].find_all("td")[3].data["value"] == "588842"
    assert table.select_one("a[href='https://www.traffy.in.th/']").get_text() == "NECTEC"


def test_figures_follow_the_language_of_the_page():
    assert figure(Decimal("588842.0000")) == "588,842"
    assert figure(Decimal("2.5000")) == "2.5"
    with translation.override("id"):
        assert figure(Decimal("588842.0000")) == "588.842"
        assert figure(Decimal("2.5000")) == "2,5"
    assert figure(None) == ""
    assert plain_figure(Decimal("588842.0000")) == "588842"  # for machines: the <data> element's value


def test_a_translation_made_with_wagtail_localize_keeps_its_indicators_in_its_language(
    client, django_capture_on_commit_callbacks
):
    translate(english(CityPage, "bangkok"), "กรุงเทพมหานคร")  # the parent, so that the page is served
    page = published("bangkok", "Complaint handling")
    page.result_indicators.add(indicator())
    page.save_revision().publish()
    thai = Locale.objects.get(language_code="th")
    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in source.stringsegment_set.filter(context__path__endswith=".indicator"):
        StringTranslation.objects.create(
            translation_of_id=segment.string_id,
            locale=thai,
            context_id=segment.context_id,
            data="เรื่องร้องเรียนที่แก้ไขแล้ว",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        Translation.objects.create(source=source, target_locale=thai).save_target(publish=True)

    translated = page.get_translation(thai)
    rows = list(translated.result_indicators.all())
    assert len(rows) == 1
    row, original = rows[0], page.result_indicators.get()
    assert row.pk != original.pk and row.locale == thai and row.translation_key == original.translation_key
    assert (row.indicator, row.unit, row.latest_value, row.latest_year) == ("เรื่องร้องเรียนที่แก้ไขแล้ว", "%", 79, 2024)
    assert page.result_indicators.get().indicator == "Complaints resolved"  # the English row unchanged
    content = text(client.get(translated.url))
    assert "เรื่องร้องเรียนที่แก้ไขแล้ว" in content and "Complaints resolved" not in content


# --- Replication --------------------------------------------------------------------------------


@pytest.fixture
def chain_pages():
    """Bangkok's original, Jakarta's replication of it, Da Nang's adaptation of Jakarta's."""
    original = published("bangkok", "Citizen reporting", start_year=2018)
    copy = published("dki-jakarta", "Citizen reporting Jakarta", start_year=2020)
    adaptation = published("da-nang", "Citizen reporting Da Nang", start_year=2022)
    link(copy, original, Replication.Relation.REPLICATES)
    link(adaptation, copy)
    return original, copy, adaptation


def test_both_pages_show_the_link_with_city_and_country(client, chain_pages):
    original, copy, adaptation = chain_pages
    content = text(client.get(copy.url))
    assert "This case study replicates Citizen reporting (Bangkok, Thailand)." in content
    assert "Replicated or adapted by" in content
    assert "Citizen reporting Da Nang (Da Nang, Viet Nam, 2022) – adapted from this case study" in content
    html = soup(client.get(original.url))
    section = html.select_one(".replication")
    assert section.select_one(f"a[href='{copy.url}']").get_text() == copy.title
    assert "replicates this case study" in section.get_text()
    assert adaptation.title not in section.get_text()  # only direct links on the page
    assert section.select_one(f"a[href='/case-studies/{original.pk}/replications/']")
    assert soup(client.get(english(CaseStudyPage, "qlue-crop-jakarta").url)).select_one(".replication") is None


def test_only_live_public_pages_are_linked(client, chain_pages):
    original, copy, adaptation = chain_pages
    draft = published("hanoi", "Citizen reporting Hanoi")
    link(draft, original)
    draft.unpublish()
    copy.unpublish()
    response = client.get(original.url)
    assert "Citizen reporting Hanoi" not in text(response) and copy.title not in text(response)
    assert soup(response).select_one(".replication") is None
    original.unpublish()  # nor do links to an unpublished page join the others in a chain
    assert soup(client.get(adaptation.url)).select_one(".replication") is None
    assert spread_of(adaptation) == (1, 1)


def test_the_chain_view_groups_the_whole_chain_by_country(client, chain_pages):
    original, copy, adaptation = chain_pages
    link(original, adaptation)  # a cycle: still each page once
    response = client.get(f"/case-studies/{adaptation.pk}/replications/")
    html = soup(response)
    assert html.h1.get_text() == f"How “{adaptation.title}” has spread"
    assert "This practice has reached 3 cities in 3 countries, through 3 case studies." in text(response)
    countries = [section.h2.get_text() for section in html.select(".replication-chain__country")]
    assert countries == sorted(["Indonesia", "Thailand", "Viet Nam"])
    for page in chain_pages:
        assert len(html.select(f"main a[href='{page.url}']")) >= 1
    indonesia = html.select(".replication-chain__country")[countries.index("Indonesia")].get_text(" ")
    assert "DKI Jakarta" in " ".join(indonesia.split())
    assert "Replicates Citizen reporting (Bangkok, Thailand)" in " ".join(indonesia.split())
    assert spread_of(original) == (3, 3)
    assert {m.page.pk for m in evidence.spread(copy).members} == {p.pk for p in chain_pages}


def spread_of(page):
    return tuple(evidence.spread(page)[:2])


def test_a_practice_alone_has_no_chain_and_an_unknown_one_is_not_found(client):
    page = english(CaseStudyPage, "qlue-crop-jakarta")
    assert evidence.spread(page)[:2] == (1, 1) and spread_of(page) == (1, 1)
    assert "No other city has said yet" in text(client.get(f"/case-studies/{page.pk}/replications/"))
    assert client.get("/case-studies/999999/replications/").status_code == 404
    page.unpublish()
    assert client.get(f"/case-studies/{page.pk}/replications/").status_code == 404


def test_links_are_shown_in_the_readers_language(client, chain_pages):
    original, copy, _ = chain_pages
    translate(english(CityPage, "bangkok"), "กรุงเทพมหานคร")
    translate(english(CityPage, "dki-jakarta"), "จาการ์ตา")
    thai_original = translate(original, "การรายงานของพลเมือง")
    thai_copy = translate(copy, "การรายงานของพลเมือง จาการ์ตา")  # its links copied, naming the English page
    assert thai_copy.url.startswith("/th/")
    html = soup(client.get(thai_copy.url))
    section = html.select_one(".replication")
    assert section.select_one(f"a[href='{thai_original.url}']").get_text() == "การรายงานของพลเมือง"
    assert "กรุงเทพมหานคร" in section.get_text()
    # The English original lists the copy once, in English, though two languages link to it.
    section = soup(client.get(original.url)).select_one(".replication")
    assert [a.get_text() for a in section.select("li a")] == [copy.title]
    chain = soup(client.get(f"/th/case-studies/{original.pk}/replications/"))
    assert chain.select_one(f"main a[href='{thai_copy.url}']") is not None
    assert spread_of(thai_copy) == (3, 3)


def test_the_evidence_on_a_page_costs_a_constant_few_queries(client, chain_pages):
    original, copy, adaptation = chain_pages

    def count(page):
        client.get(page.url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(page.url).status_code == 200
        return len(context.captured_queries)

    few = count(original)
    for number in range(4):
        other = published("hanoi", f"Citizen reporting {number}")
        link(other, original)
        original.result_indicators.add(indicator(indicator=f"Indicator {number}"))
    original.save_revision().publish()
    PracticeReview.objects.create(translation_key=original.translation_key, reviewer_name="A. Reviewer")
    assert count(original) == few


# --- The "Reviewed practice" label ------------------------------------------------------------------


def test_the_secretariat_labels_a_practice_for_every_language_and_removes_the_label(secretariat_client, client):
    page = english(CaseStudyPage, "dottorota-home-care-makassar")
    thai = translate(page, "บริการดูแลที่บ้าน")
    admin = secretariat_client
    edit = admin.get(f"/admin/pages/{page.pk}/edit/")
    assert f"/admin/case-studies/{page.pk}/reviewed-practice/" in edit.content.decode()
    listing = admin.get(f"/admin/pages/{page.get_parent().pk}/")  # the city's case studies, "More"
    assert f"/admin/case-studies/{page.pk}/reviewed-practice/" in listing.content.decode()
    city_listing = admin.get(f"/admin/pages/{page.get_parent().get_parent().pk}/")  # cities: no button
    assert "reviewed-practice" not in city_listing.content.decode()

    form = admin.get(f"/admin/case-studies/{page.pk}/reviewed-practice/")
    assert "Not labelled" in text(form)
    refused = admin.post(f"/admin/case-studies/{page.pk}/reviewed-practice/", {"note": ""})
    assert refused.status_code == 400 and "Say what was checked" in refused.content.decode()
    assert not PracticeReview.objects.filter(translation_key=page.translation_key).exists()

    note = "Vehicle count checked against the health office's fleet register."
    response = admin.post(f"/admin/case-studies/{thai.pk}/reviewed-practice/", {"note": note})
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{thai.pk}/edit/"
    review = PracticeReview.objects.get(translation_key=page.translation_key)
    assert (review.note, review.reviewer.username) == (note, "secretariat")
    assert review.reviewer_name == "Secretariat Reviewer"
    entry = PageLogEntry.objects.filter(page=thai, action="casestudies.reviewed_practice").get()
    assert entry.user.username == "secretariat" and entry.data["note"] == note
    assert "Labelled “Reviewed practice”" in text(admin.get(f"/admin/pages/{thai.pk}/history/"))

    today = timezone.localdate()
    label = soup(client.get(page.url)).select_one(".review-label")
    assert "Reviewed practice" in label.get_text()
    written = f"Evidence checked by the ASCN secretariat, Secretariat Reviewer, {today:%-d %B %Y}"
    assert written in label.get_text()
    thai_label = soup(client.get(thai.url)).select_one(".review-label")  # in Thai: its date, the same name
    assert "Secretariat Reviewer" in thai_label.get_text()
    assert label.time["datetime"] == thai_label.time["datetime"] == today.isoformat()
    assert note not in text(client.get(page.url))  # the note stays in the admin

    response = admin.post(f"/admin/case-studies/{page.pk}/reviewed-practice/remove/")
    assert response.status_code == 302
    assert not PracticeReview.objects.filter(translation_key=page.translation_key).exists()
    assert PageLogEntry.objects.filter(page=page, action="casestudies.reviewed_practice_removed").exists()
    assert soup(client.get(page.url)).select_one(".review-label") is None
    assert soup(client.get(thai.url)).select_one(".review-label") is None


def test_only_the_secretariat_may_label(client):
    page = english(CaseStudyPage, "smart-city-aizuwakamatsu")
    editor = get_user_model().objects.get(username="aizuwakamatsu-editor")
    client.force_login(editor)
    assert page.permissions_for_user(editor).can_edit()  # their own city's page, yet:
    assert "reviewed-practice" not in client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "reviewed-practice" not in client.get(f"/admin/pages/{page.get_parent().pk}/").content.decode()
    assert client.get(f"/admin/case-studies/{page.pk}/reviewed-practice/").status_code == 403
    assert client.post(f"/admin/case-studies/{page.pk}/reviewed-practice/", {"note": "Mine."}).status_code == 403
    PracticeReview.objects.create(translation_key=page.translation_key, reviewer_name="Secretariat Reviewer")
    assert client.post(f"/admin/case-studies/{page.pk}/reviewed-practice/remove/").status_code == 403
    assert PracticeReview.objects.filter(translation_key=page.translation_key).exists()
    client.logout()
    response = client.post(f"/admin/case-studies/{page.pk}/reviewed-practice/", {"note": "Anonymous."})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PracticeReview.objects.filter(note="Anonymous.").count() == 0
