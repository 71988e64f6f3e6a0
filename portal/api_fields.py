"""Serializer pieces every API resource uses: absolute URLs, translations, StreamField data."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from portal.api_blocks import stream_data
from portal.queries import private_q

STREAM_SCHEMA = inline_serializer(
    "Stream",
    fields={
        "blocks": serializers.ListField(
            child=inline_serializer(
                "Block",
                fields={
                    "type": serializers.CharField(help_text="paragraph, figure, quote, key_figure, embed or document"),
                    "id": serializers.CharField(),
                    "value": serializers.JSONField(help_text="Depends on the type; see docs/api.md"),
                },
            )
        ),
        "html": serializers.CharField(help_text="The same content rendered as HTML, with absolute URLs"),
    },
)

# Optional addresses are "" when absent, so they are typed as plain strings.
CONTACT_SCHEMA = inline_serializer(
    "Contact",
    fields={
        "name": serializers.CharField(),
        "email": serializers.CharField(help_text="E-mail address, or empty"),
        "website": serializers.CharField(help_text="URL, or empty"),
    },
)


def optional_url(**kwargs):
    return serializers.CharField(read_only=True, help_text=kwargs.pop("help_text", "URL, or empty"), **kwargs)


TRANSLATIONS_SCHEMA = inline_serializer(
    "Translation",
    many=True,
    fields={
        "locale": serializers.CharField(help_text="Language code, e.g. `th`"),
        "title": serializers.CharField(help_text="The title in that language"),
        "url": serializers.URLField(help_text="The page in that language on the portal"),
        "api_url": serializers.URLField(help_text="Its detail in this API"),
    },
)


class WholePageField(serializers.Field):
    """A read-only field computed from the whole page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(WholePageField):
    """The page's absolute address on the public site."""

    def to_representation(self, page):
        request = self.context["request"]
        return request.build_absolute_uri(page.get_url(request))


@extend_schema_field(STREAM_SCHEMA)
class StreamDataField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, stream):
        return stream_data(stream, self.context["request"])


@extend_schema_field(TRANSLATIONS_SCHEMA)
class TranslationsField(WholePageField):
    """The languages the page is published in (live and public), itself included, each with
    its title, public address and API address. One query."""

    def __init__(self, view_name, **kwargs):
        self.view_name = view_name
        kwargs.setdefault("help_text", "Every language the page is published in, itself included")
        super().__init__(**kwargs)

    def to_representation(self, page):
        request = self.context["request"]
        pages = page.get_translations(inclusive=True).live().exclude(private_q()).select_related("locale")
        translations = []
        for translation in pages.order_by("locale__language_code"):
            url = translation.get_url(request)
            if url is None:  # outside every site's tree: not readable on the portal
                continue
            translations.append(
                {
                    "locale": translation.locale.language_code,
                    "title": translation.title,
                    "url": request.build_absolute_uri(url),
                    "api_url": reverse(self.view_name, args=[translation.pk], request=request),
                }
            )
        return translations
