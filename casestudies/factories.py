import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from casestudies.models import CaseStudyPage, Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    kind = Organisation.Kind.COMPANY


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<CityPage>: a case study sits under its lead city."""

    class Meta:
        model = CaseStudyPage
        skip_postgeneration_save = True  # the hooks below save when they change something

    title = factory.Sequence(lambda n: f"Test case study {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    stage = CaseStudyPage.Stage.PILOT
    start_year = 2020
    source_name = "Test source"
    results = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>It worked.</p>"}])

    @factory.post_generation
    def focus_areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.focus_areas.set(extracted)
            self.save()

    @factory.post_generation
    def sdgs(self, create, extracted, **kwargs):
        if create and extracted:
            self.sdgs.set(extracted)
            self.save()
