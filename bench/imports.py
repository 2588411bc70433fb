"""Importing 50,000 people from .xlsx: our import (validation, natural keys, normalising,
whole-or-nothing) against openpyxl read-only + a raw bulk_create of the same rows."""

import io
import time
import tracemalloc

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from governance.models import Grid, GridLevel, Person, Role
from governance.services.imports import registry_import
from governance.spreadsheets.reading import read_spreadsheet

ROWS = 50_000
HEADERS = ["网格编码", "网格名称", "姓名", "角色", "电话", "电话公开", "派出单位", "开始日期"]


def build_file(grids, role) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("人员")
    sheet.append(HEADERS)
    for i in range(ROWS):
        grid = grids[i % len(grids)]
        sheet.append(
            [
                grid.code,
                grid.name,
                f"居民{i:05d}",
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


def baseline(content: bytes, grids_by_code, role) -> int:
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


def run():
    grids = list(Grid.objects.filter(level=GridLevel.GRID).order_by("code"))
    role = Role.objects.get(name="网格员")
    content = build_file(grids, role)
    grids_by_code = {g.code: g for g in grids}
    print(f"file: {ROWS:,} rows, {len(content) / 1e6:.1f} MB, {len(grids)} grids")

    timings = {"ours": [], "baseline": []}
    for _ in range(2):
        for name, job in (
            ("baseline", lambda: baseline(content, grids_by_code, role)),
            ("ours", lambda: ours(content)),
        ):
            Person.objects.filter(name__startswith="居民").delete()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                created = job()
            timings[name].append(time.perf_counter() - started)
            assert created == ROWS
            if name == "ours":
                query_count = len(queries)
    best = {name: min(values) for name, values in timings.items()}
    print(
        f"import of {ROWS:,} people: ours {best['ours']:.1f} s · openpyxl + bulk_create "
        f"{best['baseline']:.1f} s · ours/baseline = {best['ours'] / best['baseline']:.2f}× "
        f"({query_count} queries for {ROWS:,} rows)"
    )
    Person.objects.filter(name__startswith="居民").delete()
    tracemalloc.start()
    ours(content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory of our import: {peak / 1e6:.0f} MB")
    Person.objects.filter(name__startswith="居民").delete()
