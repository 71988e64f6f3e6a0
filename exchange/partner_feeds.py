"""RSS 2.0 and Atom feeds of the partner searches: /feeds/partners-wanted/ (also .rss) and
/feeds/partners-wanted.atom.

Built on the case-study feeds (portal/feeds.py): the same `?locale=` rule (the searches
published in that language; English without it; 400 for an unknown code), the same items'
links, dates and authors. Newest first by last publication: a case study starts looking for
partners when a new version of it is published, often long after it first appeared.
"""

from django.conf import settings
from django.db.models import F
from django.utils.html import escape
from django.utils.translation import gettext

from casestudies.taxonomy import focus_areas_named_in
from exchange.partners import open_searches
from portal.feeds import NATIVE_NAMES, CaseStudyAtomFeed, CaseStudyFeed, FeedSelection, language_prefix
from portal.locales import language_from_query, localize_foreign_key

FEED_LENGTH = 50


class PartnersWantedFeed(CaseStudyFeed):
    def get_object(self, request):
        return FeedSelection([], language_from_query(request.GET))  # checked in __call__

    def title(self, obj):
        title = f"{gettext('Looking for partners')} · {gettext(settings.WAGTAIL_SITE_NAME)}"
        if obj.language != settings.LANGUAGE_CODE:
            title += f" · {NATIVE_NAMES.get(obj.language, obj.language)}"
        return title

    def description(self, obj):
        description = gettext(
            "Case studies and planned projects whose city is looking for partners "
            "(funding, technology, a peer city, expertise), on the %(site_name)s."
        )
        return description % {"site_name": gettext(settings.WAGTAIL_SITE_NAME)}

    def link(self, obj):
        return f"{language_prefix(obj.language)}/partners-wanted/"

    def items(self, obj):
        pages = list(
            open_searches()
            .filter(locale__language_code=obj.language)
            .select_related("city__country")
            .prefetch_related("partner_needs", focus_areas_named_in(obj.language))
            .order_by(F("last_published_at").desc(nulls_last=True), "-pk")[:FEED_LENGTH]
        )
        return localize_foreign_key(pages, "city", select_related=["country"])

    def item_description(self, page):
        # Readers render a description as HTML: the page's plain text is escaped.
        sought = ", ".join(need.display_name for need in page.partner_needs.all())
        parts = [f"<p><strong>{escape(gettext('Looking for:'))}</strong> {escape(sought)}</p>"]
        if page.partnership_note:
            parts.append(f"<p>{escape(page.partnership_note)}</p>")
        parts.append(f"<p>{escape(page.summary)}</p>")
        return "".join(parts)

    def item_pubdate(self, page):
        return page.last_published_at or page.first_published_at

    def item_categories(self, page):
        return [need.display_name for need in page.partner_needs.all()]


class PartnersWantedAtomFeed(PartnersWantedFeed):
    feed_type = CaseStudyAtomFeed.feed_type
    subtitle = PartnersWantedFeed.description
