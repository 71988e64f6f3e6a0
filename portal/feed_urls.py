"""URLs of the feeds, calendars, embeddable widget and oEmbed (see docs/feeds.md).

Included at the root before Wagtail's catch-all; the addresses are public and stable."""

from django.urls import path
from django.views.decorators.cache import cache_control

from events import calendar
from exchange.partner_feeds import PartnersWantedAtomFeed, PartnersWantedFeed
from portal import embeds, oembed
from portal.feeds import CaseStudyAtomFeed, CaseStudyFeed

app_name = "feeds"

# Feeds hold only public pages, the same for everyone: readers and proxies may keep them a while.
rss = cache_control(public=True, max_age=300)(CaseStudyFeed())
atom = cache_control(public=True, max_age=300)(CaseStudyAtomFeed())
partners_rss = cache_control(public=True, max_age=300)(PartnersWantedFeed())
partners_atom = cache_control(public=True, max_age=300)(PartnersWantedAtomFeed())

urlpatterns = [
    path("feeds/case-studies.rss", rss, name="case_studies_rss"),
    path("feeds/case-studies.atom", atom, name="case_studies_atom"),
    path("feeds/case-studies/<slug:kind>/<slug:slug>.rss", rss, name="case_studies_facet_rss"),
    path("feeds/case-studies/<slug:kind>/<slug:slug>.atom", atom, name="case_studies_facet_atom"),
    # Partner searches (exchange/partner_feeds.py): the address with a slash is the one announced.
    path("feeds/partners-wanted/", partners_rss, name="partners_wanted_rss"),
    path("feeds/partners-wanted.rss", partners_rss, name="partners_wanted_rss_file"),
    path("feeds/partners-wanted.atom", partners_atom, name="partners_wanted_atom"),
    path("feeds/events.ics", calendar.events_calendar, name="events_ics"),
    path("feeds/events/<slug:slug>.ics", calendar.event_calendar, name="event_ics"),
    path("embed/case-studies/", embeds.case_studies_widget, name="embed_case_studies"),
    path("embed/case-study/<int:page_id>/", embeds.case_study_widget, name="embed_case_study"),
    path("embed/widget.js", embeds.widget_script, name="widget_js"),
    path("oembed/", oembed.oembed, name="oembed"),
]
