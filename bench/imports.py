"""Importing people from .xlsx at 50,000 and 200,000 rows: our import (validation, natural keys,
normalising, whole-or-nothing) against openpyxl read-only + a raw bulk_create of the same rows.

Each import runs in a fresh child process (`child`), so its peak memory (the child's own
maximum resident set, from wait4) belongs to that import alone, and no tracer slows it.
Printed: time ours/baseline at each size, and peak memory 200k/50k (the goal: flat in the
file's size, ≤ 1.3×).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from openpyxl import Workbook, load_workbook

from governance.models import Grid, GridLevel, Person, Role
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet

SIZES = (50_000, 200_000)
HEADERS = ["网格编码", "网格名称", "姓名", "角色", "电话", "电话公开", "派出单位", "开始日期"]
ROLE = "网格员"
PROJECT_DIR = Path(__file__).resolve().parent.parent
# The child sets Django up before it imports this module's models.
CHILD = "import sys, django; django.setup(); from bench.imports import child; child(*sys.argv[1:3])"


def build_file(rows: int, grids, role) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员")
    sheet.append(HEADERS)
    for i in range(rows):
        grid = grids[i % len(grids)]
        sheet.append(
            [
                grid.code,
                grid.name,
                f"居民{i:06d}",
                role.name,
                13900000000 + i,
                "否",
                "",
                "2025-01-01",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def baseline(content: bytes) -> int:
    grids_by_code = {g.code: g for g in Grid.objects.filter(level=GridLevel.GRID)}
    role = Role.objects.get(name=ROLE)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    next(rows)
    people = [
        Person(grid=grids_by_code[row[0]], name=row[2], role=role, phone=str(row[4]))
        for row in rows
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    return len(people)


def ours(content: bytes) -> int:
    sheet = read_spreadsheet(content, "people.xlsx")
    report = registry_import(type_key="people", sheet=sheet, user=None, dry_run=False)
    assert report.ok, report.lines()[:5]
    return report.new


def child(job: str, path: str) -> None:
    """One import in this fresh process; prints its numbers as JSON."""
    content = Path(path).read_bytes()
    counter = QueryCounter()
    started = time.perf_counter()
    # Counted, not captured: the captured text of 200,000 inserted rows would be the peak.
    with connection.execute_wrapper(counter):
        created = {"ours": ours, "baseline": baseline}[job](content)
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": created, "seconds": seconds, "queries": counter.queries}))


class QueryCounter:
    def __init__(self):
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def in_child(job: str, path: str) -> dict:
    """Runs `job` in a fresh process; its numbers and its own peak resident set."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR / "site"), str(PROJECT_DIR)]),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, job, path], env=env, stdout=subprocess.PIPE
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status:
        raise RuntimeError(f"{job} import of {path} failed ({status})")
    return {**json.loads(output.splitlines()[-1]), "rss": usage.ru_maxrss * 1024}


def forget_people() -> None:
    """Deletes the imported people in one statement: Django's delete() collects and signals
    them one by one, which took longer than the imports."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{Person._meta.db_table}" WHERE name LIKE %s', ["居民%"])


def run():
    grids = list(Grid.objects.filter(level=GridLevel.GRID).order_by("code"))
    role = Role.objects.get(name=ROLE)
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for rows in SIZES:
            path = Path(workdir) / f"people-{rows}.xlsx"
            path.write_bytes(build_file(rows, grids, role))
            print(f"file: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, {len(grids)} grids")
            for job in ("baseline", "ours"):
                forget_people()
                # Django's own commands start the child on the same database (a file).
                connection.close()
                results[rows, job] = measured = in_child(job, str(path))
                assert measured["rows"] == rows, measured
            forget_people()
            ours_run, raw = results[rows, "ours"], results[rows, "baseline"]
            print(
                f"import of {rows:,} people: ours {ours_run['seconds']:.1f} s · openpyxl + "
                f"bulk_create {raw['seconds']:.1f} s · ours/baseline = "
                f"{ours_run['seconds'] / raw['seconds']:.2f}× ({ours_run['queries']} queries) · "
                f"peak RSS ours {ours_run['rss'] / 1e6:.0f} MB, baseline {raw['rss'] / 1e6:.0f} MB"
            )
    small, large = SIZES
    for job in ("ours", "baseline"):
        rss = results[large, job]["rss"] / results[small, job]["rss"]
        print(f"{job}: peak RSS {large:,} rows / {small:,} rows = {rss:.2f}×")
