"""The public search page: Chinese full-text search over live, public pages."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from civicgrid.dependencies import depends_only_on
from content.search.index_version import SEARCH_INDEX
from content.search.results import PAGE_TYPES, normalise_query, page_number, search_results


@require_GET
def search(request):
    """Reads the query parameters q, type and page only."""
    query = normalise_query(request.GET.get("q", ""))
    page_type = request.GET.get("type", "")
    page_type = page_type if page_type in PAGE_TYPES else ""
    results = (
        search_results(request, query, page_type, page_number(request.GET.get("page")))
        if query
        else None
    )
    # Kept by the response cache until a publish or an index write, not a registry save.
    depends_only_on(SEARCH_INDEX)
    response = TemplateResponse(
        request,
        "content/search.html",
        {
            "search_query": query,
            "page_type": page_type,
            "page_types": [(key, label) for key, (_model, label) in PAGE_TYPES.items()],
            "results": results,
        },
    )
    response.cacheable_public_page = True
    return response


def robots_txt(request):
    """Crawlers may read every public page; the admin is no one's to index. The sitemap is
    named with the address the crawler came by."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """The site's icon, found at its static address (hashed in production) when asked for."""
    return redirect(static("content/favicon.svg"), permanent=True)
