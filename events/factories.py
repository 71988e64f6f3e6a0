import datetime

import factory
import wagtail_factories
from django.utils import timezone

from events.models import EventPage


class EventPageFactory(wagtail_factories.PageFactory):
    """Pass parent=<EventIndexPage>."""

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Test event {n}")
    slug = factory.LazyAttribute(lambda o: o.title.lower().replace(" ", "-"))
    summary = "A test event."
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=8))
    time_zone = "Asia/Bangkok"
    format = EventPage.Format.HYBRID
