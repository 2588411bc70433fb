"""Whole-response caching of public pages and API reads for anonymous readers.

A cached page is keyed by its address, the day (notices expire by date), the page-tree version
(bumped when pages are published, unpublished, moved or deleted) and the registry version
(bumped when registry records change). Editors and staff, forms, API calls with credentials
and anything that sets a cookie are never cached.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from civicgrid.api_headers import API_PREFIX
from civicgrid.versions import VersionCounter
from governance.versioning import registry_version

CACHE_SECONDS = 10 * 60
UNCACHED_PREFIXES = ("/admin/", "/documents/", "/static/", "/media/", "/healthz")

PAGE_TREE = VersionCounter("page-tree-version")
page_tree_version = PAGE_TREE.current
bump_page_tree_version = PAGE_TREE.bump


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from content.models import NoticeCategory

    page_published.connect(bump_page_tree_version, dispatch_uid="pages-published")
    # Pages created or saved live without a publish step (scripts, imports) change what
    # readers see too. Only Page subclasses pass the check; any model's save sends post_save.
    post_save.connect(bump_when_a_live_page_is_saved, dispatch_uid="live-pages-saved")
    page_unpublished.connect(bump_page_tree_version, dispatch_uid="pages-unpublished")
    post_page_move.connect(bump_page_tree_version, dispatch_uid="pages-moved")
    post_delete.connect(bump_page_tree_version, sender=Page, dispatch_uid="pages-deleted")
    post_save.connect(bump_page_tree_version, sender=NoticeCategory, dispatch_uid="categories")


def bump_when_a_live_page_is_saved(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page) and instance.live:
        bump_page_tree_version()


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.path.startswith(UNCACHED_PREFIXES):
        return False
    # Readers with a session (editors, staff) get fresh pages and their user bar.
    if request.GET.get("order") == "random":  # the API's shuffled lists must stay shuffled
        return False
    return not request.COOKIES and "Authorization" not in request.headers


def is_cacheable_response(request, response) -> bool:
    """Pages opt in (forms do not); every API read is public data versioned like the pages."""
    opted_in = getattr(response, "cacheable_public_page", False) or request.path.startswith(
        API_PREFIX
    )
    return (
        opted_in and response.status_code == 200 and not response.streaming and not response.cookies
    )


def cache_key(request) -> str:
    # Hashed: query strings can be long and hold any character; a key must be neither.
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return ":".join(
        [
            "page",
            str(page_tree_version()),
            str(registry_version()),
            timezone.localdate().isoformat(),
            address,
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
        if is_cacheable_response(request, response):
            cache.set(
                key,
                {"content": response.content, "content_type": response["Content-Type"]},
                CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response
