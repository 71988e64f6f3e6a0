"""Rich text is cleaned on the way in, whichever way it comes.

The admin's Draftail editor only produces HTML from its own whitelist. But rich text also
arrives from translation engines, imports, scripts and revisions restored from JSON; a
page's full_clean() (run by save() and save_revision()) passes every RichTextField and
every RichTextBlock, however deep in a StreamField, through the same conversion Draftail
uses: HTML → contentstate → HTML. What survives is what an editor could have typed: the
field's features, links with http(s)/mailto/tel or internal references, nothing else.
No script, no event handler, no javascript: URL, no style.

Plain text fields need no cleaning: Django escapes them on output.
"""

import re
from functools import lru_cache

from bs4 import BeautifulSoup
from django.db import DatabaseError
from django.utils.html import escape
from wagtail import blocks
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText
from wagtail.rich_text import features as feature_registry

BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')


@lru_cache(maxsize=32)
def _converter(features):
    return ContentstateConverter(features=list(features))


def clean_html(html, features=None):
    """HTML reduced to what the rich text editor with these features could produce."""
    if not html:
        return html
    features = tuple(features or feature_registry.get_default_features())
    converter = _converter(features)
    # The converter wants balanced tags; an HTML parser balances them first, as a browser would.
    balanced = str(BeautifulSoup(html, "html.parser"))
    try:
        cleaned = converter.to_database_format(converter.from_database_format(balanced))
    except DatabaseError:
        raise  # looking up a linked page or document failed: not the markup's fault
    except Exception:  # noqa: BLE001 - markup it cannot read is kept as text, never as markup
        text = BeautifulSoup(balanced, "html.parser").get_text(" ", strip=True)
        return f"<p>{escape(text)}</p>" if text else ""
    if "data-block-key" not in html:
        # The converter gives every block a random key; text that had none keeps none, so
        # saving the same text twice stores the same HTML.
        cleaned = BLOCK_KEY.sub("", cleaned)
    return cleaned


def _clean_block_value(block, value):
    if not _has_rich_text(block):
        # Nothing to clean; and some StructBlocks (ImageBlock) have values that are not dicts.
        return value
    if isinstance(block, blocks.RichTextBlock):
        return RichText(clean_html(value.source, block.features)) if value is not None else value
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in value:
                value[name] = _clean_block_value(child, value[name])
        return value
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            child.value = _clean_block_value(child.block, child.value)
        return value
    if isinstance(block, blocks.ListBlock):
        for child in value.bound_blocks:
            child.value = _clean_block_value(block.child_block, child.value)
        return value
    return value


def _has_rich_text(block):
    if isinstance(block, blocks.RichTextBlock):
        return True
    children = getattr(block, "child_blocks", None)
    if children:
        return any(_has_rich_text(child) for child in children.values())
    child = getattr(block, "child_block", None)
    return child is not None and _has_rich_text(child)


def clean_rich_text_fields(instance):
    """Clean every rich text value of a model instance in place."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, RichTextField):
            setattr(instance, field.attname, clean_html(getattr(instance, field.attname), field.features))
        elif isinstance(field, StreamField) and _has_rich_text(field.stream_block):
            value = getattr(instance, field.attname)
            if value:
                setattr(instance, field.attname, _clean_block_value(field.stream_block, value))
