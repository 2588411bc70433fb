"""The public search page: Chinese full-text search over live, public pages."""

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from content.models import CommunityPage, NoticePage, ServiceGuidePage, SurveyPage
from content.search.chinese import highlight, query_terms

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 50
PAGE_TYPES = {
    "notice": (NoticePage, _("Notices and policies")),
    "community": (CommunityPage, _("Communities")),
    "guide": (ServiceGuidePage, _("Service guides")),
    "survey": (SurveyPage, _("Surveys")),
}


def search_pages(query: str, page_type: str = ""):
    """The search backend (content/search/backend.py) turns the query into Chinese pairs."""
    if not query_terms(query):
        return []
    model = PAGE_TYPES[page_type][0] if page_type in PAGE_TYPES else Page
    return model.objects.live().public().specific().search(query)


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page_type = request.GET.get("type", "")
    page_type = page_type if page_type in PAGE_TYPES else ""
    results = search_pages(query, page_type) if query else []
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    hits = [
        {
            "page": result,
            "url": result.search_link(request, query),
            "excerpt": highlight(result.plain_text(), query),
        }
        for result in page.object_list
        if hasattr(result, "plain_text")
    ]
    return TemplateResponse(
        request,
        "content/search.html",
        {
            "search_query": query,
            "page_type": page_type,
            "page_types": [(key, label) for key, (_model, label) in PAGE_TYPES.items()],
            "results_page": page,
            "hits": hits,
        },
    )


def favicon(request):
    """The site's icon, found at its static address (hashed in production) when asked for."""
    return redirect(static("content/favicon.svg"), permanent=True)
