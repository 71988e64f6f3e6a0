"""URLs of the feeds, calendars, embeddable widget and oEmbed (see docs/feeds.md).

Included at the root before Wagtail's catch-all; the addresses are public and stable."""

from django.urls import path
from django.views.decorators.cache import cache_control

from events import calendar
from portal import embeds, oembed
from portal.feeds import CaseStudyAtomFeed, CaseStudyFeed

app_name = "feeds"

# Feeds hold only public pages, the same for everyone: readers and proxies may keep them a while.
rss = cache_control(public=True, max_age=300)(CaseStudyFeed())
atom = cache_control(public=True, max_age=300)(CaseStudyAtomFeed())

urlpatterns = [
    path("feeds/case-studies.rss", rss, name="case_studies_rss"),
    path("feeds/case-studies.atom", atom, name="case_studies_atom"),
    path("feeds/case-studies/<slug:kind>/<slug:slug>.rss", rss, name="case_studies_facet_rss"),
    path("feeds/case-studies/<slug:kind>/<slug:slug>.atom", atom, name="case_studies_facet_atom"),
    path("feeds/events.ics", calendar.events_calendar, name="events_ics"),
    path("feeds/events/<slug:slug>.ics", calendar.event_calendar, name="event_ics"),
    path("embed/case-studies/", embeds.case_studies_widget, name="embed_case_studies"),
    path("embed/case-study/<int:page_id>/", embeds.case_study_widget, name="embed_case_study"),
    path("embed/widget.js", embeds.widget_script, name="widget_js"),
    path("oembed/", oembed.oembed, name="oembed"),
]
