"""StreamField blocks used by every page type; each renders with templates/blocks/<name>.html."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr"]


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"


class KeyFigureBlock(blocks.StructBlock):
    """One sourced number: "Villages connected" · "189" · "villages"."""

    label = blocks.CharBlock(max_length=120)
    value = blocks.CharBlock(max_length=40, help_text="The number as it should read, e.g. 588,842 or 79")
    unit = blocks.CharBlock(required=False, max_length=40, help_text="e.g. %, villages, firms")

    class Meta:
        icon = "pick"
        template = "blocks/key_figure.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(required=False, help_text="Defaults to the document's own title")

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph.html")
    figure = FigureBlock()
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    embed = EmbedBlock(icon="media", template="blocks/embed.html")
    document = DocumentBlock()
