"""The blocks staff compose report layouts from (low-code: layouts are data)."""

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


class ReportBlocks(blocks.StreamBlock):
    heading_text = HeadingTextBlock()
    tally_table = TallyTableBlock()
    tally_chart = TallyChartBlock()
    roster = RosterBlock()
    teams = TeamsBlock()
    service_points = ServicePointCountsBlock()
