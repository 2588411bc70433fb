from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.blocks import RICH_TEXT_FEATURES
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain
from content.selectors import service_guide
from governance.versioning import depends_on_subtree


def point_text(point) -> str:
    amenities = " ".join(amenity.name for amenity in point.amenities.all())
    return " ".join(
        part
        for part in (point.name, point.kind.name, point.address, point.opening_hours, amenities)
        if part
    )


class ServiceGuidePage(PublicPageMixin, Page):
    """The community's service guide: the 15-minute circle, warm stations, contact cards."""

    office_hours = RichTextField(_("office hours"), blank=True, features=RICH_TEXT_FEATURES)
    off_hours_duty = RichTextField(
        _("off-hours duty (错时服务)"), blank=True, features=RICH_TEXT_FEATURES
    )
    proxy_services = RichTextField(
        _("proxy services (全程代办)"), blank=True, features=RICH_TEXT_FEATURES
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("office_hours"),
        FieldPanel("off_hours_duty"),
        FieldPanel("proxy_services"),
    ]
    search_fields = [*Page.search_fields, *SEARCH_FIELDS]
    api_fields = [
        APIField("community_grid_code"),
        APIField("office_hours"),
        APIField("off_hours_duty"),
        APIField("proxy_services"),
    ]
    parent_page_types = ["content.CommunityPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service guide")
        verbose_name_plural = _("service guides")

    @property
    def community_grid_code(self) -> str:
        """Contact cards and the service circle: /api/registry/grids/<code>/contact-cards/ etc."""
        return self.get_parent().specific.grid.code

    def plain_text(self) -> str:
        """The page's own text and the registry's public data it shows, under the headings it
        shows them with: grids and the buildings they cover, service points with their kinds,
        addresses and hours, warm stations. People are left out (their names and phones are on
        the cards, not in the index)."""
        guide = service_guide(self.get_parent().specific.grid)
        points = [point for _minutes, _label, ring in guide.rings for point in ring]
        return " ".join(
            [
                self.title,
                "便民服务连心卡",
                *(
                    f"{card.grid.name} {' '.join(card.grid.coverage.split())}"
                    for card in guide.cards
                ),
                "一刻钟服务圈",
                *(point_text(point) for point in points),
                "暖心驿站",
                *(point_text(point) for point in guide.warm_stations),
                "办公时间",
                rich_text_plain(self.office_hours),
                "错时服务",
                rich_text_plain(self.off_hours_duty),
                "全程代办",
                rich_text_plain(self.proxy_services),
            ]
        )

    def search_link(self, request, query: str) -> str:
        """A building or address the query names opens its grid's contact card."""
        url = super().search_link(request, query)
        community = self.get_parent().specific.grid
        if service_guide(community, find=query).found_cards:
            return f"{url}?{urlencode({'find': query})}#cards-heading"
        return url

    def declare_dependencies(self) -> None:
        depends_on_subtree(self.get_parent().specific.grid)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        community = self.get_parent().specific
        context["community"] = community
        context["guide"] = service_guide(
            community.grid,
            kind=request.GET.get("kind", ""),
            find=request.GET.get("find", "").strip()[:40],
        )
        return context
