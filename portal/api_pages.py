"""What every page resource of the API shares: address by id or slug, a short
representation in lists and a full one in details, cached reads."""

from django.conf import settings
from django.http import Http404
from rest_framework import viewsets

from portal.api_http import CachedReadMixin


class IdOrSlugLookupMixin:
    """`/things/42/` or `/things/some-slug/`: a number is the id, anything else the slug
    (in the language of `?locale=`, else the default one; the oldest page if several share it)."""

    lookup_value_regex = r"[^/]+"

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        queryset = self.get_queryset()
        if value.isascii() and value.isdigit():
            obj = queryset.filter(pk=int(value)).first() if len(value) < 19 else None  # beyond 64 bits: none
        else:
            locale = self.request.query_params.get("locale", settings.LANGUAGE_CODE)
            if "\x00" in value + locale:  # PostgreSQL refuses NUL in text: no page has it anyway
                raise Http404("No published item has this id or slug.")
            obj = queryset.filter(slug=value, locale__language_code=locale).order_by("pk").first()
        if obj is None:
            raise Http404("No published item has this id or slug.")
        self.check_object_permissions(self.request, obj)
        return obj


class PageViewSet(CachedReadMixin, IdOrSlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    list_serializer_class = None
    detail_serializer_class = None

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.list_serializer_class
