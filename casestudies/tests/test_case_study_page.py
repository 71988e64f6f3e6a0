import pytest
from django.core.exceptions import ValidationError

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, RelatedCaseStudy
from portal.tests.helpers import text

pytestmark = pytest.mark.django_db


def test_case_study_page_shows_its_structure_key_figures_and_partners(client):
    page = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    assert page.url == "/cities/bangkok/traffy-fondue-bangkok/"
    content = text(client.get(page.url))
    assert page.title in content and page.summary in content
    for heading, _ in page.sections:
        assert heading in content
    assert "588,842" in content  # a key figure from the public facts
    for organisation in page.partner_organisations.all():
        assert organisation.name in content
    assert page.source_name in content
    assert "Bangkok" in content and "Thailand" in content
    for area in page.focus_areas.all():
        assert area.name in content


def test_case_study_without_known_figures_has_no_key_figure_block():
    page = CaseStudyPage.objects.get(slug="qlue-crop-jakarta")
    assert page.key_figures == []


def test_related_case_studies_prefer_editors_choices(client):
    page = CaseStudyPage.objects.get(slug="smart-city-aizuwakamatsu")
    chosen = CaseStudyPage.objects.get(slug="bandar-seri-begawan-bruhealth")
    RelatedCaseStudy.objects.create(page=page, related_page=chosen)
    related = page.related_case_studies()
    assert related[0] == chosen
    assert page not in related
    shares_focus = set(page.focus_areas.values_list("pk", flat=True))
    for other in related[1:]:
        assert shares_focus & set(other.focus_areas.values_list("pk", flat=True))
    assert chosen.title in text(client.get(page.url))


def test_unpublished_case_studies_stay_out_of_the_library_and_related(client):
    page = CaseStudyPage.objects.get(slug="qlue-crop-jakarta")
    page.unpublish()
    assert page.title not in text(client.get("/case-studies/", {"country": "indonesia"}))
    assert client.get("/cities/dki-jakarta/qlue-crop-jakarta/").status_code == 404


def test_case_study_validation_rejects_inconsistent_facts(city_index):
    from cities.models import CityPage

    city = CityPage.objects.get(slug="hanoi")
    page = CaseStudyPageFactory(parent=city, start_year=2020)
    assert page.city == city  # the lead city follows from the page tree
    page.end_year = 2019
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_year" in error.value.message_dict
    page.end_year, page.budget_amount, page.budget_currency = None, 1000, ""
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "budget_currency" in error.value.message_dict
    page.budget_currency = "U$"
    with pytest.raises(ValidationError):
        page.full_clean()
    page.budget_currency = "usd"
    page.full_clean()
    page.save()
    assert page.budget_currency == "USD"
