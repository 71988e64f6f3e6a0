"""Pages that must never leave the portal through a feed, calendar, widget or oEmbed."""

from wagtail.models import PageViewRestriction

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage, FocusArea
from cities.models import CityPage
from events.factories import EventPageFactory
from events.models import EventIndexPage


def hidden_case_studies(city_slug="aizuwakamatsu", focus_area_slug="safety-security"):
    """A draft and a published-but-private case study, both in `city_slug` and the focus area,
    plus the demo content's own pages that are not live (drafts and one in review)."""
    city = CityPage.objects.get(slug=city_slug)
    focus_area = FocusArea.objects.in_default_language().get(slug=focus_area_slug)
    draft = CaseStudyPageFactory(parent=city, title="Secret draft project", live=False, focus_areas=[focus_area])
    private = CaseStudyPageFactory(parent=city, title="Private pilot project", focus_areas=[focus_area])
    private.save_revision().publish()  # published like any other, so only the restriction hides it
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return [draft, private, *CaseStudyPage.objects.filter(live=False).exclude(pk=draft.pk)]


def hidden_events():
    """A draft event and a published-but-private one, both with exact times."""
    index = EventIndexPage.objects.get(locale__language_code="en")
    draft = EventPageFactory(parent=index, title="Secret draft workshop", live=False)
    private = EventPageFactory(parent=index, title="Private delegates dinner")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return [draft, private]
