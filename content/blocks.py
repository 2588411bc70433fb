"""StreamField blocks for brand stories and page bodies."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False)
    alt = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        help_text=_("What the image shows, for screen readers; empty uses the caption."),
    )

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        label = _("image")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    source = blocks.CharBlock(label=_("who said it"), required=False)

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        label = _("quote")


class FigureBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("number"), max_length=20)
    unit = blocks.CharBlock(label=_("unit"), required=False, max_length=10)
    label = blocks.CharBlock(label=_("what it counts"), max_length=60)

    class Meta:
        icon = "order"
        template = "components/blocks/figure.html"
        label = _("figure")


class GalleryBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(CaptionedImageBlock(), **kwargs)

    class Meta:
        icon = "image"
        template = "components/blocks/gallery.html"
        label = _("gallery")


class StoryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    figures = blocks.ListBlock(
        FigureBlock(), label=_("figures"), template="components/blocks/figures.html"
    )
    gallery = GalleryBlock()

    class Meta:
        label = _("story")


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("title"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("attachment")
