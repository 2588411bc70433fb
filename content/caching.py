"""Whole-page caching of public pages for anonymous readers.

A cached page is keyed by its address, the day (notices expire by date), the page-tree version
(bumped when pages are published, unpublished, moved or deleted) and the registry version
(bumped when registry records change). Editors and staff, forms and anything that sets a
cookie are never cached.
"""

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from civicgrid.versions import VersionCounter
from governance.versioning import registry_version

CACHE_SECONDS = 10 * 60
UNCACHED_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/healthz")

PAGE_TREE = VersionCounter("page-tree-version")
page_tree_version = PAGE_TREE.current
bump_page_tree_version = PAGE_TREE.bump


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from content.models import NoticeCategory

    page_published.connect(bump_page_tree_version, dispatch_uid="pages-published")
    page_unpublished.connect(bump_page_tree_version, dispatch_uid="pages-unpublished")
    post_page_move.connect(bump_page_tree_version, dispatch_uid="pages-moved")
    post_delete.connect(bump_page_tree_version, sender=Page, dispatch_uid="pages-deleted")
    post_save.connect(bump_page_tree_version, sender=NoticeCategory, dispatch_uid="categories")


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED_PREFIXES):
        return False
    # Readers with a session (editors, staff) get fresh pages and their user bar.
    return not request.COOKIES


def cache_key(request) -> str:
    return ":".join(
        [
            "page",
            str(page_tree_version()),
            str(registry_version()),
            timezone.localdate().isoformat(),
            request.get_host(),
            request.get_full_path(),
        ]
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["content_type"])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            getattr(response, "cacheable_public_page", False)
            and response.status_code == 200
            and not response.cookies
        ):
            cache.set(
                key,
                {"content": response.content, "content_type": response["Content-Type"]},
                CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response
