import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from casestudies.models import CaseStudyPage, Organisation
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
