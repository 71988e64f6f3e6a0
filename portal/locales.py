"""Pages in the reader's language.

Each language has its own page tree (wagtail-localize copies of the English one), so a
query over all pages finds every case study once per language. Two rules keep the site
readable in every language:

- A listing shows each page once: its live, public version in the language being browsed
  when there is one, else the English one (`in_language`), so a language's library is
  complete from the day it opens and fills with translations as they are published.
- A link from one page to another (a case study's partner cities, an event's host city,
  related case studies) goes to the linked page in the linking page's language when that
  is live and public, else to the English page (`localized_pages`). wagtail-localize keeps
  foreign keys to pages pointing at the source page, so this is done when showing them,
  in one query for a whole list.
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant

from portal.queries import private_q


def default_language():
    return settings.LANGUAGE_CODE


def active_language():
    """The content language being browsed (from the address prefix), as a Locale's language code."""
    try:
        return get_supported_content_language_variant(translation.get_language() or default_language())
    except LookupError:
        return default_language()


class UnknownLanguage(ValueError):
    """A `locale` parameter that names no content language; the message lists the accepted codes."""


def content_languages():
    """The portal's content language codes, sorted (each has its Locale)."""
    from portal.languages import LANGUAGES

    return sorted(code for code, _english, _native in LANGUAGES)


def language_from_query(params):
    """The content language a query string asks for with `locale=` (the API's name for it):
    English when absent; UnknownLanguage for anything but one known code."""
    values = params.getlist("locale")
    if not values:
        return default_language()
    accepted = content_languages()
    if len(values) > 1 or values[0].strip() not in accepted:
        given = ", ".join(value[:20] for value in values)
        raise UnknownLanguage(f"No language “{given}” is known: give locale once, one of {', '.join(accepted)}.")
    return values[0].strip()


def in_language(queryset, language):
    """Each page of `queryset` once: in `language` when live and public there, else in English.

    Stays a queryset (one SQL query with an EXISTS), so it can be counted, faceted and paged."""
    default = default_language()
    if language == default:
        return queryset.filter(locale__language_code=default)
    translated = (
        queryset.model.objects.live()
        .exclude(private_q())
        .filter(translation_key=OuterRef("translation_key"), locale__language_code=language)
    )
    return queryset.filter(Q(locale__language_code=language) | (Q(locale__language_code=default) & ~Exists(translated)))


def localized_pages(pairs, *, select_related=()):
    """For each (page, locale id) pair, the page's live, public translation in that locale,
    else its English version, else the page itself (None stays None).

    One query for the whole list, none when every page is already in its locale."""
    wanted = [(page, locale_id) for page, locale_id in pairs if page is not None and page.locale_id != locale_id]
    if not wanted:
        return [page for page, _ in pairs]
    model = type(wanted[0][0])
    default = default_language()
    candidates = (
        model.objects.live()
        .exclude(private_q())
        .filter(translation_key__in={page.translation_key for page, _ in wanted})
        .filter(Q(locale_id__in={locale_id for _, locale_id in wanted}) | Q(locale__language_code=default))
        .annotate(locale_code=F("locale__language_code"))
        .select_related(*select_related)
    )
    found = {}
    for candidate in candidates:
        found[(candidate.translation_key, candidate.locale_id)] = candidate
        if candidate.locale_code == default:
            found[(candidate.translation_key, default)] = candidate
    result = []
    for page, locale_id in pairs:
        if page is not None and page.locale_id != locale_id:
            key = page.translation_key
            page = found.get((key, locale_id)) or found.get((key, default)) or page
        result.append(page)
    return result


def localize_foreign_key(items, field_name, *, select_related=()):
    """Show each item's `field_name` (a foreign key to a page) in the item's own language.

    Only the loaded objects change (the related object Django caches); the column keeps the
    stored page. Load the related pages with the items (select_related), or this costs a
    query per item before its own one."""
    items = [item for item in items if item is not None]
    if not items:
        return items
    field = type(items[0])._meta.get_field(field_name)
    pairs = [(getattr(item, field_name), item.locale_id) for item in items]
    localized = localized_pages(pairs, select_related=select_related)
    for item, page in zip(items, localized, strict=True):
        if page is not None:
            field.set_cached_value(item, page)
    return items
