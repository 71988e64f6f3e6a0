from django.conf import settings
from django.utils.translation import get_language


def site_settings(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def language(request):
    """The active language and the prefix of its addresses ("" for English, "/th" for Thai)."""
    code = get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_PREFIX": "" if code == settings.LANGUAGE_CODE else f"/{code}",
    }
