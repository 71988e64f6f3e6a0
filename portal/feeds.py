"""RSS 2.0 and Atom feeds of the newest case studies, all or narrowed to one facet.

/feeds/case-studies.rss and .atom; /feeds/case-studies/<focus-area|country|city>/<slug>.rss and .atom.
Built on Django's syndication framework; what is in them is decided by casestudies.syndication.
Items link to the pages' canonical addresses (the Wagtail site's, as in <link rel="canonical">).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from casestudies.syndication import (
    FACET_BY_KIND,
    UnknownValue,
    choose,
    describe,
    describe_in_words,
    latest_case_studies,
)


class CaseStudyFeed(Feed):
    feed_type = Rss201rev2Feed
    item_guid_is_permalink = True

    def get_object(self, request, kind=None, slug=None):
        """The facet choices the feed is narrowed to: [] for all case studies."""
        if kind is None:
            return []
        facet = FACET_BY_KIND.get(kind)
        if facet is None:
            raise Http404(f"No feed by “{kind}”; use focus-area, country or city.")
        try:
            return [choose(facet, slug)]
        except UnknownValue as error:
            raise Http404(str(error)) from error

    def title(self, choices):
        return f"{describe(choices)} · {settings.WAGTAIL_SITE_NAME}"

    def description(self, choices):
        return f"The newest {describe_in_words(choices)} published on the {settings.WAGTAIL_SITE_NAME}."

    def link(self, choices):
        # The library, filtered the same way: what a reader opens to see the feed's items on the site.
        # The framework makes it absolute with the request's host.
        query = urlencode([(choice.facet.param, choice.slug) for choice in choices])
        return "/case-studies/" + (f"?{query}" if query else "")

    def items(self, choices):
        return latest_case_studies(choices)

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.summary

    def item_link(self, page):
        return page.get_full_url()

    def item_guid(self, page):
        return page.get_full_url()

    def item_pubdate(self, page):
        return page.first_published_at

    def item_updateddate(self, page):
        return page.last_published_at or page.first_published_at

    def item_author_name(self, page):
        return page.city.title if page.city else None

    def item_author_link(self, page):
        return page.city.get_full_url() if page.city else None

    def item_categories(self, page):
        return [area.name for area in page.focus_areas.all()]


class CaseStudyAtomFeed(CaseStudyFeed):
    feed_type = Atom1Feed
    subtitle = CaseStudyFeed.description
