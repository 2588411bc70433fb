"""The headless API: the pages list and the service-points GeoJSON of a district, with a cold
and a warm response cache, against a trivial Django view in the same process."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.harness import measure_requests, report_pair
from governance.models import Grid


def run():
    district = Grid.objects.get(code="410102")
    baseline = measure_requests("trivial view", "/bench/trivial/")
    for label, url in (
        ("pages list (20 per page)", "/api/pages/?limit=20"),
        ("pages list (100 per page)", "/api/pages/?limit=100"),
        (
            f"service points GeoJSON of {district.name}",
            f"/api/registry/service-points.geojson?within={district.code}",
        ),
    ):
        report_pair(
            f"{label} (cold cache)",
            measure_requests(label, url, before_each=cache.clear),
            baseline,
        )
        report_pair(f"{label} (warm cache)", measure_requests(label, url), baseline)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            Client().get(url)
        print(f"{label}: {len(queries)} queries per request with a cold cache")
