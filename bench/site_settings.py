"""The site's production settings as the HTTP benchmarks serve them: only the collected static
files move to a folder of the benchmark's own (base.py fixes STATIC_ROOT inside the checkout)."""

import os

from civicgrid.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
