"""Hostile spreadsheets from the command line: a zip bomb (a 0.6 MB .xlsx whose shared strings
inflate to 550 MB) and a file of 3 million empty rows. Each `import_registry --dry-run` runs in
its own process, so its wall time and peak memory are its own; the baseline is the same command
on a valid ten-row file. The admin's upload runs the same checks (the bomb in the request, the
rows in the worker), so these figures hold for both doors."""

import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings

from governance.models import Grid, GridLevel
from governance.spreadsheets.reading import SpreadsheetError, check_upload, read_spreadsheet
from tests.governance.spreadsheet_files import (
    empty_rows_workbook,
    people_workbook,
    shared_strings_bomb,
)

# Runs one command and reports the peak memory of that child alone.
MEASURE = (
    "import resource, subprocess, sys\n"
    "status = subprocess.run(sys.argv[1:], capture_output=True).returncode\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(status, peak)\n"
)


def measure(path: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    output = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURE,
            sys.executable,
            "manage.py",
            "import_registry",
            "people",
            str(path),
            "--dry-run",
        ],
        cwd=settings.BASE_DIR,
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    seconds = time.perf_counter() - started
    return seconds, int(output[0]), int(output[1]) // 1024


def run():
    grid = Grid.objects.filter(level=GridLevel.GRID).order_by("code").first()
    files = {
        "valid, 10 rows (baseline)": people_workbook(
            [(grid.code, f"居民{i}", "网格员") for i in range(10)]
        ),
        "zip bomb, 550 MB inflated": shared_strings_bomb(inflated_mb=550),
        "3,000,000 empty rows": empty_rows_workbook(empty_rows=3_000_000),
    }
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for label, content in files.items():
            path = Path(folder) / "file.xlsx"
            path.write_bytes(content)
            results[label] = (len(content), *measure(path))
    base_seconds, base_peak = (
        results["valid, 10 rows (baseline)"][1],
        results["valid, 10 rows (baseline)"][3],
    )
    print("Command line, one process per file (startup included):")
    print("| file | size | exit | wall time | vs baseline | peak RSS | vs baseline |")
    print("|---|---|---|---|---|---|---|")
    for label, (size, seconds, status, peak) in results.items():
        print(
            f"| {label} | {size / 1e6:.1f} MB | {status} | {seconds:.2f} s | "
            f"{seconds / base_seconds:.2f}× | {peak} MB | {peak / base_peak:.2f}× |"
        )
    print()
    print("In the admin: the upload request runs check_upload, the worker read_spreadsheet:")
    print("| file | step | time | peak Python memory |")
    print("|---|---|---|---|")
    for label, step, call in (
        (
            "zip bomb",
            "upload request",
            lambda: check_upload(files["zip bomb, 550 MB inflated"], "a.xlsx"),
        ),
        (
            "3,000,000 empty rows",
            "worker preview",
            lambda: read_spreadsheet(files["3,000,000 empty rows"], "a.xlsx"),
        ),
    ):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            call()
        except SpreadsheetError:
            pass
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"| {label} | {step} | {seconds * 1000:.0f} ms | {peak / 1e6:.1f} MB |")
