"""Importing registry spreadsheets: one code path for the admin, the command line and the worker.

A file applies whole or not at all: any bad row rejects it, and the report names every bad row
and column. Re-importing the same file changes nothing.

The rows are imported a chunk at a time (the resource's `rows_per_chunk`), all in one
transaction that is rolled back on a dry run or any problem, so memory does not grow with the
file while a later chunk's error still undoes the earlier ones.
"""

import gc
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext as _
from import_export.results import RowResult

from civicgrid.versions import bumps_deferred
from governance import registry_types
from governance.models.tally_summaries import changes_gathered as summary_changes_gathered
from governance.permissions import IMPORT, scope_for
from governance.resources.base import ImportAudit, sheet_row
from governance.spreadsheets.reading import PROBLEMS_KEPT, RowProblem, Sheet


@dataclass
class ImportReport:
    type_key: str
    dry_run: bool
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The first rows of each kind ("new", "updated"): {"row", "record", "changes": {column:
    # [before, after]}}, so a preview shows what a confirm would change.
    samples: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_errors

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        problems = [RowProblem(**p) for p in data.get("problems", [])]
        return cls(**{**data, "problems": problems})

    def lines(self) -> list[str]:
        """The report as plain lines, for the command line."""
        lines = list(self.file_errors)
        lines += [problem_line(p) for p in self.problems]
        return lines


def problem_line(problem: RowProblem) -> str:
    if problem.place:
        return _("%(place)s: %(message)s") % asdict(problem)
    if problem.column:
        return _("row %(row)d, column “%(column)s”: %(message)s") % asdict(problem)
    return _("row %(row)d: %(message)s") % asdict(problem)


def check_columns(headers: list[str], resource) -> tuple[list[str], list[str]]:
    headers = [h for h in headers if h]
    missing = [c for c in resource.required_columns if c not in headers]
    errors = []
    if missing:
        errors.append(
            _("Missing column(s): %(columns)s. Download the template to see the expected columns.")
            % {"columns": "、".join(missing)}
        )
    unknown = [h for h in headers if h not in resource.known_columns]
    warnings = (
        [_("Ignored unknown column(s): %(columns)s.") % {"columns": "、".join(unknown)}]
        if unknown
        else []
    )
    return errors, warnings


def problems_of(result, resource) -> list[RowProblem]:
    """The problems of the chunk `resource` imported last, at their rows in the file."""
    problems = []
    for invalid in result.invalid_rows:
        number = resource.row_numbers[invalid.number - 1]
        place = resource.place_of(number)
        for attribute, messages in invalid.error_dict.items():
            column = "" if attribute == NON_FIELD_ERRORS else resource.column_of(attribute)
            for message in messages:
                problems.append(RowProblem(sheet_row(number), column, str(message), place))
    for chunk_number, errors in result.row_errors():
        number = resource.row_numbers[chunk_number - 1]
        for error in errors:
            problems.append(
                RowProblem(sheet_row(number), "", str(error.error), resource.place_of(number))
            )
    return problems


def file_error_of(error: Exception) -> str:
    """What a write the database refused means for the file (the whole file is rolled back)."""
    if isinstance(error, IntegrityError):
        return _(
            "A record in the file clashes with one saved while it was being imported (someone "
            "entered or imported the same record at the same time). Nothing was written: "
            "import the file again."
        )
    if isinstance(error, DatabaseError):
        return _(
            "The database could not finish the import (another write got in its way). "
            "Nothing was written: import the file again in a moment."
        )
    return str(error)


def problem_order(problem: RowProblem) -> tuple:
    return (problem.row, problem.column)


def registry_import(
    *,
    type_key: str,
    sheet: Sheet,
    user,
    dry_run: bool,
    progress: Callable[[int], None] | None = None,
    job=None,
) -> ImportReport:
    """Imports `sheet` as registry `type_key`; `user` None means the server operator. Every row
    written gets a log entry naming `job` (the ImportJob, None from the command line).

    Cells the sheet could not read as values (formulas) in columns the import uses reject the
    file like any bad cell; the rows are still checked so the report lists everything at once.
    An .xlsx sheet finds those cells as the import reads it (`Sheet.chunks`), so they are
    taken chunk by chunk and, like any problem, roll the file back at the end.
    """
    if user is not None and not scope_for(user).allows_anywhere(IMPORT):
        raise PermissionDenied(_("You may not import registry data."))
    resource = registry_types.get(type_key).resource(user=user)
    resource.progress = progress
    report = ImportReport(type_key=type_key, dry_run=dry_run, total=len(sheet))
    report.file_errors, report.warnings = check_columns(sheet.headers, resource)
    if report.file_errors:
        return report
    cells = CellProblems(sheet, resource.imported_columns)
    kept = Kept(report)
    kept.add(cells.new())
    writes = not dry_run and not cells.unreadable
    if writes:
        resource.audit = ImportAudit(
            user=user,
            job_id=job.pk if job is not None else None,
            file_name=job.file_name if job is not None else "",
        )
    resource.start_file(dry_run=not writes)
    # Rows saved one by one bump their subtrees through signals, bulk batches by the
    # resource: gathered, so each subtree is bumped once for the file. Tally summaries move
    # once at the end, in key order, so two imports at once wait rather than deadlock.
    with (
        collector_spared(),
        bumps_deferred(),
        transaction.atomic(),
        summary_changes_gathered(),
    ):
        for chunk in sheet.chunks(resource.rows_per_chunk):
            kept.add(cells.new())
            result = resource.import_chunk(chunk)
            add_totals(report, result.totals)
            kept.add(p for p in problems_of(result, resource) if not cells.repeats(p))
            kept.not_listed += result.problems_not_kept
            if result.base_errors:  # the transaction cannot go on after a refused write
                report.file_errors += [file_error_of(e.error) for e in result.base_errors]
                break
        if not writes or not report.ok:
            transaction.set_rollback(True)
    report.total = len(sheet)
    kept.not_listed += sheet.problems_not_kept
    report.warnings += resource.warnings
    report.samples = resource.samples
    if kept.not_listed:
        report.file_errors.append(
            _("%(count)d more problems are not listed.") % {"count": kept.not_listed}
        )
    return report


_spared_lock = threading.Lock()
_spared_imports = 0


@contextmanager
def collector_spared():
    """The objects alive before the import (Django's, Wagtail's, the loaded code's: about
    230,000) are frozen out of the garbage collector's sight while it runs (`gc.freeze`).

    An import makes objects that live through a chunk of rows (the chunk's records), so the
    collector makes a full collection every few chunks, and each went through every object of
    the process: at 200,000 rows about a sixth of the import's time, the more so the longer the
    file. Frozen objects are still freed when nothing refers to them; only reference cycles
    among them wait for the end of the import. Imports running at once in threads unfreeze
    when the last one ends."""
    global _spared_imports
    with _spared_lock:
        if _spared_imports == 0:
            gc.freeze()
        _spared_imports += 1
    try:
        yield
    finally:
        with _spared_lock:
            _spared_imports -= 1
            if _spared_imports == 0:
                gc.unfreeze()


def add_totals(report: ImportReport, totals: dict) -> None:
    report.new += totals.get(RowResult.IMPORT_TYPE_NEW, 0)
    report.updated += totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
    report.unchanged += totals.get(RowResult.IMPORT_TYPE_SKIP, 0)
    report.error_rows += totals.get(RowResult.IMPORT_TYPE_ERROR, 0) + totals.get(
        RowResult.IMPORT_TYPE_INVALID, 0
    )


class CellProblems:
    """The sheet's problems with cells it could not read as values (formulas), in the columns
    the import uses, taken as the sheet finds them."""

    def __init__(self, sheet: Sheet, columns: set[str]):
        self.sheet = sheet
        self.columns = columns
        self.taken = 0
        #: (row, column) of each: a formula cell was read as empty, and the "may not be
        #: empty" that follows would only repeat it
        self.unreadable: set[tuple[int, str]] = set()

    def new(self) -> list[RowProblem]:
        found = self.sheet.problems[self.taken :]
        self.taken = len(self.sheet.problems)
        problems = [p for p in found if p.column in self.columns]
        self.unreadable.update((p.row, p.column) for p in problems)
        return problems

    def repeats(self, problem: RowProblem) -> bool:
        return (problem.row, problem.column) in self.unreadable


@dataclass
class Kept:
    """The report's problems in row order, the first PROBLEMS_KEPT of them; the others counted.

    Chunks come in row order, so the first kept stay the first of the file."""

    report: ImportReport
    not_listed: int = 0

    def add(self, problems) -> None:
        listed = self.report.problems
        listed += problems
        listed.sort(key=problem_order)
        self.not_listed += max(len(listed) - PROBLEMS_KEPT, 0)
        del listed[PROBLEMS_KEPT:]
