import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from cities.models import CityIndexPage, CityPage, Country


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso_code"]

    name = factory.Sequence(lambda n: f"Testland {n}")
    iso_code = factory.Sequence(lambda n: f"Q{chr(65 + n % 26)}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CityIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CityIndexPage

    title = "Cities"
    slug = "cities"


class CityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CityPage

    title = factory.Sequence(lambda n: f"Test City {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    country = factory.SubFactory(CountryFactory)
    latitude = "10.5"
    longitude = "105.5"
    is_ascn_pilot = True
    year_joined = 2018
    summary = factory.LazyAttribute(lambda o: f"{o.title} is a test city.")
