"""Large synthetic registries for benchmarks, written in bulk (no per-row validation)."""

import datetime

from django.db import connection

from governance.models import Grid, GridLevel, TallyEntry, TallyKind
from governance.periods import Period
from governance.services.tally_summaries import rebuild


def bulk_tree(*, code: str, streets: int, communities: int, grids: int, micros: int) -> Grid:
    """One district with the given fan-out, paths computed as treebeard would."""
    district = Grid.add_root(name="基准区", code=code, level=GridLevel.DISTRICT)
    rows: list[Grid] = []

    def add_children(parent_path, parent_code, depth, count, level, name):
        children = []
        for number in range(1, count + 1):
            child = Grid(
                name=f"{name}{number}",
                code=f"{parent_code}{number:03d}",
                level=level,
                path=Grid._get_path(parent_path, depth, number),
                depth=depth,
                numchild=0,
            )
            children.append(child)
        rows.extend(children)
        return children

    for street in add_children(district.path, code, 2, streets, GridLevel.STREET, "街道"):
        street.numchild = communities
        for community in add_children(
            street.path, street.code, 3, communities, GridLevel.COMMUNITY, "社区"
        ):
            community.numchild = grids
            for grid in add_children(
                community.path, community.code, 4, grids, GridLevel.GRID, "网格"
            ):
                grid.numchild = micros
                add_children(grid.path, grid.code, 5, micros, GridLevel.MICRO, "微网格")
    Grid.objects.bulk_create(rows, batch_size=5000)
    Grid.objects.filter(pk=district.pk).update(numchild=streets)
    district.refresh_from_db()
    return district


def bulk_tallies(grid_ids: list[int], kinds: list[TallyKind], months: list[Period]) -> int:
    """Writes one entry per grid × kind × month with COPY on PostgreSQL (then rebuilds the tally
    summary), bulk_create elsewhere."""
    now = datetime.datetime.now(datetime.UTC)
    rows = (
        (kind.pk, grid_id, month.start, month.end, (grid_id * 7 + kind.pk + month.start.month) % 23)
        for grid_id in grid_ids
        for kind in kinds
        for month in months
    )
    count = len(grid_ids) * len(kinds) * len(months)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            with cursor.cursor.copy(
                "COPY governance_tallyentry "
                "(kind_id, grid_id, period_start, period_end, value, note, created_at, updated_at)"
                " FROM STDIN"
            ) as copy:
                for kind_id, grid_id, start, end, value in rows:
                    copy.write_row((kind_id, grid_id, start, end, value, "", now, now))
            cursor.execute("ANALYZE governance_tallyentry")
            cursor.execute("ANALYZE governance_grid")
        # COPY goes around the ORM, which keeps the tally summary.
        rebuild()
    else:
        TallyEntry.objects.bulk_create(
            (
                TallyEntry(kind_id=k, grid_id=g, period_start=s, period_end=e, value=v)
                for k, g, s, e, v in rows
            ),
            batch_size=10000,
        )
    return count
