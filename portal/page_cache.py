"""Whole public pages, rendered once and then served from the cache to every anonymous visitor.

The key is the absolute URL (scheme, host, path and query string), the language, the static
files' manifest and the content version (portal/api_http.content_version: the newest log
entries). Every publish, unpublish, move, delete and snippet or media edit writes a log
entry, so it changes every key at once, in every web process, without an invalidation
message; old entries expire.

Only what is the same for every anonymous visitor is stored: GET requests without a session
or messages cookie, to paths outside the admin, the API (cached on its own), documents and
the forms' pages; 200 HTML responses that set no cookie (a page that renders a CSRF token sets
one), are not private or no-store, and carry no per-view Content-Security-Policy. Pages with a
privacy restriction answer anonymous visitors with a redirect or a password form, never a 200
without a cookie; delegates and editors are logged in, so they always bypass the cache.

Placed before SessionMiddleware: what the inner middleware adds (Vary, Content-Language,
Content-Length, ETag, X-Frame-Options) is stored with the page, and what the outer one adds
(X-Request-ID, the security headers, the Content-Security-Policy) is added to every answer.
"""

import hashlib
import time

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

from portal.api_http import content_version

# Never looked up, in any language (/th/subscribe/ too): the admin (previews and drafts
# included), the API (its own cache), documents (privacy, streaming), the embeds (a per-view
# CSP), the subscription and login forms (personal links, CSRF tokens), and what is not a
# page: files, feeds, health checks (which must not touch the database).
EXCLUDED_PATHS = (
    "/admin/", "/api/", "/documents/", "/embed/", "/subscribe/", "/login/", "/logout/",
    "/media/", "/static/", "/feeds/", "/oembed/", "/healthz", "/readyz", "/sitemap.xml", "/robots.txt",
)  # fmt: skip
# Any of these cookies means the visitor may see something of their own.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
# Vary headers the key already accounts for (Cookie: only cookie-less visitors are served).
KEYED_VARY = {"cookie", "accept-language"}
CACHE_HEADER = "X-Cache"


def page_language(request):
    """The language LocaleMiddleware will activate for this request (it runs later)."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if i18n_patterns_used and not prefixed_default_language:
        if not translation.get_language_from_path(request.path_info):
            return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


def unprefixed_path(path):
    language = translation.get_language_from_path(path)
    return path[len(language) + 1 :] if language else path


def request_is_cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not unprefixed_path(request.path_info).startswith(EXCLUDED_PATHS)
    )


def header_words(response, name):
    """{"no-cache", "max-age"} of "no-cache, max-age=0": a header's lowercased words."""
    parts = (part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get(name, "")))
    return {part for part in parts if part}


def response_is_cacheable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if header_words(response, "Cache-Control") & {"private", "no-store"}:
        return False
    if not header_words(response, "Vary") <= KEYED_VARY:
        return False
    # django-csp's per-view decorators leave their policy on the response object, not in a header.
    if any(name.startswith("_csp") for name in vars(response)):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def cache_key(request):
    version, _changed = content_version()
    # The static files' manifest too: after a deploy that changed them, no stored page points
    # to stylesheets or scripts by names the new release no longer has.
    assets = getattr(staticfiles_storage, "manifest_hash", "")
    url = f"{request.build_absolute_uri()}|{page_language(request)}|{assets}"
    return f"page:{version}:{hashlib.sha256(url.encode()).hexdigest()}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not request_is_cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        entry = cache.get(key)
        if entry is not None:
            return self.from_cache(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and response_is_cacheable(request, response):
            self.store(key, response, seconds)
        response[CACHE_HEADER] = "miss"
        return response

    def store(self, key, response, seconds):
        # Validators for the next visits: the ETag of these bytes, the time they were rendered
        # (the content version's time would not do: pages that list upcoming events change
        # with the clock); and browsers must ask again each time, so a publish shows at once.
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(time.time())
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        cache.set(key, (response.content, list(response.items())), seconds)

    @staticmethod
    def from_cache(request, entry):
        content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        if request.method == "GET":
            # As ConditionalGetMiddleware would, without rendering anything: 304 for a fresh copy.
            response = get_conditional_response(
                request,
                etag=response.get("ETag"),
                last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
                response=response,
            )
        response[CACHE_HEADER] = "hit"
        return response
