"""/sitemap.xml for the site the request is for: Wagtail's list of live, public pages, cached
under the page-tree version. Up to settings.SITEMAP_MAX_URLS addresses it is one <urlset>, as
Wagtail's own view renders it; above, it is a <sitemapindex> of /sitemap-1.xml, /sitemap-2.xml, …
each with at most that many. Neither view reads any query parameter."""

import hashlib

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from content.signals import PAGE_TREE

CACHE_SECONDS = 24 * 60 * 60
INDEX = 0  # the part number of /sitemap.xml itself


def latest(lastmods):
    """The newest date, or None when any address has none (then no Last-Modified is sent)."""
    lastmods = list(lastmods)
    return max(lastmods) if lastmods and None not in lastmods else None


def all_urls(request) -> list[dict]:
    sitemap, site = Sitemap(request), get_current_site(request)
    return [
        url
        for number in sitemap.paginator.page_range
        for url in sitemap.get_urls(page=number, site=site, protocol=request.scheme)
    ]


def document(template: str, context: dict, lastmod) -> dict:
    return {
        "content": render_to_string(template, context).encode(),
        "last_modified": lastmod.timestamp() if lastmod else None,
    }


def build_documents(request) -> dict[int, dict]:
    """Every part of the sitemap, by part number."""
    urls = all_urls(request)
    size = settings.SITEMAP_MAX_URLS
    overall = latest(url.get("lastmod") for url in urls)
    if len(urls) <= size:
        return {INDEX: document("sitemap.xml", {"urlset": urls}, overall)}
    parts = {
        number: urls[start : start + size]
        for number, start in enumerate(range(0, len(urls), size), start=1)
    }
    documents = {
        number: document("sitemap.xml", {"urlset": part}, latest(u.get("lastmod") for u in part))
        for number, part in parts.items()
    }
    index = [
        SitemapIndexItem(
            request.build_absolute_uri(reverse("sitemap-part", args=[number])),
            latest(url.get("lastmod") for url in part),
        )
        for number, part in parts.items()
    ]
    documents[INDEX] = document("sitemap_index.xml", {"sitemaps": index}, overall)
    return documents


def cached_document(request, number: int) -> dict:
    address = hashlib.sha256(f"{request.scheme}://{request.get_host()}".encode()).hexdigest()
    prefix = f"sitemap:{PAGE_TREE.current()}:{address}"
    count_key, part_key = f"{prefix}:parts", f"{prefix}:{number}"
    found = cache.get_many([count_key, part_key])
    if part_key in found:
        return found[part_key]
    if count_key in found and number not in range(found[count_key]):
        raise Http404("No such sitemap part")  # without building the sitemap again
    documents = build_documents(request)
    cache.set_many(
        {count_key: len(documents), **{f"{prefix}:{n}": d for n, d in documents.items()}},
        CACHE_SECONDS,
    )
    if number not in documents:
        raise Http404("No such sitemap part")
    return documents[number]


def response(stored: dict) -> HttpResponse:
    answer = HttpResponse(stored["content"], content_type="application/xml")
    if stored["last_modified"] is not None:
        answer["Last-Modified"] = http_date(stored["last_modified"])
    answer["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap views say
    return answer


@require_GET
def sitemap(request):
    return response(cached_document(request, INDEX))


@require_GET
def sitemap_part(request, number: int):
    if number == INDEX:
        raise Http404("No such sitemap part")
    return response(cached_document(request, number))
