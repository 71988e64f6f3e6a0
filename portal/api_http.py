"""HTTP behaviour shared by every API endpoint: paging, errors, caching, validators."""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
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
    """(version, last change) of everything the API shows: every publish, unpublish, move,
    delete, and snippet or media edit writes a log entry, so the newest entries identify it.
    Read from the database, so all web processes agree without a shared cache."""
    pages = PageLogEntry.objects.aggregate(last_id=Max("id"), last_at=Max("timestamp"))
    others = ModelLogEntry.objects.aggregate(last_id=Max("id"), last_at=Max("timestamp"))
    version = f"{pages['last_id'] or 0}.{others['last_id'] or 0}"
    changed = [t for t in (pages["last_at"], others["last_at"]) if t is not None]
    return version, max(changed) if changed else None


class CachedReadMixin:
    """Cache list and detail data per URL and content version; send validators and Cache-Control.

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
        key = f"api:{version}:{self._cache_key(request)}"
        data = cache.get(key)
        if data is None:
            response = respond()
            if response.status_code != status.HTTP_200_OK:
                return response
            data = response.data
            cache.set(key, data, settings.API_CACHE_SECONDS * 10)
        response = Response(data)
        if changed is not None:
            response["Last-Modified"] = http_date(changed.timestamp())
        response["Cache-Control"] = f"public, max-age={settings.API_CACHE_SECONDS}"
        return response
