"""Filters shared by the API's list endpoints. A value the portal does not know is a 400
that names the parameter and lists what it accepts, never an empty page or a 500."""

import datetime
import itertools

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Case, IntegerField, When
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_parameter_type
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework.exceptions import ValidationError
from wagtail.models import Locale

from portal.queries import private_q
from portal.search import CONTROL_CHARACTERS, search_query


class ValuesWidget(forms.TextInput):
    """Several values: repeated (`?country=TH&country=JP`) or comma-separated (`?country=TH,JP`)."""

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return None
        raw_values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [part.strip() for raw in raw_values if raw for part in raw.split(",") if part.strip()]


class KnownValuesField(forms.Field):
    widget = ValuesWidget

    def __init__(self, *, known, what, case_sensitive=False, **kwargs):
        self.known, self.what, self.case_sensitive = known, what, case_sensitive
        super().__init__(**kwargs)

    def _key(self, value):
        return value if self.case_sensitive else value.lower()

    def clean(self, value):
        if value is None:
            return []
        if not value:
            raise forms.ValidationError("Give at least one value, or leave the parameter out.")
        if len(value) > 50:
            raise forms.ValidationError("Give at most 50 values.")
        known = {self._key(str(v)): v for v in self.known()}
        unknown = [v for v in value if self._key(v) not in known]
        if unknown:
            # As params, not in the message: a value may contain "%".
            raise forms.ValidationError(
                "Unknown %(what)s: %(given)s. Accepted: %(accepted)s.",
                params={
                    "what": self.what,
                    "given": ", ".join(u[:40] for u in unknown),
                    "accepted": ", ".join(sorted(str(v) for v in known.values())),
                },
            )
        return [known[self._key(v)] for v in value]


class KnownValuesFilter(django_filters.Filter):
    """Matches any of the given values of `field_name` (through a subquery: no duplicate rows)."""

    field_class = KnownValuesField

    def __init__(self, *args, known, what, case_sensitive=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra.update(known=known, what=what, case_sensitive=case_sensitive)

    def filter(self, qs, value):
        if not value:
            return qs
        matching = qs.model.objects.filter(**{f"{self.field_name}__in": value}).values("pk")
        return qs.filter(pk__in=matching)


def country_filter(field_name, help_text):
    from cities.models import Country

    return KnownValuesFilter(
        field_name=field_name,
        known=lambda: Country.objects.values_list("iso_code", flat=True),
        what="country (ISO 3166 code)",
        help_text=help_text,
    )


def city_filter(field_name, help_text):
    from cities.models import CityPage

    return KnownValuesFilter(
        field_name=field_name,
        known=lambda: CityPage.objects.live().exclude(private_q()).values_list("slug", flat=True).distinct(),
        what="city (slug)",
        help_text=help_text,
    )


def focus_area_filter(field_name, help_text):
    from casestudies.models import FocusArea

    return KnownValuesFilter(
        field_name=field_name,
        known=lambda: FocusArea.objects.in_default_language().values_list("slug", flat=True),
        what="focus area (slug)",
        help_text=help_text,
    )


def known_locales():
    return list(Locale.objects.values_list("language_code", flat=True))


LOCALE_WHAT = "locale (language code)"


class LocaleFilter(KnownValuesFilter):
    """Pages in these languages; the default language when the parameter is absent.

    Strict: a page not translated into a language is not in that language's list (a partner
    syncing one language never gets another's pages)."""

    def __init__(self, *args, field_name="locale__language_code", **kwargs):
        super().__init__(*args, field_name=field_name, known=known_locales, what=LOCALE_WHAT, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value or [settings.LANGUAGE_CODE])


def requested_languages(filterset):
    """The language codes a filterset's `locale` asks for (the default one when absent)."""
    return filterset.form.cleaned_data.get("locale") or [settings.LANGUAGE_CODE]


def requested_language(request):
    """The one language code of `?locale=` (default: the default language), for the endpoints
    that show one language at a time; a 400 naming the parameter otherwise."""
    values = request.query_params.getlist("locale")
    if not values:
        return settings.LANGUAGE_CODE
    field = KnownValuesField(known=known_locales, what=LOCALE_WHAT)
    try:
        codes = field.clean(ValuesWidget().value_from_datadict(request.query_params, None, "locale"))
    except forms.ValidationError as error:
        raise ValidationError({"locale": error.messages}) from error
    if len(codes) != 1:
        raise ValidationError({"locale": ["Give one language code here, e.g. `th`."]})
    return codes[0]


# For the lists of things that are not pages (countries, focus areas): they count pages, and a
# page is counted in its own language only. Focus areas are named in that language too.
LOCALE_OF_COUNTS = OpenApiParameter(
    "locale",
    str,
    OpenApiParameter.QUERY,
    description="Count the pages published in this language, e.g. `th`. Default: `en`. Focus areas are "
    "named in it when translated (else in English); countries keep their English names.",
    enum=[code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES],
)


class SearchField(forms.CharField):
    def to_python(self, value):
        # Control characters (NUL among them) cannot be searched for: drop them, as the site does.
        return CONTROL_CHARACTERS.sub(" ", super().to_python(value))


@extend_schema_field({"type": "string", "maxLength": 200})
class SearchFilter(django_filters.CharFilter):
    """Full-text search with the site's engine; the matching rows keep their rank for ordering."""

    field_class = SearchField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", settings.SEARCH_QUERY_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        value = " ".join((value or "").split())
        if not value:
            return qs
        # Only the pages of the languages asked for: the 1,000 best matches are theirs, not
        # crowded out by the same page in nine other languages. Each language is searched
        # with its own word breaking (portal.search), on the locale column itself, which
        # every search backend can filter on; several languages' results take turns.
        locales = dict(
            Locale.objects.filter(language_code__in=requested_languages(self.parent)).values_list("language_code", "pk")
        )
        rankings = [
            [
                page.pk
                for page in qs.model.objects.live()
                .public()
                .filter(locale=locale_id)
                .search(search_query(value, language))[:1000]
            ]
            for language, locale_id in sorted(locales.items())
        ]
        ranking = [pk for turn in itertools.zip_longest(*rankings) for pk in turn if pk is not None][:1000]
        self.parent.search_ranking = ranking
        return qs.filter(pk__in=ranking)


class PresentChoiceField(django_filters.fields.ChoiceField):
    """A choice that, when the parameter is given, must not be empty."""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError("Give a value, or leave the parameter out.")
        return super().clean(value)


class OrderingFilter(django_filters.ChoiceFilter):
    field_class = PresentChoiceField


def ordering_filter(accepted):
    """`?ordering=`: one of `accepted`; a FilterSet applies it last (see PageFilterSet)."""
    return OrderingFilter(
        method="order",
        choices=[(key, key) for key in accepted],
        empty_label=None,
        error_messages={"invalid_choice": f"Unknown ordering “%(value)s”. Accepted: {', '.join(accepted)}."},
        help_text=f"Sort order, one of: {', '.join(accepted)}. Default: relevance with q, else the list's "
        "own order (newest first; cities by name).",
    )


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class TrueFalseFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`, nothing else (Django's boolean widget would read junk as "no filter")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        kwargs.setdefault("error_messages", {"invalid_choice": "Give `true` or `false`, not “%(value)s”."})
        super().__init__(*args, **kwargs)


EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)


class StrictIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def clean(self, value):
        if value == "":
            raise forms.ValidationError("Give an ISO 8601 time, e.g. 2024-01-31T00:00:00Z.")
        moment = super().clean(value)
        # Databases cannot convert times at the very ends of the calendar to UTC; nothing on
        # the portal is older than 1900 or newer than 2200, so those bounds mean the same.
        if moment is not None:
            moment = min(max(moment, EARLIEST), LATEST)
        return moment


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 time; present but empty is an error, not "no filter"."""

    field_class = StrictIsoDateTimeField


@extend_schema_field({"type": "integer", "minimum": 1900, "maximum": 2100})
class YearFilter(django_filters.NumberFilter):
    """A year, 1900–2100, as a whole number."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(django_filters.NumberFilter):
    """A database id: a positive whole number that fits a 64-bit column."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class StrictFilterSet(django_filters.FilterSet):
    """A parameter given with no value (`?city=`) is an error, not "no filter": a client that
    sends it has a bug worth telling about. An empty `q` is only an empty search."""

    ALLOW_EMPTY = {"q"}

    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if name in self.ALLOW_EMPTY or name not in self.data or name in self.form.errors:
                continue
            if not any(value.strip() for value in self.data.getlist(name)):
                self.form.add_error(name, "Give a value, or leave the parameter out.")
        return valid and not self.form.errors


class PageFilterSet(StrictFilterSet):
    """Base for page lists: locale, full-text q, updated_since, and an ordering that is always total."""

    ORDERINGS = {
        "title": ("title", "pk"),
        "-title": ("-title", "-pk"),
        "published": ("first_published_at", "pk"),
        "-published": ("-first_published_at", "-pk"),
        "updated": ("last_published_at", "pk"),
        "-updated": ("-last_published_at", "-pk"),
    }
    DEFAULT_ORDERING = "-published"

    locale = LocaleFilter(
        help_text="Language code(s) of the pages, e.g. `en`, `th` or `en,th`. Default: `en`. Only pages "
        "published in that language: one not yet translated is not in its list."
    )
    q = SearchFilter(
        help_text="Full-text search in titles, summaries and bodies (the site's search engine), in the "
        "languages of `locale`."
    )
    updated_since = IsoDateTimeFilter(
        field_name="last_published_at",
        lookup_expr="gte",
        help_text="Only items published or republished at or after this ISO 8601 time, e.g. 2024-01-31T00:00:00Z.",
    )
    ordering = ordering_filter([*ORDERINGS, "relevance"])

    search_ranking = None

    def order(self, qs, name, value):
        return qs  # applied last, in filter_queryset, after every other filter

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)  # every filter, the locale one even when absent
        ordering = self.form.cleaned_data.get("ordering") or "relevance"
        if ordering == "relevance" and self.search_ranking is None:
            ordering = self.DEFAULT_ORDERING  # nothing to rank without a search
        if ordering == "relevance":
            rank = Case(
                *[When(pk=pk, then=position) for position, pk in enumerate(self.search_ranking)],
                output_field=IntegerField(),
            )
            return queryset.order_by(rank, "pk")
        return queryset.order_by(*self.ORDERINGS[ordering])


class KnownValuesSchema(DjangoFilterExtension):
    """In the OpenAPI schema, a KnownValuesFilter is an array of the values known right now
    (the schema is built per request, so it follows the data)."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if not isinstance(filter_field, KnownValuesFilter):
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        values = sorted({str(value) for value in filter_field.extra["known"]()})
        return [
            build_parameter_type(
                name=field_name,
                location=OpenApiParameter.QUERY,
                description=filter_field.extra.get("help_text", ""),
                schema=build_array_type({"type": "string", "enum": values}),
                explode=True,
                style="form",
            )
        ]
