"""What every page type of the portal shares: how it is translated, searched and cleaned."""

from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

# Add to each page type's search_fields.
SEARCH_WORDS_FIELD = index.SearchField("search_words")


class PortalPageMixin:
    # One slug in every language (/th/cities/bangkok/): ASCII addresses that partner
    # sites, feeds and the language switcher can rely on.
    override_translatable_fields = [SynchronizedField("slug")]
    # Page types with their own search_fields add SEARCH_WORDS_FIELD to them.
    search_fields = Page.search_fields + [SEARCH_WORDS_FIELD]

    def full_clean(self, *args, **kwargs):
        # save() and save_revision() both come through here, whoever calls them.
        from portal.sanitise import clean_rich_text_fields

        clean_rich_text_fields(self)
        super().full_clean(*args, **kwargs)

    def get_view_restrictions(self):
        # Wagtail's takes two queries; every page view asks (portal/queries.py).
        from portal.queries import view_restrictions

        return view_restrictions(self)

    def search_words(self):
        """The page's text split into words, for languages written without spaces."""
        from portal.segmentation import words_for_index

        return words_for_index(self)
