"""The public search page's results: one page of hits for a query, cached per site address,
page type, normalised query and page number until the page tree or the search index changes
(a publish, a move, a deletion; the worker indexing a page).

At most MAX_RESULTS hits are shown, in pages of RESULTS_PER_PAGE: a query matching more says
"200+" and is answered from its best MAX_RESULTS (on PostgreSQL the newest matches, ranked:
content/search/postgres.py), so neither the count nor a later page costs more than that."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from content.models import CommunityPage, NoticePage, ServiceGuidePage, SurveyPage
from content.search import index_version
from content.search.chinese import highlight, query_terms
from content.search.postgres import RANKED_MATCHES
from content.signals import PAGE_TREE

RESULTS_PER_PAGE = 10
#: Beyond this many matches (20 pages) the page says "200+": a resident adds a word rather than
#: paging on.
MAX_RESULTS = RANKED_MATCHES
MAX_QUERY_LENGTH = 50
# A page cached before the worker indexed a change is caught by the index version; this bounds
# what a write outside the backend (a full `update_index`) leaves stale.
CACHE_SECONDS = 10 * 60
PAGE_TYPES = {
    "notice": (NoticePage, _("Notices and policies")),
    "community": (CommunityPage, _("Communities")),
    "guide": (ServiceGuidePage, _("Service guides")),
    "survey": (SurveyPage, _("Surveys")),
}


@dataclass(frozen=True)
class Hit:
    title: str
    kind: str
    url: str
    excerpt: str


@dataclass(frozen=True)
class ResultsPage:
    hits: list[Hit]
    #: the matches shown, at most MAX_RESULTS
    count: int
    number: int
    num_pages: int
    #: more matched than are shown
    more: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


def normalise_query(query: str) -> str:
    """Spaces collapsed, at most MAX_QUERY_LENGTH characters."""
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH].strip()


def page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def search_pages(query: str, page_type: str = ""):
    """The search backend (content/search/backend.py) turns the query into Chinese pairs."""
    if not query_terms(query):
        return Page.objects.none()
    model = PAGE_TYPES[page_type][0] if page_type in PAGE_TYPES else Page
    return model.objects.live().public().specific().search(query)


def _results_page(request, query: str, page_type: str, number: int) -> ResultsPage:
    results = search_pages(query, page_type)
    # Bounded on PostgreSQL (the search takes at most RANKED_MATCHES + 1), whole on SQLite.
    matched = results.count()
    count = min(matched, MAX_RESULTS)
    num_pages = max(1, -(-count // RESULTS_PER_PAGE))
    number = min(number, num_pages)  # past the end: the last page, as Paginator.get_page
    start = (number - 1) * RESULTS_PER_PAGE
    hits = [
        Hit(
            title=result.title,
            kind=str(result.get_verbose_name()),
            url=result.search_link(request, query),
            excerpt=highlight(result.plain_text(), query),
        )
        for result in results[start : start + RESULTS_PER_PAGE]
        if hasattr(result, "plain_text")
    ]
    return ResultsPage(hits, count, number, num_pages, more=matched > MAX_RESULTS)


def search_results(request, query: str, page_type: str, number: int) -> ResultsPage:
    """`query` normalised (normalise_query), `page_type` one of PAGE_TYPES or ""."""
    # Links are relative to the site the request is for; the query may hold any character.
    address = hashlib.sha256(f"{request.get_host()}|{page_type}|{query}".encode()).hexdigest()
    key = f"search:{PAGE_TREE.current()}:{index_version.current()}:{address}:{number}"
    results = cache.get(key)
    if results is None:
        results = _results_page(request, query, page_type, number)
        cache.set(key, results, CACHE_SECONDS)
    return results
