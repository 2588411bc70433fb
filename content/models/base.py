"""What every public page shares: pinyin slugs and Chinese search terms."""

from django.utils.html import strip_tags
from wagtail.search import index

from civicgrid.dependencies import depends_only_on
from content.search.chinese import index_terms
from content.search.slugs import pinyin_slug


class PublicPageMixin:
    """Pinyin slugs for Chinese titles, the text the Chinese search indexes, and whole-page
    caching for anonymous readers (civicgrid/response_cache.py)."""

    #: pages with forms (CSRF tokens) must not be cached
    cache_rendered = True
    #: pages that show nothing from the registry stay cached through registry saves
    shows_registry = True

    def serve(self, request, *args, **kwargs):
        self.declare_dependencies()
        response = super().serve(request, *args, **kwargs)
        response.cacheable_public_page = self.cache_rendered and request.method == "GET"
        return response

    def declare_dependencies(self) -> None:
        """Tells the response cache which data the page shows (civicgrid/dependencies.py):
        the page tree only, or by default anything, so a registry save anywhere makes it
        stale. Pages that show one subtree narrow it to that."""
        if not self.shows_registry:
            depends_only_on()

    def full_clean(self, *args, **kwargs):
        if not self.slug or not self.slug.isascii():
            self.slug = pinyin_slug(self.title or "")
        return super().full_clean(*args, **kwargs)

    def plain_text(self) -> str:
        """Title and body as plain text: what search indexes and highlights."""
        return self.title

    def search_link(self, request, query: str) -> str:
        """Where a search result for `query` leads."""
        return self.get_url(request)

    def search_terms(self) -> str:
        return index_terms(self.plain_text())


SEARCH_FIELDS = [index.SearchField("search_terms"), index.FilterField("live")]


def rich_text_plain(value) -> str:
    return strip_tags(str(value or "")).replace("&nbsp;", " ")


def stream_plain(stream) -> str:
    parts = []
    for block in stream or []:
        value = block.value
        if hasattr(value, "source"):
            parts.append(rich_text_plain(value.source))
        elif isinstance(value, dict) or hasattr(value, "items"):
            parts.extend(str(v) for v in value.values() if isinstance(v, str))
        elif isinstance(value, str):
            parts.append(value)
    return " ".join(parts)
