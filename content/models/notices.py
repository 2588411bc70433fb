"""Notices, policy explainers and activity announcements; categories are data."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from content.blocks import RICH_TEXT_FEATURES, AttachmentBlock
from content.models.base import SEARCH_FIELDS, PublicPageMixin, rich_text_plain
from governance.models import Grid

NOTICES_PER_PAGE = 10


def path_and_ancestors(path: str) -> list[str]:
    return [path[:end] for end in range(Grid.steplen, len(path) + 1, Grid.steplen)]


class NoticeCategory(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("notice category")
        verbose_name_plural = _("notice categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class NoticePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "content.NoticePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NoticeIndexPage(PublicPageMixin, Page):
    """Lists the notices a reader of this part of the tree should see, newest and pinned first."""

    shows_registry = False

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *SEARCH_FIELDS]
    api_fields = [APIField("intro")]
    parent_page_types = [
        "content.HomePage",
        "content.DistrictPage",
        "content.StreetPage",
        "content.CommunityPage",
    ]
    subpage_types = ["content.NoticePage"]

    class Meta:
        verbose_name = _("notice list")
        verbose_name_plural = _("notice lists")

    @cached_property
    def area_path(self) -> str:
        """The part of the tree this list speaks for: its parent's (a district, street or
        community page, or the portal for site-wide notices)."""
        return getattr(self.get_parent().specific, "area_path", "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        categories = list(NoticeCategory.objects.all())
        chosen = next((c for c in categories if c.slug == request.GET.get("category")), None)
        notices = NoticePage.objects.current().for_area(self.area_path)
        if chosen is not None:
            notices = notices.filter(category=chosen)
        context.update(
            categories=categories,
            chosen_category=chosen,
            notices_page=Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page")),
        )
        return context


class NoticePageQuerySet(PageQuerySet):
    def current(self, today: datetime.date | None = None):
        """Live, public, published by `today` and not expired; pinned first, then newest."""
        today = today or timezone.localdate()
        return (
            self.live()
            .public()
            .filter(publish_date__lte=today)
            .exclude(expiry_date__lt=today)
            .select_related("category")
            .order_by("-pinned", "-publish_date", "-pk")
        )

    def for_area(self, area_path: str):
        """What readers of `area_path` see: its own notices, its ancestors' and the site-wide
        ones (one indexed query, whatever the depth)."""
        return self.filter(area_path__in=[*path_and_ancestors(area_path), ""])


class NoticePage(PublicPageMixin, Page):
    shows_registry = False
    category = models.ForeignKey(
        NoticeCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    publish_date = models.DateField(_("publish date"), default=timezone.localdate)
    expiry_date = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        help_text=_("After this day the notice leaves the lists but keeps its address."),
    )
    pinned = models.BooleanField(_("pinned"), default=False)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES)
    attachments = StreamField(
        [("attachment", AttachmentBlock())], verbose_name=_("attachments"), blank=True
    )
    tags = ClusterTaggableManager(through=NoticePageTag, blank=True, verbose_name=_("tags"))
    # The grid path of the nearest district/street/community page above: who sees the notice.
    area_path = models.CharField(max_length=255, blank=True, db_index=True, editable=False)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldRowPanel([FieldPanel("publish_date"), FieldPanel("expiry_date")]),
                FieldPanel("pinned"),
                FieldPanel("tags"),
            ],
            heading=_("Notice"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("attachments"),
    ]
    search_fields = [*Page.search_fields, *SEARCH_FIELDS, index.FilterField("category")]
    api_fields = [
        APIField("category"),
        APIField("category_name"),
        APIField("publish_date"),
        APIField("expiry_date"),
        APIField("is_expired"),
        APIField("pinned"),
        APIField("summary"),
        APIField("body"),
        APIField("attachment_links"),
        APIField("tag_names"),
    ]
    parent_page_types = ["content.NoticeIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(NoticePageQuerySet)()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [models.Index(fields=["area_path", "publish_date"])]

    def clean(self):
        super().clean()
        if self.expiry_date and self.publish_date and self.expiry_date < self.publish_date:
            raise ValidationError(
                {"expiry_date": _("A notice cannot expire before it is published.")}
            )

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.pk or self.path else None
        if parent is not None:
            self.area_path = getattr(parent.specific, "area_path", "")
        return super().save(*args, **kwargs)

    @property
    def category_name(self) -> str:
        return self.category.name

    @property
    def attachment_links(self) -> list[dict]:
        return [
            {
                "title": block.value["title"] or block.value["document"].title,
                "url": block.value["document"].url,
                "file_extension": block.value["document"].file_extension,
            }
            for block in self.attachments
            if block.value.get("document")
        ]

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags.all()]

    @property
    def is_expired(self) -> bool:
        return bool(self.expiry_date and self.expiry_date < timezone.localdate())

    def plain_text(self) -> str:
        return f"{self.title} {self.summary} {rich_text_plain(self.body)}"
