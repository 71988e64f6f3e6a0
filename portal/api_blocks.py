"""StreamField content for the API: structured blocks, and the same rendered as HTML,
with absolute URLs so a partner site can show it as it is."""

import re

from wagtail.rich_text import RichText, expand_db_html

# Image sizes offered to partners: Wagtail rendition filters.
RENDITIONS = {"small": "width-400", "medium": "width-800", "large": "width-1600"}
RELATIVE_URL = re.compile(r'(\b(?:src|href|srcset)=")/(?!/)')


def absolute_html(html, request):
    base = request.build_absolute_uri("/")
    return RELATIVE_URL.sub(lambda match: f"{match.group(1)}{base}", html)


def image_data(image, request, alt=None):
    if image is None:
        return None
    renditions = image.get_renditions(*RENDITIONS.values())
    return {
        "alt": alt if alt is not None else image.default_alt_text,
        "width": image.width,
        "height": image.height,
        "renditions": {
            name: {
                "url": request.build_absolute_uri(renditions[spec].url),
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in RENDITIONS.items()
        },
    }


def document_data(document, request, title=""):
    if document is None:
        return None
    return {
        "title": title or document.title,
        "url": request.build_absolute_uri(document.url),
        "file_extension": document.file_extension,
        "file_size": document.file_size,
    }


def block_data(block, request):
    value = block.value
    kind = block.block_type
    if kind == "paragraph":
        expanded = expand_db_html(value.source)
        # The stream's "html" is rendered next from the links looked up here, not looked up again.
        block.value = RichText(expanded)
        data = {"html": absolute_html(expanded, request)}
    elif kind == "figure":
        image_block = value["image"]
        data = {
            "image": image_data(image_block, request, alt=getattr(image_block, "contextual_alt_text", None)),
            "caption": value["caption"],
        }
    elif kind == "quote":
        data = {"text": value["text"], "attribution": value["attribution"]}
    elif kind == "key_figure":
        data = {"label": value["label"], "value": value["value"], "unit": value["unit"]}
    elif kind == "embed":
        data = {"url": value.url if value else None}
    elif kind == "document":
        data = document_data(value["document"], request, value["title"])
    else:  # a block type added later: its raw value, never an error
        data = block.block.get_api_representation(value)
    return {"type": kind, "id": block.id, "value": data}


def stream_data(stream, request):
    """{"blocks": [...], "html": "..."} for one StreamField value."""
    return {
        "blocks": [block_data(block, request) for block in stream],
        "html": absolute_html(str(stream.render_as_block()), request),
    }
