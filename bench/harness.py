"""Shared measuring helpers: every benchmark compares against a baseline in the same run."""

import gc
import statistics
import time
from dataclasses import dataclass

from django.http import HttpResponse
from django.test import Client


@dataclass
class Throughput:
    label: str
    requests: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def trivial_view(request):
    return HttpResponse("ok")


def measure_requests(
    label: str, url: str, *, seconds: float = 2.0, client=None, before_each=None
) -> Throughput:
    """Requests per second of `url`; `before_each` runs before every request (e.g. to empty
    the cache for a cold measurement) and is counted in the time."""
    client = client or Client()
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        if before_each is not None:
            before_each()
        client.get(url)
        count += 1
    return Throughput(label, count, elapsed)


def median_seconds(function, repeat=3):
    """The median wall time of `function` over `repeat` runs, and its last result."""
    samples, result = [], None
    for _ in range(repeat):
        # A finished run may leave a large cyclic graph (WeasyPrint documents do); collect it
        # outside the timing so that the next run does not pay for the previous one.
        gc.collect()
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), result


def report_pair(title: str, ours: Throughput, baseline: Throughput) -> dict:
    ratio = baseline.per_second / ours.per_second
    print(
        f"{title}: {ours.label} {ours.per_second:,.0f} req/s · {baseline.label} "
        f"{baseline.per_second:,.0f} req/s · baseline/ours = {ratio:.2f}×"
    )
    return {"title": title, "ours": ours.per_second, "baseline": baseline.per_second}
