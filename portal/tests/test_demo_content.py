import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from casestudies.models import (
    CaseStudyPage,
    ContentReview,
    Organisation,
    PracticeReview,
    Replication,
    ResultIndicator,
)
from cities.models import CityPage, Country
from events.models import EventMaterial, EventPage

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "countries": Country.objects.count(),
        "cities": CityPage.objects.count(),
        "case studies": CaseStudyPage.objects.count(),
        "events": EventPage.objects.count(),
        "materials": EventMaterial.objects.count(),
        "organisations": Organisation.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "result indicators": ResultIndicator.objects.count(),
        "replication links": Replication.objects.count(),
        "reviewed practices": PracticeReview.objects.count(),
        "content reviews": ContentReview.objects.count(),
        "looking for partners": CaseStudyPage.objects.filter(seeking_partners=True).count(),
    }


def test_demo_content_matches_the_public_facts():
    assert Country.objects.count() == 11  # ASEAN 10 + Japan
    assert set(Country.objects.filter(is_asean_member=False).values_list("iso_code", flat=True)) == {"JP"}
    assert CityPage.objects.live().count() == 27
    assert CityPage.objects.filter(is_ascn_pilot=True).count() == 26
    aizu = CityPage.objects.get(title="Aizuwakamatsu")
    assert not aizu.is_ascn_pilot and aizu.country.iso_code == "JP"
    assert (float(aizu.latitude), float(aizu.longitude)) == (37.4947, 139.9298)
    assert EventPage.objects.live().count() == 10
    assert CaseStudyPage.objects.live().count() >= 12
    lead_countries = set(CaseStudyPage.objects.live().values_list("city__country__iso_code", flat=True))
    assert len(lead_countries) >= 8
    assert CaseStudyPage.objects.filter(city=aizu).exists()
    hlm4 = EventPage.objects.get(title="4th ASEAN-Japan Smart Cities Network High Level Meeting")
    assert hlm4.host_city == aizu
    assert EventPage.objects.filter(materials__isnull=False).distinct().count() >= 2


def test_every_case_study_sits_under_its_lead_city_and_names_its_source():
    for page in CaseStudyPage.objects.all():
        assert page.get_parent().specific == page.city
        assert page.source_name


def test_loading_twice_gives_the_same_counts():
    before = counts()
    call_command("load_demo_content", verbosity=0)
    assert counts() == before


def test_loading_keeps_an_editors_changes():
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    page.summary = "Edited by Bangkok."
    page.save_revision().publish()
    call_command("load_demo_content", verbosity=0)
    page.refresh_from_db()
    assert page.summary == "Edited by Bangkok."


def test_generated_documents_are_real_pdfs():
    for document in get_document_model().objects.all():
        with document.file.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    for image in get_image_model().objects.all():
        assert image.width > 0 and image.height > 0


def test_results_replication_review_and_partners_are_demonstrated(client):
    from portal.tests.helpers import soup

    with_results = CaseStudyPage.objects.live().filter(result_indicators__isnull=False).distinct()
    assert with_results.count() >= 3
    for row in ResultIndicator.objects.all():
        row.full_clean(exclude=["page", "locale", "translation_key"])  # the editors' rules hold
        assert row.source and row.locale == row.page.locale
    traffy = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    html = soup(client.get(traffy.url))
    assert "588,842" in html.select_one(".results-figures").get_text()
    assert "Reviewed practice" in html.select_one(".review-label").get_text()

    [link] = Replication.objects.all()
    assert link.page.city.country != link.source.city.country  # across countries
    for page, other in ((link.page, link.source), (link.source, link.page)):
        assert soup(client.get(page.url)).select_one(f".replication a[href='{other.url}']") is not None

    seeking = CaseStudyPage.objects.live().filter(seeking_partners=True)
    assert seeking.count() == 2 and seeking.filter(stage="idea").exists()
    for page in seeking:
        assert page.partner_needs.exists() and page.partnership_note
    live = CaseStudyPage.objects.live().filter(locale__language_code="en")
    reviewed = set(ContentReview.objects.values_list("translation_key", flat=True))
    assert set(live.values_list("translation_key", flat=True)) <= reviewed
