"""The page-tree version: bumped whenever what readers see of the page tree may have changed.
The response cache (`civicgrid.response_cache`) keys by it, as by every version counter."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from civicgrid.versions import VersionCounter
from content.models import NoticeCategory

PAGE_TREE = VersionCounter("page-tree-version")

page_published.connect(PAGE_TREE.bump, dispatch_uid="pages-published")
page_unpublished.connect(PAGE_TREE.bump, dispatch_uid="pages-unpublished")
post_page_move.connect(PAGE_TREE.bump, dispatch_uid="pages-moved")
post_delete.connect(PAGE_TREE.bump, sender=Page, dispatch_uid="pages-deleted")
post_save.connect(PAGE_TREE.bump, sender=NoticeCategory, dispatch_uid="categories")


@receiver(post_save, dispatch_uid="live-pages-saved")
def bump_when_a_live_page_is_saved(sender, instance, **kwargs) -> None:
    """Pages created or saved live without a publish step (scripts, imports) change what
    readers see too. Any model's save sends post_save; only live pages count."""
    if isinstance(instance, Page) and instance.live:
        PAGE_TREE.bump()
