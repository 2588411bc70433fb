"""Load generators for the HTTP benchmarks: wrk when installed (Debian package `wrk`), else
threads with http.client. Both send anonymous GETs only: no cookies, no Authorization.

The generator runs on the same machine as gunicorn and takes CPU from it; the ratios to the
hello baseline, measured the same way in the same round, carry that cost on both sides."""

import http.client
import os
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass

SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_HTTP_CONNECTIONS", "4"))
WRK = shutil.which("wrk") if os.environ.get("BENCH_HTTP_LOADGEN", "wrk") == "wrk" else None
GENERATOR = "wrk" if WRK else "python"


@dataclass
class Load:
    per_second: float
    p50_ms: float
    p99_ms: float


def drive(url: str, *, seconds: float = SECONDS, connections: int = CONNECTIONS) -> Load:
    """Throughput and latency of `url` under `connections` concurrent keep-alive clients."""
    if WRK:
        return drive_with_wrk(url, seconds, connections)
    return drive_with_threads(url, seconds, connections)


def drive_with_wrk(url: str, seconds: float, connections: int) -> Load:
    output = subprocess.run(
        [WRK, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        raise RuntimeError(f"{url}: {match.group(1)} answers were not 2xx/3xx")
    if "Socket errors" in output:
        raise RuntimeError(f"{url}: {output}")
    return Load(
        per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=wrk_milliseconds(output, "50%"),
        p99_ms=wrk_milliseconds(output, "99%"),
    )


def wrk_milliseconds(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)\b", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def drive_with_threads(url: str, seconds: float, connections: int) -> Load:
    host, port, path = split_url(url)
    deadline = time.perf_counter() + seconds
    latencies: list[list[float]] = [[] for _ in range(connections)]
    failures: list[str] = []

    def client(samples: list[float]) -> None:
        # http.client reopens the connection by itself when the server closed it.
        connection = http.client.HTTPConnection(host, port, timeout=60)
        while (started := time.perf_counter()) < deadline:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            samples.append(time.perf_counter() - started)
            if response.status >= 400:
                failures.append(f"{url} answered {response.status}")
                break
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(samples,)) for samples in latencies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if failures:
        raise RuntimeError(failures[0])
    every = sorted(sample for samples in latencies for sample in samples)
    return Load(
        per_second=len(every) / elapsed,
        p50_ms=statistics.median(every) * 1000,
        p99_ms=every[int(len(every) * 0.99)] * 1000,
    )


def split_url(url: str) -> tuple[str, int, str]:
    address, _, path = url.removeprefix("http://").partition("/")
    host, _, port = address.partition(":")
    return host, int(port or 80), "/" + path


def one_at_a_time(url: str, *, samples: int, before_each=None) -> tuple[float, list[str]]:
    """The median latency in ms of `samples` sequential GETs, each after `before_each()` (not
    timed), and the X-Page-Cache header of each answer ("-" when absent)."""
    host, port, path = split_url(url)
    connection = http.client.HTTPConnection(host, port, timeout=60)
    timings, cache_states = [], []
    for _ in range(samples):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append(time.perf_counter() - started)
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
        cache_states.append(response.getheader("X-Page-Cache") or "-")
    connection.close()
    return statistics.median(timings) * 1000, cache_states
