"""RSS 2.0 and Atom feeds of the newest case studies, all or narrowed to one facet.

/feeds/case-studies.rss and .atom; /feeds/case-studies/<focus-area|country|city>/<slug>.rss and .atom.
Each language has its own: `?locale=th` lists the case studies published
in Thai; without it, English. Built on Django's syndication framework; what is in them is
decided by casestudies.syndication. Items link to the pages' canonical addresses (the
Wagtail site's, as in <link rel="canonical">).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponseBadRequest
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext

from casestudies.syndication import (
    FACET_BY_KIND,
    UnknownValue,
    choose,
    describe,
    describe_in_words,
    latest_case_studies,
)
from portal.languages import LANGUAGES
from portal.locales import UnknownLanguage, language_from_query

NATIVE_NAMES = {code: native for code, _english, native in LANGUAGES}


def language_prefix(language):
    """The address prefix of a language's pages: "" for English, "/th" for Thai."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


@dataclass(frozen=True)
class FeedSelection:
    choices: list  # the facet choices the feed is narrowed to: [] for all case studies
    language: str


class CaseStudyFeed(Feed):
    feed_type = Rss201rev2Feed
    item_guid_is_permalink = True

    def __call__(self, request, *args, **kwargs):
        try:
            language_from_query(request.GET)
        except UnknownLanguage as error:
            # A mistyped language is the caller's to fix: say so, with the accepted codes.
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, kind=None, slug=None):
        language = language_from_query(request.GET)  # checked in __call__
        if kind is None:
            return FeedSelection([], language)
        facet = FACET_BY_KIND.get(kind)
        if facet is None:
            raise Http404(f"No feed by “{kind}”; use focus-area, country or city.")
        try:
            return FeedSelection([choose(facet, slug, language)], language)
        except UnknownValue as error:
            raise Http404(str(error)) from error

    def get_feed(self, obj, request):
        # The feed's <language> (and any translated text) is the feed's, not the address's (none).
        with translation.override(obj.language):
            return super().get_feed(obj, request)

    def title(self, obj):
        title = f"{describe(obj.choices)} · {gettext(settings.WAGTAIL_SITE_NAME)}"
        if obj.language != settings.LANGUAGE_CODE:
            title += f" · {NATIVE_NAMES.get(obj.language, obj.language)}"
        return title

    def description(self, obj):
        # Translators: case_studies is a noun phrase: "case studies", "case studies from Japan".
        description = gettext("The newest %(case_studies)s published on the %(site_name)s.")
        return description % {
            "case_studies": describe_in_words(obj.choices),
            "site_name": gettext(settings.WAGTAIL_SITE_NAME),
        }

    def link(self, obj):
        # The library in the feed's language, filtered the same way: what a reader opens to see
        # the feed's items on the site. The framework makes it absolute with the request's host.
        query = urlencode([(choice.facet.param, choice.slug) for choice in obj.choices])
        return f"{language_prefix(obj.language)}/case-studies/" + (f"?{query}" if query else "")

    def items(self, obj):
        return latest_case_studies(obj.choices, language=obj.language)

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        # Readers render a description as HTML; the summary is plain text, so escape it.
        return escape(page.summary)

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
        return [area.display_name for area in page.focus_areas.all()]  # in the feed's language


class CaseStudyAtomFeed(CaseStudyFeed):
    feed_type = Atom1Feed
    subtitle = CaseStudyFeed.description
