"""HTTP behaviour shared by every API endpoint: paging, errors, caching, validators."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Subquery
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler
from wagtail.models import ModelLogEntry, PageLogEntry


class StablePagination(PageNumberPagination):
    """20 per page by default, at most 100; the views always order on a unique key last."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]{1,3}", raw) or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({"page_size": [f"Give a whole number from 1 to {self.max_page_size}."]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"page": {"minimum": 1}, "page_size": {"minimum": 1, "maximum": self.max_page_size}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:  # past the last page: 404, below
            raise ValidationError({"page": ["Give a page number: a whole number from 1."]})
        return super().paginate_queryset(queryset, request, view)


def json_exception_handler(exc, context):
    """Every error is JSON with a `detail` message; parameter errors also name the parameter."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, ValidationError) and isinstance(response.data, dict):
        response.data = {
            "detail": "Some query parameters are not valid.",
            "errors": {name: [str(m) for m in messages] for name, messages in response.data.items()},
        }
    elif isinstance(exc, NotFound) and str(exc.detail) == "Invalid page.":
        response.data = {"detail": "That page is past the last page of results."}
    elif isinstance(response.data, list):
        response.data = {"detail": " ".join(str(m) for m in response.data)}
    response["Cache-Control"] = "no-store"
    return response


def content_version():
    """(version, last change) of everything the site and the API show: every publish,
    unpublish, move, delete, and snippet or media edit writes a log entry, so the newest
    entries identify it. Read from the database, so all web processes agree without a shared
    cache; one query that reads the last row of each log by primary key (an index lookup,
    whatever the size of the logs)."""
    newest_other = ModelLogEntry.objects.order_by("-pk")
    newest = (
        PageLogEntry.objects.order_by("-pk")
        .values("pk", "timestamp")
        .annotate(
            other_pk=Subquery(newest_other.values("pk")[:1]),
            other_at=Subquery(newest_other.values("timestamp")[:1]),
        )
        .first()
    )
    if newest is None:  # no page was ever published: only the other log can have rows
        other = newest_other.values("pk", "timestamp").first() or {"pk": None, "timestamp": None}
        newest = {"pk": None, "timestamp": None, "other_pk": other["pk"], "other_at": other["timestamp"]}
    version = f"{newest['pk'] or 0}.{newest['other_pk'] or 0}"
    changed = [t for t in (newest["timestamp"], newest["other_at"]) if t is not None]
    return version, max(changed) if changed else None


class CachedReadMixin:
    """Cache list and detail data per URL and content version; send validators and Cache-Control,
    and answer a request whose validators still match with 304, before any rendering.

    Runs inside the handler, after authentication and throttling, so cached answers are
    rate-limited like the others. A new content version changes every key: no stale data."""

    def list(self, request, *args, **kwargs):
        return self._cached(request, lambda: super(CachedReadMixin, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self._cached(request, lambda: super(CachedReadMixin, self).retrieve(request, *args, **kwargs))

    def _cache_key(self, request):
        """Scheme, host, path and the parameters the view reads (sorted): answers hold absolute
        URLs, and unknown parameters must not make new entries."""
        known = {"page", "page_size", "locale"}
        if getattr(self, "filterset_class", None) is not None:
            known |= set(self.filterset_class.base_filters)
        params = sorted((name, value) for name, value in request.query_params.lists() if name in known)
        raw = f"{request.build_absolute_uri(request.path)}?{params!r}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def _cached(self, request, respond):
        version, changed = content_version()
        key = f"api2:{version}:{self._cache_key(request)}"  # api2: an entry holds (ETag, data)
        entry = cache.get(key)
        if entry is None:
            response = respond()
            if response.status_code != status.HTTP_200_OK:
                return response
            entry = (data_etag(response.data), response.data)
            cache.set(key, entry, settings.API_CACHE_SECONDS * 10)
        etag, data = entry
        response = Response(data)
        response["ETag"] = etag
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        return get_conditional_response(
            request, etag=etag, last_modified=changed and int(changed.timestamp()), response=response
        )


def data_etag(data):
    """A weak ETag of the data (the same data may be sent indented or gzipped): a hash of it as
    JSON, so every web process gives the same answer the same validator."""
    digest = hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:32]
    return f"W/{quote_etag(digest)}"
