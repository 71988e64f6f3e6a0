from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop

# The site's name is translated like any other interface text (settings hold the English).
gettext_noop("ASEAN Smart Cities Knowledge Portal")


def site_settings(request):
    return {
        "SITE_NAME": gettext(settings.WAGTAIL_SITE_NAME),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def language(request):
    """The active language and the prefix of its addresses ("" for English, "/th" for Thai)."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_PREFIX": "" if code == settings.LANGUAGE_CODE else f"/{code}",
    }
