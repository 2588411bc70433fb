"""The page-tree version: bumped whenever what readers see of the page tree may have changed.
Every answer the response cache (`civicgrid.response_cache`) keeps depends on it."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from civicgrid import dependencies
from civicgrid.versions import VersionCounter
from content.models import CommunityPage, NoticeCategory, ServiceGuidePage
from governance.models import Grid, GridLevel, ServicePoint

PAGE_TREE = VersionCounter(dependencies.PAGE_TREE)

page_published.connect(PAGE_TREE.bump, dispatch_uid="pages-published")
page_unpublished.connect(PAGE_TREE.bump, dispatch_uid="pages-unpublished")
post_page_move.connect(PAGE_TREE.bump, dispatch_uid="pages-moved")
post_delete.connect(PAGE_TREE.bump, sender=Page, dispatch_uid="pages-deleted")
post_save.connect(PAGE_TREE.bump, sender=NoticeCategory, dispatch_uid="categories")
post_delete.connect(PAGE_TREE.bump, sender=NoticeCategory, dispatch_uid="categories-deleted")
# A page made private (or public again) must leave the cache at once: a copy kept for
# anonymous readers would show it to anyone until the next publish.
post_save.connect(PAGE_TREE.bump, sender=PageViewRestriction, dispatch_uid="restrictions")
post_delete.connect(PAGE_TREE.bump, sender=PageViewRestriction, dispatch_uid="restrictions-deleted")


@receiver(post_save, dispatch_uid="live-pages-saved")
def bump_when_a_live_page_is_saved(sender, instance, **kwargs) -> None:
    """Pages created or saved live without a publish step (scripts, imports) change what
    readers see too. Any model's save sends post_save; only live pages count."""
    if isinstance(instance, Page) and instance.live:
        PAGE_TREE.bump()


def reindex_the_service_guide(sender, instance, **kwargs) -> None:
    """A service guide is found by its grids' buildings and its service points (its
    plain_text): when one of them changes, its community's guide is indexed again, once the
    change is committed (and the registry version that keys the guide's data has moved on).
    Bulk imports send no signals; `manage.py update_index` catches up after them."""
    if kwargs.get("raw"):
        return
    path = instance.path if isinstance(instance, Grid) else instance.grid.path
    community_path = path[: Grid.steplen * GridLevel.COMMUNITY]
    if len(community_path) < Grid.steplen * GridLevel.COMMUNITY:
        return
    for community_page in CommunityPage.objects.filter(grid__path=community_path):
        for guide in ServiceGuidePage.objects.child_of(community_page):
            transaction.on_commit(
                lambda pk=guide.pk: insert_or_update_object_task.enqueue(
                    "content", "serviceguidepage", str(pk)
                )
            )


for model in (Grid, ServicePoint):
    post_save.connect(reindex_the_service_guide, sender=model, dispatch_uid=f"guide-{model}")
    post_delete.connect(reindex_the_service_guide, sender=model, dispatch_uid=f"guide-del-{model}")
