"""The language switcher and the hreflang links: where this page lives in each language.

One tag computes the data, `{% language_versions page as language_versions %}`, so the
<link rel="alternate" hreflang> in <head> and the switcher in the header agree."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_from_path
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.languages import LANGUAGES

register = template.Library()

# The languages' names in the reader's language ("not yet available in Thai").
# Django translates most of them; Filipino and Lao it does not know, our catalogues do.
LANGUAGE_NAMES = {
    "en": _("English"),
    "id": _("Indonesian"),
    "ms": _("Malay"),
    "th": _("Thai"),
    "vi": _("Vietnamese"),
    "fil": _("Filipino"),
    "km": _("Khmer"),
    "lo": _("Lao"),
    "my": _("Burmese"),
    "ja": _("Japanese"),
}

# The case-study library's facets (casestudies.library.FACETS), by query parameter.
FACET_LABELS = {
    "country": _("Country"),
    "city": _("City"),
    "focus_area": _("Focus area"),
    "sdg": _("SDG"),
    "stage": _("Stage"),
    "year": _("Year started"),
}

# The page types' names, as search results label them ("Case study", "Event").
PAGE_TYPE_LABELS = {
    "portal.homepage": _("Home page"),
    "portal.standardpage": _("Standard page"),
    "cities.cityindexpage": _("City index page"),
    "cities.citypage": _("City"),
    "casestudies.casestudyindexpage": _("Case study index page"),
    "casestudies.casestudypage": _("Case study"),
    "events.eventindexpage": _("Event index page"),
    "events.eventpage": _("Event"),
}


@dataclass
class LanguageVersion:
    code: str
    native_name: str
    name: str  # in the reader's language
    url: str | None  # None: the page is not (yet) available in this language
    absolute_url: str | None
    is_current: bool


@dataclass
class LanguageVersions:
    versions: list
    default: LanguageVersion | None  # the English version, for hreflang="x-default"
    content_language: str  # the language of the page's text (may differ from the interface's)

    def __iter__(self):
        return iter(self.versions)

    @property
    def available(self):
        return [version for version in self.versions if version.url]


def _unprefixed_path(path):
    """/th/search/ → /search/; English paths have no prefix and stay as they are."""
    prefix = get_language_from_path(path)
    if prefix and prefix != settings.LANGUAGE_CODE and path.startswith(f"/{prefix}/"):
        return path[len(prefix) + 1 :]
    return path


def _prefixed_path(code, path):
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def _page_urls(page, request):
    """{language code: (url, absolute url)} of the page's live translations, and the
    page's own language: one query."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    urls = {}
    own_language = None
    for translation in translations:
        code = translation.locale.language_code
        if translation.pk == page.pk:
            own_language = code
        url = translation.get_url(request=request)
        if url:
            urls[code] = (url, translation.get_full_url(request=request))
    if own_language is None:
        # A draft being previewed is not live, yet it is what the reader is looking at.
        own_language = page.locale.language_code
        if request is not None:
            urls.setdefault(own_language, (request.get_full_path(), request.build_absolute_uri()))
    return urls, own_language


def _path_urls(request):
    """Views that are not pages (search, login): the same address under each prefix."""
    path = _unprefixed_path(request.path)
    query = request.META.get("QUERY_STRING", "")
    urls = {}
    for code, _english, _native in LANGUAGES:
        url = _prefixed_path(code, path)
        urls[code] = (f"{url}?{query}" if query else url, request.build_absolute_uri(url))
    return urls


@register.simple_tag(takes_context=True)
def language_versions(context, page=None):
    """This page in every content language: its address there, or None when there is none."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    content_language = current
    if isinstance(page, Page):
        urls, content_language = _page_urls(page, request)
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        # Keep the library's filters when switching language; hreflang gets the plain address.
        if query:
            urls = {code: (f"{url}?{query}", absolute) for code, (url, absolute) in urls.items()}
    elif request is not None:
        urls = _path_urls(request)
    else:
        urls = {}
    versions = []
    for code, _english, native in LANGUAGES:
        url, absolute_url = urls.get(code, (None, None))
        versions.append(
            LanguageVersion(
                code=code,
                native_name=native,
                name=str(LANGUAGE_NAMES[code]),
                url=url,
                absolute_url=absolute_url,
                is_current=code == current,
            )
        )
    default = next((v for v in versions if v.code == settings.LANGUAGE_CODE and v.url), None)
    return LanguageVersions(versions=versions, default=default, content_language=content_language)


@register.inclusion_tag("includes/language_switcher.html")
def language_switcher(language_versions):
    return {"language_versions": language_versions}


@register.inclusion_tag("includes/hreflang_links.html")
def hreflang_links(language_versions):
    return {"language_versions": language_versions}


@register.filter
def facet_label(facet):
    """A library facet's label in the reader's language."""
    return FACET_LABELS.get(getattr(facet, "param", None), getattr(facet, "label", ""))


@register.filter
def page_type_label(page):
    """A page's type in the reader's language: "Case study", "Event"."""
    label = PAGE_TYPE_LABELS.get(page._meta.label_lower)
    return label if label is not None else capfirst(page.get_verbose_name())
