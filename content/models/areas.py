"""Pages bound to a node of the grid tree: district, street and community (the brand page)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from content.blocks import FigureBlock, StoryBlock
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain, stream_plain
from content.models.guides import ServiceGuidePage
from content.models.notices import NoticePage
from content.selectors import community_registry
from governance.models import GridLevel
from governance.versioning import depends_on_subtree

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# Apps above the content add sections to area pages (the events' public figures) through this
# hook, so the pages never import them: `fn(page, request)` returns HTML or "".
AREA_PAGE_SECTIONS_HOOK = "area_page_sections"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


class GridPage(PublicPageMixin, Page):
    """A page that speaks for one node of the grid tree and its subtree."""

    grid_level: int = 0
    grid = models.ForeignKey(
        "governance.Grid",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("grid"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, *SEARCH_FIELDS]
    api_fields = [APIField("grid_code"), APIField("intro")]

    class Meta:
        abstract = True

    @property
    def area_path(self) -> str:
        """The part of the grid tree this page speaks for (notices below it are shown there)."""
        return self.grid.path

    @property
    def grid_code(self) -> str:
        """The registry node this page speaks for: the key to /api/registry/grids/<code>/."""
        return self.grid.code

    def clean(self):
        super().clean()
        if self.grid_id and self.grid.level != self.grid_level:
            raise ValidationError(
                {
                    "grid": _("Choose a grid at level “%(level)s”.")
                    % {"level": GridLevel(self.grid_level).label}
                }
            )

    def plain_text(self) -> str:
        return f"{self.title} {rich_text_plain(self.intro)}"

    def declare_dependencies(self) -> None:
        depends_on_subtree(self.grid)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["notices"] = NoticePage.objects.current().for_area(self.area_path)[:5]
        if self.grid_level < GridLevel.COMMUNITY:
            # 下辖 lists places only: the streets or communities below, not a notice list.
            context["areas_below"] = (
                self.get_children().live().public().type(StreetPage, CommunityPage)
            ).order_by("path")
        context["area_sections"] = [
            section
            for section_of in hooks.get_hooks(AREA_PAGE_SECTIONS_HOOK)
            if (section := section_of(self, request))
        ]
        return context


class DistrictPage(GridPage):
    grid_level = GridLevel.DISTRICT
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.StreetPage", "content.NoticeIndexPage"]
    template = "content/area_page.html"

    class Meta:
        verbose_name = _("district page")
        verbose_name_plural = _("district pages")


class StreetPage(GridPage):
    grid_level = GridLevel.STREET
    parent_page_types = ["content.DistrictPage"]
    subpage_types = ["content.CommunityPage", "content.NoticeIndexPage"]
    template = "content/area_page.html"

    class Meta:
        verbose_name = _("street page")
        verbose_name_plural = _("street pages")


class CommunityPageQuerySet(PageQuerySet):
    def featured(self):
        """Brand communities the portal shows, with what their cards need."""
        return (
            self.live()
            .public()
            .filter(featured=True)
            .select_related("grid", "logo")
            .order_by("grid__code")
        )


class CommunityPage(GridPage):
    """The community's brand page (一社区一品牌)."""

    grid_level = GridLevel.COMMUNITY
    brand_name = models.CharField(_("brand name"), max_length=40, blank=True)
    slogan = models.CharField(_("slogan"), max_length=80, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#b3261e",
        help_text=_("A hex colour such as #b3261e; white text on it must stay readable."),
    )
    story = StreamField(StoryBlock(), verbose_name=_("story"), blank=True)
    achievements = StreamField(
        [("figure", FigureBlock())], verbose_name=_("achievements"), blank=True
    )
    featured = models.BooleanField(_("featured on the home page"), default=False)
    lists_resolved_cases = models.BooleanField(
        _("list resolved cases"),
        default=False,
        help_text=_(
            "Show the residents' reports that staff have published (title, grid and official "
            "reply; never who reported them)."
        ),
    )

    content_panels = [
        *GridPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("brand_name"),
                FieldPanel("slogan"),
                FieldPanel("logo"),
                FieldPanel("brand_colour"),
                FieldPanel("featured"),
                FieldPanel("lists_resolved_cases"),
            ],
            heading=_("Brand"),
        ),
        FieldPanel("story"),
        FieldPanel("achievements"),
    ]
    parent_page_types = ["content.StreetPage"]
    subpage_types = ["content.ServiceGuidePage", "content.NoticeIndexPage", "content.SurveyPage"]

    objects = PageManager.from_queryset(CommunityPageQuerySet)()
    api_fields = [
        *GridPage.api_fields,
        APIField("brand_name"),
        APIField("slogan"),
        APIField("brand_colour"),
        APIField("logo_rendition"),
        APIField("story"),
        APIField("achievements"),
        APIField("featured"),
    ]

    @property
    def logo_rendition(self) -> dict | None:
        if self.logo is None:
            return None
        rendition = self.logo.get_rendition("fill-192x192|format-webp")
        return {"url": rendition.url, "width": rendition.width, "height": rendition.height}

    class Meta:
        verbose_name = _("community brand page")
        verbose_name_plural = _("community brand pages")

    def clean(self):
        super().clean()
        if not HEX_COLOUR.match(self.brand_colour or ""):
            raise ValidationError({"brand_colour": _("Write the colour as # and six hex digits.")})
        if contrast_with_white(self.brand_colour) < 4.5:
            raise ValidationError(
                {
                    "brand_colour": _(
                        "White text on %(colour)s has a contrast of %(ratio).1f:1; choose a darker "
                        "colour (at least 4.5:1)."
                    )
                    % {"colour": self.brand_colour, "ratio": contrast_with_white(self.brand_colour)}
                }
            )

    def plain_text(self) -> str:
        return " ".join(
            [super().plain_text(), self.brand_name, self.slogan, stream_plain(self.story)]
        )

    @cached_property
    def service_guide(self):
        return ServiceGuidePage.objects.child_of(self).live().first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["registry"] = community_registry(self.grid)
        return context
