"""The blocks staff compose report layouts from (low-code: layouts are data)."""

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

AXIS_CHOICES = [("months", _("by month")), ("children", _("by grid below"))]


class HeadingTextBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80)
    text = blocks.RichTextBlock(
        label=_("text"), required=False, features=["bold", "italic", "ol", "ul", "image"]
    )

    class Meta:
        icon = "title"
        label = _("heading and text")


class TallyTableBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80)
    kinds = blocks.ListBlock(
        SnippetChooserBlock("governance.TallyKind"), label=_("tally kinds"), min_num=1
    )
    columns = blocks.ChoiceBlock(choices=AXIS_CHOICES, default="months", label=_("columns"))

    class Meta:
        icon = "table"
        label = _("tally table")


class TallyChartBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80)
    kind = SnippetChooserBlock("governance.TallyKind", label=_("tally kind"))
    axis = blocks.ChoiceBlock(choices=AXIS_CHOICES, default="months", label=_("across"))

    class Meta:
        icon = "pick"
        label = _("tally chart")


class RosterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="网格长名册")
    role_name = blocks.CharBlock(label=_("role"), max_length=40, default="网格长")

    class Meta:
        icon = "group"
        label = _("roster of grid chiefs")


class TeamsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="志愿服务队")

    class Meta:
        icon = "group"
        label = _("volunteer teams")


class ServicePointCountsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=80, default="服务点")

    class Meta:
        icon = "site"
        label = _("service point counts by kind")


def extra_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks apps add, named by dotted path in settings.REPORT_EXTRA_BLOCKS (read like
    INSTALLED_APPS, so the core never imports an app). Each class names its stream key
    (`report_name`), the dotted path of the function gathering its data
    (`report_gatherer(node, period, value) -> dict`) and the template printing it
    (`report_template`, given `block`)."""
    return [(cls.report_name, cls()) for cls in map(import_string, settings.REPORT_EXTRA_BLOCKS)]


class ReportBlocks(blocks.StreamBlock):
    heading_text = HeadingTextBlock()
    tally_table = TallyTableBlock()
    tally_chart = TallyChartBlock()
    roster = RosterBlock()
    teams = TeamsBlock()
    service_points = ServicePointCountsBlock()

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__([*extra_blocks(), *(local_blocks or [])], **kwargs)
