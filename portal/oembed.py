"""oEmbed provider (https://oembed.com/) for case studies.

GET /oembed/?url=<case-study URL>&format=json[&maxwidth=&maxheight=] answers a "rich"
response whose html is an iframe of /embed/case-study/<id>/, so a CMS that knows oEmbed
(WordPress, Wagtail, Discourse …) turns a pasted case-study link into a card.
Errors follow the spec's status codes, with a JSON body that says what was wrong:
400 for a missing or malformed parameter, 404 when the URL is not a published, public
case study of this site, 501 for a format other than json.
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_safe
from wagtail.models import Locale, Site

from casestudies.syndication import public_case_studies

DEFAULT_WIDTH, DEFAULT_HEIGHT = 560, 320
CACHE_AGE = 3600  # seconds; consumers may keep the card this long


class OEmbedError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _dimension(params, name, default):
    raw = params.get(name, "").strip()
    if not raw:
        return default
    # ASCII digits, and few of them: str.isdigit() accepts "²", and int() refuses 5,000 digits.
    if not re.fullmatch(r"[0-9]{1,6}", raw) or int(raw) < 1:
        raise OEmbedError(400, f"{name} must be a positive whole number of pixels, not “{raw[:20]}”.")
    return min(default, int(raw))


def _site_for(parts, request):
    """The Wagtail site a URL belongs to: one whose address it uses, or the one this request reached."""
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for site in Site.objects.select_related("root_page"):
        if site.hostname.lower() == host and site.port == port:
            return site
    if parts.netloc.lower() == request.get_host().lower():
        return Site.find_for_request(request)
    return None


def find_case_study(url, request):
    """The live, public case study at `url` on this site, or OEmbedError."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError as error:  # "http://[::1/", "http://host:99999/"
        raise OEmbedError(400, f"url is not a valid address: {error}.") from error
    if parts.scheme not in ("http", "https") or not parts.hostname or "\x00" in url:
        raise OEmbedError(400, "url must be the full address of a case study, starting with https:// or http://.")
    site = _site_for(parts, request)
    if site is None:
        raise OEmbedError(404, "url is not an address of this site.")
    path = unquote(parts.path).replace("\x00", "")  # PostgreSQL refuses NUL in a query
    path = path if path.endswith("/") else path + "/"
    # /th/cities/bangkok/…: a page of the Thai tree, whose root is the site root's Thai translation.
    language, path = split_language_prefix(path)
    root = site.root_page if language is None else site.root_page.get_translation_or_none(language)
    if root is None:
        raise OEmbedError(404, "No published case study is at this address.")
    url_path = root.url_path + path.lstrip("/")
    page = public_case_studies().select_related("city").filter(url_path=url_path).first()
    if page is None:
        raise OEmbedError(404, "No published case study is at this address.")
    return page


def split_language_prefix(path):
    """(Locale or None, the path without its language prefix): English addresses have none."""
    code = get_language_from_path(path)
    if not code or code == settings.LANGUAGE_CODE or not path.startswith(f"/{code}/"):
        return None, path
    locale = Locale.objects.filter(language_code=code).first()
    return (locale, path[len(code) + 1 :]) if locale else (None, path)


def oembed_payload(page, request, width, height):
    embed_url = request.build_absolute_uri(reverse("feeds:embed_case_study", args=[page.pk]))
    html = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" style="border:0;max-width:100%" loading="lazy"></iframe>',
        embed_url,
        width,
        height,
        f"{page.title} · {settings.WAGTAIL_SITE_NAME}",
    )
    payload = {
        "version": "1.0",
        "type": "rich",
        "title": page.title,
        "html": str(html),
        "width": width,
        "height": height,
        "provider_name": settings.WAGTAIL_SITE_NAME,
        "provider_url": request.build_absolute_uri("/"),
        "cache_age": CACHE_AGE,
    }
    if page.city:
        payload["author_name"] = page.city.title
        payload["author_url"] = page.city.get_full_url()
    return payload


@require_safe
def oembed(request):
    try:
        response_format = request.GET.get("format", "json").strip() or "json"
        if response_format != "json":
            raise OEmbedError(501, f"Only format=json is provided, not “{response_format[:20]}”.")
        url = request.GET.get("url", "").strip()
        if not url:
            raise OEmbedError(400, "Give the address of a case study: ?url=<case-study URL>&format=json.")
        width = _dimension(request.GET, "maxwidth", DEFAULT_WIDTH)
        height = _dimension(request.GET, "maxheight", DEFAULT_HEIGHT)
        page = find_case_study(url, request)
    except OEmbedError as error:
        return JsonResponse({"error": str(error), "status": error.status}, status=error.status)
    response = JsonResponse(oembed_payload(page, request, width, height))
    response["Cache-Control"] = f"public, max-age={CACHE_AGE}"
    return response
