"""What every page resource of the API shares: address by id or slug, a short
representation in lists and a full one in details, cached reads, and links to other
pages in each page's own language."""

from django.conf import settings
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets

from portal.api_filters import requested_language
from portal.api_http import CachedReadMixin


class IdOrSlugLookupMixin:
    """`/things/42/` or `/things/some-slug/`: a number is the id, anything else the slug
    (in the language of `?locale=`, else the default one; the oldest page if several share it).
    An unknown `locale` is a 400, as on the lists."""

    lookup_value_regex = r"[^/]+"

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        locale = requested_language(self.request)
        queryset = self.get_queryset()
        if value.isascii() and value.isdigit():
            obj = queryset.filter(pk=int(value)).first() if len(value) < 19 else None  # beyond 64 bits: none
        else:
            if "\x00" in value:  # PostgreSQL refuses NUL in text: no page has it anyway
                raise Http404("No published item has this id or slug.")
            obj = queryset.filter(slug=value, locale__language_code=locale).order_by("pk").first()
        if obj is None:
            raise Http404("No published item has this id or slug.")
        self.check_object_permissions(self.request, obj)
        self.localize_links([obj])
        return obj


LOCALE_OF_SLUG = OpenApiParameter(
    "locale",
    str,
    OpenApiParameter.QUERY,
    description="With a slug: the page in this language, e.g. `th` (a page has the same slug in every "
    "language). Default: `en`. An id names one page in one language already.",
    enum=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
)


class PageViewSet(CachedReadMixin, IdOrSlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    list_serializer_class = None
    detail_serializer_class = None

    @extend_schema(parameters=[LOCALE_OF_SLUG])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def get_serializer_class(self):
        return self.detail_serializer_class if self.action == "retrieve" else self.list_serializer_class

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self.localize_links(page)
        return page

    def localize_links(self, pages):
        """Point the pages' links to other pages (foreign keys) at those pages in each page's own
        language (portal.locales.localize_foreign_key): one query for a whole list."""
