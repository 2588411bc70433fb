from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.blocks import RICH_TEXT_FEATURES
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain
from content.selectors import service_guide


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
        return " ".join(
            [
                self.title,
                rich_text_plain(self.office_hours),
                rich_text_plain(self.off_hours_duty),
                rich_text_plain(self.proxy_services),
            ]
        )

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
