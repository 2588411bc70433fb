from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from content.models.areas import CommunityPage
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain
from content.models.notices import NoticePage
from content.selectors import headline_figures

FEATURED_COMMUNITIES = 8
LATEST_NOTICES = 6


class HomePage(PublicPageMixin, Page):
    """The district portal: featured communities, latest notices, headline figures."""

    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    headline_kinds = ParentalManyToManyField(
        "governance.TallyKind",
        verbose_name=_("headline tally kinds"),
        blank=True,
        help_text=_("Totals of these kinds for this year are shown as headline figures."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("tagline"),
        FieldPanel("intro"),
        FieldPanel("headline_kinds"),
    ]
    search_fields = [*Page.search_fields, *SEARCH_FIELDS]
    api_fields = [APIField("tagline"), APIField("intro")]

    #: notices straight under the portal are site-wide
    area_path = ""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.DistrictPage", "content.NoticeIndexPage"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def plain_text(self) -> str:
        return f"{self.title} {self.tagline} {rich_text_plain(self.intro)}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        year = timezone.localdate().year
        context.update(
            year=year,
            figures=headline_figures(self.headline_kinds.values_list("pk", flat=True), year),
            featured=CommunityPage.objects.featured()[:FEATURED_COMMUNITIES],
            notices=NoticePage.objects.current()[:LATEST_NOTICES],
        )
        return context
