"""A community brand page and its service guide: requests per second with a cold and a warm
cache, against a trivial Django view in the same process, and the queries per page."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import measure_requests, report_pair
from content.models import CommunityPage


def queries_for(url: str, *, warm: bool) -> int:
    client = Client()
    cache.clear()
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def run():
    community = CommunityPage.objects.select_related("grid").get(title="阳光花苑社区")
    guide = community.service_guide
    baseline = measure_requests("trivial view", "/bench/trivial/")
    for label, url in (("community page", community.url), ("service guide", guide.url)):
        report_pair(
            f"{label} (cold cache)",
            measure_requests(label, url, before_each=cache.clear),
            baseline,
        )
        report_pair(f"{label} (warm cache)", measure_requests(label, url), baseline)
        print(
            f"{label}: {queries_for(url, warm=False)} queries per request with a cold cache, "
            f"{queries_for(url, warm=True)} with a warm cache"
        )
