"""Template tags for the feed links, the widget's copy-paste snippets and oEmbed discovery.

The feeds and widgets live at addresses without a language prefix; these tags give the
ones of the language being browsed (`?locale=th`), English ones as they always were."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html

from casestudies.syndication import FACET_BY_PARAM, Choice, describe, describe_in_words, single_choice_of_library
from portal.embeds import widget_query
from portal.locales import active_language, default_language

register = template.Library()


def in_active_language(url):
    """`url` of a feed or widget, for the language being browsed."""
    language = active_language()
    if language == default_language():
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"locale": language})


@register.simple_tag
def case_study_feed_url(kind="rss"):
    """The feed of all case studies (`kind`: rss or atom) in the language being browsed."""
    return in_active_language(reverse(f"feeds:case_studies_{kind}"))


@register.simple_tag
def events_calendar_url():
    """The events calendar (iCalendar) of the language being browsed."""
    return in_active_language(reverse("feeds:events_ics"))


@register.simple_tag
def event_calendar_url(page):
    """One event's .ics, in the event page's language."""
    url = reverse("feeds:event_ics", args=[page.slug])
    language = page.locale.language_code
    return url if language == default_language() else f"{url}?{urlencode({'locale': language})}"


IFRAME_HEIGHT = 700  # fits the default five case studies; widget.js fits the height itself


@register.simple_tag
def facet_choice(param, slug, name):
    """{% facet_choice "city" page.slug page.title as choice %}"""
    return Choice(FACET_BY_PARAM[param], slug, name)


@register.simple_tag
def library_choice(library):
    """The one country, city or focus area the library is narrowed to, or None."""
    return single_choice_of_library(library)


@register.inclusion_tag("includes/feed_links.html")
def case_study_feed_links(choice=None):
    """<link rel="alternate"> to the RSS and Atom feeds of `choice`, or of all case studies."""
    if choice is None:
        return {
            "label": describe([]),
            "rss_url": in_active_language(reverse("feeds:case_studies_rss")),
            "atom_url": in_active_language(reverse("feeds:case_studies_atom")),
        }
    kwargs = {"kind": choice.facet.kind, "slug": choice.slug}
    return {
        "label": describe([choice]),
        "rss_url": in_active_language(reverse("feeds:case_studies_facet_rss", kwargs=kwargs)),
        "atom_url": in_active_language(reverse("feeds:case_studies_facet_atom", kwargs=kwargs)),
    }


@register.inclusion_tag("includes/embed_snippets.html", takes_context=True)
def embed_snippets(context, choice):
    """The <script> and <iframe> a partner site pastes to show these case studies."""
    request = context["request"]
    heading = describe([choice])
    script = format_html(
        '<script src="{}" data-{}="{}" async></script>',
        request.build_absolute_uri(in_active_language(reverse("feeds:widget_js"))),
        choice.facet.param.replace("_", "-"),
        choice.slug,
    )
    iframe = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" '
        'style="border:1px solid #c9d2de;border-radius:6px" loading="lazy"></iframe>',
        request.build_absolute_uri(
            reverse("feeds:embed_case_studies") + "?" + widget_query([choice], language=active_language())
        ),
        f"{heading} · {settings.WAGTAIL_SITE_NAME}",
        IFRAME_HEIGHT,
    )
    feed_kwargs = {"kind": choice.facet.kind, "slug": choice.slug}
    return {
        "choice": choice,
        "in_words": describe_in_words([choice]),
        "script_snippet": script,
        "iframe_snippet": iframe,
        "rss_url": in_active_language(reverse("feeds:case_studies_facet_rss", kwargs=feed_kwargs)),
    }


@register.simple_tag(takes_context=True)
def oembed_url(context, page):
    """The oEmbed endpoint's address for `page`, for <link rel="alternate" type="application/json+oembed">."""
    request = context["request"]
    query = urlencode({"url": page.get_full_url(request), "format": "json"})
    return request.build_absolute_uri(reverse("feeds:oembed") + "?" + query)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on the host the visitor used, for addresses they copy elsewhere."""
    return context["request"].build_absolute_uri(path)
