"""The home page served vs a trivial Django view, in the same process."""

from bench.harness import measure_requests, report_pair


def run():
    baseline = measure_requests("trivial view", "/bench/trivial/")
    home = measure_requests("home page", "/")
    return [report_pair("Home page", home, baseline)]
