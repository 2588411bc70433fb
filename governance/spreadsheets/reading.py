"""Reading uploaded .xlsx and .csv files into rows, with caps and clear refusals.

An .xlsx file is a zip archive of XML parts, and a small file can inflate to gigabytes. Nothing
is inflated before the archive's directory has been checked (member count, unpacked sizes and
compression ratios), and nothing is handed to openpyxl before a streaming scan of the sheet has
counted its rows and cells and the shared strings have been measured. Every limit is a setting.
"""

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from xml.etree.ElementTree import iterparse
from xml.parsers import expat

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from governance.spreadsheets.cells import FormulaCell

logger = logging.getLogger(__name__)
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# What reading a damaged or forged archive's parts can raise.
UNREADABLE_ARCHIVE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError)
SHARED_STRINGS = "xl/sharedStrings.xml"
# The elements of a worksheet cell that hold something: a value, a formula, an inline text.
VALUE_ELEMENTS = frozenset({"v", "f", "is"})
# Elements a worksheet may have after its rows (the schema's order); none can be in a cell.
AFTER_THE_ROWS = frozenset(
    {
        "sheetCalcPr",
        "sheetProtection",
        "protectedRanges",
        "scenarios",
        "autoFilter",
        "sortState",
        "dataConsolidate",
        "customSheetViews",
        "mergeCells",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "customProperties",
        "cellWatches",
        "ignoredErrors",
        "smartTags",
        "drawing",
        "legacyDrawing",
        "legacyDrawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
    }
)
HEADER_ROWS = 1
MB = 1024 * 1024
DATA_TAG = f"{{{SHEET_MAIN_NS}}}sheetData"
# Small parts (styles, themes) can compress far better than data without being dangerous.
RATIO_CHECK_FROM_BYTES = 1 * MB
# A report lists at most this many problems and counts the others, so that a file of
# 200,000 bad rows costs no list of 200,000 messages.
PROBLEMS_KEPT = 500


class SpreadsheetError(ValueError):
    """The file cannot be read as a registry sheet; the message says why, in Chinese."""


@dataclass
class RowProblem:
    row: int  # the row number as the spreadsheet shows it (titles are row 1)
    column: str
    message: str
    #: where the problem is when a row is not a spreadsheet row ("第3个要素（编码 …）")
    place: str = ""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * MB
    max_rows: int = 100_000
    max_columns: int = 200
    max_cell_chars: int = 5_000
    max_members: int = 500
    max_member_bytes: int = 64 * MB
    max_unpacked_bytes: int = 128 * MB
    max_shared_bytes: int = 32 * MB
    max_shared_strings: int = 500_000
    max_ratio: int = 100

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            max_columns=settings.IMPORT_MAX_COLUMNS,
            max_cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            max_member_bytes=settings.IMPORT_MAX_UNPACKED_PART_BYTES,
            max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            max_shared_bytes=settings.IMPORT_MAX_SHARED_STRINGS_BYTES,
            max_shared_strings=settings.IMPORT_MAX_SHARED_STRINGS,
        )


@dataclass
class Chunk:
    """Consecutive rows of a sheet, as import-export takes them."""

    dataset: tablib.Dataset
    #: each row's number among the rows under the titles (so its sheet row is one more): empty
    #: rows are skipped, so the numbers are not always consecutive
    numbers: list[int]


@dataclass
class Sheet:
    """The imported sheet's titles, a way to read its rows again, and the cells that hold no plain
    value. The rows are read on demand, a chunk at a time, so a file costs the same memory
    whatever its length: `rows()` yields (sheet row number, cells) for each row that is not
    empty, each as wide as the titles."""

    headers: list[str]
    rows: Callable[[], Iterator[tuple[int, list]]]
    #: how many rows are not empty (before the first read of an .xlsx sheet, as its scan
    #: counted them)
    height: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    #: problems past the first PROBLEMS_KEPT, counted, not kept
    problems_not_kept: int = 0
    #: set while the rows have not been read through: `rows` taking a callback for the
    #: problems found on the way (formula cells). The first `chunks` reads with it, counting
    #: the rows and gathering the problems as the import goes, so the file is read once.
    first_read: Callable[..., Iterator[tuple[int, list]]] | None = None

    def __len__(self) -> int:
        return self.height

    def chunks(self, size: int | None) -> Iterator[Chunk]:
        """The rows `size` at a time (all at once for None). A chunk's rows have been read, and
        their problems added, when it is handed out."""
        if self.first_read is None:
            rows = self.rows()
        else:
            rows = self.counted(self.first_read(self.add_problem))
            self.first_read = None
        while batch := list(islice(rows, size)):
            yield Chunk(
                tablib.Dataset(*(cells for _, cells in batch), headers=self.headers),
                [number - HEADER_ROWS for number, _ in batch],
            )

    def counted(self, rows: Iterator) -> Iterator:
        height = 0
        for row in rows:
            height += 1
            yield row
        self.height = height

    def add_problem(self, problem: RowProblem) -> None:
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)
        else:
            self.problems_not_kept += 1


def refuse_oversized(content: bytes, limits: Limits) -> None:
    if len(content) > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": len(content) / MB, "limit": limits.max_bytes / MB}
        )


def check_upload(content: bytes, file_name: str, *, limits: Limits | None = None) -> None:
    """The checks that cost nothing: size, type and, for .xlsx, the archive's directory.

    The web request runs these before it stores an upload; the full read runs in the worker.
    """
    limits = limits or Limits.from_settings()
    refuse_oversized(content, limits)
    name = file_name.lower()
    if name.endswith(".xlsx"):
        check_archive(content, limits)
    elif not name.endswith(".csv"):
        raise SpreadsheetError(_("Only .xlsx and .csv files can be imported."))


def read_spreadsheet(content: bytes, file_name: str, *, limits: Limits | None = None) -> Sheet:
    """Checks the file, keeping none of its rows; the import reads them (`Sheet.chunks`).

    A .csv file is read through here, so every refusal comes before the import. An .xlsx file
    is refused here for everything its XML scan measures (parts, rows, columns), and read
    through here only when the scan saw a cell that may be too long (for the refusal to name
    its row and column); otherwise the import's own read is the only one, and what it finds
    (formula cells, a cell past the caps the scan missed) still rejects the file before its
    transaction commits."""
    limits = limits or Limits.from_settings()
    check_upload(content, file_name, limits=limits)
    scan = None
    if file_name.lower().endswith(".xlsx"):
        scan = imported_scan(content, check_parts(content, limits), limits)

        def raw_rows():
            return xlsx_rows(content, limits)

    else:

        def raw_rows():
            return csv_rows(content)

    raw = raw_rows()
    headers = without_trailing_blanks(next(raw, None) or [])
    if not headers:
        raise SpreadsheetError(_("The sheet is empty: the first row must hold the column titles."))
    check_width(headers, 1, limits)
    headers = [str(h).strip() if h is not None else "" for h in headers]
    # A template sent back unfilled would otherwise "succeed" with nothing to confirm.
    if next(checked_rows(raw, headers, limits), None) is None:
        raise SpreadsheetError(_("The sheet has titles but no rows below them: nothing to import."))
    raw.close()

    def rows(on_formula=None):
        raw = raw_rows()
        next(raw)
        return checked_rows(raw, headers, limits, on_formula)

    sheet = Sheet(headers, rows)
    if scan is not None and not scan.long_cells:
        sheet.height = scan.data_rows
        sheet.first_read = rows
        return sheet
    for _row in rows(on_formula=sheet.add_problem):
        sheet.height += 1
    return sheet


def checked_rows(rows, headers: list[str], limits: Limits, on_formula=None) -> Iterator:
    """(sheet row number, cells) of the rows under the titles that are not empty, as wide as the
    titles; formula cells are read as empty and passed to `on_formula` as problems."""
    width = len(headers)
    # Every row read counts against the cap, empty or not: a file of empty rows is no cheaper.
    for row_number, row in enumerate(rows, start=HEADER_ROWS + 1):
        if row_number > limits.max_rows + HEADER_ROWS:
            raise too_many_rows(limits)
        check_width(row, row_number, limits)
        if all(cell in (None, "") for cell in row):
            continue
        cells = list(row[:width]) + [None] * (width - len(row))
        for index, cell in enumerate(cells):
            if isinstance(cell, FormulaCell):
                if on_formula is not None:
                    on_formula(formula_problem(cell, row_number, headers[index], index))
                cells[index] = None
            elif isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise SpreadsheetError(
                    _(
                        "Row %(row)d, column “%(column)s” holds %(length)d characters; "
                        "a cell may hold at most %(limit)d."
                    )
                    % {
                        "row": row_number,
                        "column": headers[index] or get_column_letter(index + 1),
                        "length": len(cell),
                        "limit": limits.max_cell_chars,
                    }
                )
        yield row_number, cells


def check_width(row, row_number: int, limits: Limits) -> None:
    if len(row) > limits.max_columns and any(
        cell not in (None, "") for cell in row[limits.max_columns :]
    ):
        raise SpreadsheetError(
            _("Row %(row)d has more than %(limit)d columns.")
            % {"row": row_number, "limit": limits.max_columns}
        )


def without_trailing_blanks(row) -> list:
    """A title row as wide as its last title: spreadsheets often carry empty columns after it."""
    cells = list(row)
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def too_many_rows(limits: Limits) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file has more than %(limit)d rows (empty rows count too); "
            "delete the empty rows or split it into smaller files."
        )
        % {"limit": limits.max_rows}
    )


def formula_problem(cell: "FormulaCell", row_number: int, header: str, index: int) -> RowProblem:
    return RowProblem(
        row_number,
        header,
        _(
            "Cell %(cell)s holds a formula (%(formula)s); imports take values only: "
            "copy the column and paste it back as values."
        )
        % {"cell": f"{get_column_letter(index + 1)}{row_number}", "formula": cell.formula[:60]},
    )


# -- .xlsx ---------------------------------------------------------------------------------------
def check_archive(content: bytes, limits: Limits) -> None:
    """Refuses archives whose parts would inflate past the caps, before inflating anything.

    The sizes checked are those the archive declares; zipfile never inflates a part past its
    declared size, so a lying archive fails its CRC check instead of growing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise not_a_workbook(error) from error
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_members:
            raise SpreadsheetError(
                _("The workbook has %(count)d parts; a spreadsheet has far fewer.")
                % {"count": len(members)}
            )
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > limits.max_member_bytes or total > limits.max_unpacked_bytes:
                raise SpreadsheetError(
                    _(
                        "Unpacked, the workbook is larger than %(limit).0f MB (part %(part)s); "
                        "split it into smaller files."
                    )
                    % {
                        "limit": min(limits.max_member_bytes, limits.max_unpacked_bytes) / MB,
                        "part": member.filename,
                    }
                )
            if member.filename == SHARED_STRINGS and member.file_size > limits.max_shared_bytes:
                raise SpreadsheetError(
                    _(
                        "Unpacked, the workbook's texts take more than %(limit).0f MB; split it "
                        "into smaller files."
                    )
                    % {"limit": limits.max_shared_bytes / MB}
                )
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size >= RATIO_CHECK_FROM_BYTES and ratio > limits.max_ratio:
                raise SpreadsheetError(
                    _(
                        "The part %(part)s of the workbook is compressed %(ratio)d times; "
                        "spreadsheets are never compressed more than %(limit)d times, so "
                        "the file is refused as a possible zip bomb."
                    )
                    % {"part": member.filename, "ratio": ratio, "limit": limits.max_ratio}
                )


def not_a_workbook(error: Exception) -> SpreadsheetError:
    logger.info("unreadable workbook: %r", error)
    return SpreadsheetError(_("The file is not a readable .xlsx workbook."))


class ScanStopped(Exception):
    """A scan has seen enough of its part (`WorksheetScan.stop`)."""


class SafeXmlScan:
    """A streaming pass over one XML part that keeps nothing in memory.

    Expat calls back per element; document type declarations (and so entity tricks) are refused.
    """

    def __init__(self):
        self.parser = expat.ParserCreate()
        self.parser.StartDoctypeDeclHandler = self.refuse_doctype
        self.parser.EntityDeclHandler = self.refuse_doctype

    @staticmethod
    def refuse_doctype(*args):
        raise SpreadsheetError(_("The workbook holds XML declarations a spreadsheet never has."))

    def feed(self, handle) -> None:
        try:
            while chunk := handle.read(256 * 1024):
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise not_a_workbook(error) from error
        except ScanStopped:
            pass


class WorksheetScan(SafeXmlScan):
    """Counts rows (by count and by their stated numbers) and cells per row; parts that are not
    sheets have neither. Also counts the rows under the titles that hold a value, and notes
    whether a cell may be longer than a cell may be: when the bytes from one cell's start to
    what follows it (a cell, a row, what comes after the rows) are more than the cap on a
    cell's characters (a character is at least a byte), without a callback for every text."""

    def __init__(self, limits: Limits):
        super().__init__()
        self.limits = limits
        self.rows = 0
        self.cells_in_row = 0
        #: rows after the first that hold a value, a formula or a text
        self.data_rows = 0
        self.row_number = 0
        self.row_counted = False
        self.cell_start: int | None = None
        self.long_cells = False
        #: why the part cannot be imported (too many rows or columns), noted rather than
        #: raised: only the sheet the import reads is held to the caps
        self.refusal: SpreadsheetError | None = None
        self.parser.StartElementHandler = self.start

    def measure_cell(self) -> None:
        """Ends the cell that began at `cell_start`, if one did."""
        if self.cell_start is not None:
            if self.parser.CurrentByteIndex - self.cell_start > self.limits.max_cell_chars:
                self.long_cells = True
            self.cell_start = None

    def feed(self, handle) -> None:
        super().feed(handle)
        self.measure_cell()

    def stop(self, refusal: SpreadsheetError):
        """Notes why the part cannot be imported and reads no further: past a cap it is
        refused if it is the imported sheet and never read if it is not (a DOCTYPE comes
        before the rows, so none can follow)."""
        self.refusal = refusal
        raise ScanStopped

    def start(self, name, attributes):
        local = name.rpartition(":")[2]
        if local in VALUE_ELEMENTS:
            if not self.row_counted and self.row_number > HEADER_ROWS:
                self.data_rows += 1
            self.row_counted = True
        elif local == "row":
            self.measure_cell()
            self.rows += 1
            self.cells_in_row = 0
            self.row_counted = False
            stated = attributes.get("r", "")
            self.row_number = int(stated) if stated.isdigit() else self.row_number + 1
            last_allowed = self.limits.max_rows + HEADER_ROWS
            if self.rows > last_allowed or self.row_number > last_allowed:
                self.stop(too_many_rows(self.limits))
        elif local in AFTER_THE_ROWS:
            self.measure_cell()
        elif local == "c":
            self.measure_cell()
            self.cell_start = self.parser.CurrentByteIndex
            self.cells_in_row += 1
            # openpyxl widens a row to its last cell's column, so A1 and XFD1 make 16384 cells.
            letters = attributes.get("r", "").rstrip("0123456789")
            try:
                column = column_index_from_string(letters) if letters else self.cells_in_row
            except ValueError as error:
                raise not_a_workbook(error) from error
            if max(column, self.cells_in_row) > self.limits.max_columns:
                self.stop(
                    SpreadsheetError(
                        _("Row %(row)d has more than %(limit)d columns.")
                        % {"row": self.rows, "limit": self.limits.max_columns}
                    )
                )


class SharedStringsScan(SafeXmlScan):
    """Measures each shared string, so no oversized text reaches openpyxl."""

    def __init__(self, limits: Limits):
        super().__init__()
        self.limits = limits
        self.length = 0
        self.count = 0
        self.parser.StartElementHandler = self.start
        self.parser.CharacterDataHandler = self.text

    def start(self, name, attributes):
        if name.rpartition(":")[2] == "si":
            self.length = 0
            self.count += 1
            # openpyxl keeps every shared string in a list and a dict: their number, more than
            # their size, decides the memory a file costs.
            if self.count > self.limits.max_shared_strings:
                raise SpreadsheetError(
                    _(
                        "The workbook holds more than %(limit)d different texts; split it into "
                        "smaller files."
                    )
                    % {"limit": self.limits.max_shared_strings}
                )

    def text(self, data):
        self.length += len(data)
        if self.length > self.limits.max_cell_chars:
            raise SpreadsheetError(
                _("A cell of the file holds more than %(limit)d characters.")
                % {"limit": self.limits.max_cell_chars}
            )


def check_parts(content: bytes, limits: Limits) -> dict[str, "WorksheetScan"]:
    """Scans every XML part before openpyxl sees the file: openpyxl loads all shared strings as
    soon as it opens a workbook. Returns the scan of each part that is not the shared strings,
    by its name in the archive."""
    scans = {}
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                if not name.endswith(".xml"):
                    continue
                shared = name == SHARED_STRINGS
                scan = SharedStringsScan(limits) if shared else WorksheetScan(limits)
                with archive.open(name) as handle:
                    scan.feed(handle)
                if not shared:
                    scans[name] = scan
    except UNREADABLE_ARCHIVE as error:
        # A part that does not inflate to what the archive says (a forged size, a bad CRC).
        raise not_a_workbook(error) from error
    return scans


def scan_part(content: bytes, name: str, scan: SafeXmlScan) -> SafeXmlScan:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(name) as handle:
            scan.feed(handle)
    except UNREADABLE_ARCHIVE as error:
        raise not_a_workbook(error) from error
    return scan


def imported_scan(content: bytes, scans: dict[str, "WorksheetScan"], limits: Limits):
    """The scan of the sheet the import reads, refused when it passes a cap on rows or
    columns. The other sheets are never read, so their size does not matter. A sheet whose
    part `check_parts` passed over (a name not ending in .xml) is scanned now."""
    part = imported_sheet_part(content)
    scan = scans.get(part)
    if scan is None:
        scan = scan_part(content, part, WorksheetScan(limits))
    if scan.refusal is not None:
        raise scan.refusal
    return scan


def imported_sheet(workbook):
    """The sheet an import reads: the first visible worksheet, the first tab a clerk sees in
    Excel. A hidden sheet (an old list kept out of the way) is passed over, and a workbook
    whose every sheet is hidden is refused rather than guessed at."""
    if not workbook.worksheets:
        raise SpreadsheetError(_("The workbook has no sheet."))
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "visible":
            return sheet
    raise SpreadsheetError(
        _(
            "Every sheet of the workbook is hidden: show the sheet to import (right-click a "
            "sheet tab, Unhide) and upload the file again."
        )
    )


def imported_sheet_part(content: bytes) -> str:
    """The archive name of the sheet imports read (`imported_sheet`)."""
    workbook = opened_workbook(content)
    try:
        return imported_sheet(workbook)._worksheet_path
    finally:
        workbook.close()


class UnsizedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that is not measured on opening. openpyxl looks for the size a sheet
    states before its rows, and a sheet that states none (openpyxl's own write-only files) it
    parses whole to find the end of its rows: a full extra read of such a file. The rows
    are read with the stated size ignored anyway (`sheet_values`)."""

    def _get_size(self):
        pass


class RowsReader(ExcelReader):
    """openpyxl's read-only workbook reader, opening its worksheets unmeasured and skipping
    chart sheets (an import reads one worksheet, `imported_sheet`)."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def open_workbook(content: bytes):
    reader = RowsReader(io.BytesIO(content), read_only=True, data_only=False)
    reader.read()
    return reader.wb


def opened_workbook(content: bytes):
    try:
        return open_workbook(content)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise not_a_workbook(error) from error


def xlsx_rows(content: bytes, limits: Limits):
    workbook = opened_workbook(content)
    try:
        yield from sheet_values(workbook, imported_sheet(workbook))
    except UNREADABLE_ARCHIVE as error:
        raise not_a_workbook(error) from error
    finally:
        workbook.close()


def sheet_values(workbook, sheet: UnsizedWorksheet) -> Iterator[tuple]:
    """The sheet's rows as values (formula cells as FormulaCell), each as wide as its last cell,
    a missing row as (). openpyxl's own rows would make an object of every cell first. The
    stated dimensions are not read: they may be forged (A1:XFD1048576), and without them
    nothing is padded and the rows stop at the last one that is really there."""
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        expected = 1
        for number, cells in values_or_refusal(parser):
            if number < expected:  # a row stated again, or out of order: openpyxl skips it
                continue
            while expected < number:
                expected += 1
                yield ()
            expected += 1
            width = cells[-1]["column"] if cells else 0
            values = [None] * width
            for cell in cells:
                column = cell["column"]
                if 1 <= column <= width:
                    value = cell["value"]
                    if cell["data_type"] == "f":
                        value = FormulaCell(str(value))
                    values[column - 1] = value
            yield tuple(values)


def sheet_rows(parser: WorkSheetParser) -> Iterator[tuple[int, list]]:
    """openpyxl's `WorkSheetParser.parse`, rows only, each row parsed by openpyxl's own
    `parse_row`, with two differences that matter at city size:

    - Each row read is dropped from the tree. openpyxl clears a row but leaves it in the
      sheet's element, so a sheet of 200,000 rows kept 200,000 elements alive until its end,
      and every full garbage collection of the import went through all of them.
    - The standard library's parser (expat, in C) reads the sheet, not defusedxml's parser
      (Python code called for each element): `check_parts` has already read this very part
      with expat and refused any DOCTYPE, so no entity can be declared in it.

    What `parse` does besides rows (column widths, merged cells, print settings) an import
    never reads."""
    sheet_data = None
    for event, element in iterparse(parser.source, events=("start", "end")):
        if event == "start":
            if sheet_data is None and element.tag == DATA_TAG:
                sheet_data = element
        elif element.tag == ROW_TAG:
            row = parser.parse_row(element)
            if sheet_data is not None:
                sheet_data.clear()  # the rows before this one have been cleared already
            yield row


def values_or_refusal(parser: WorkSheetParser) -> Iterator:
    """The parser's rows; a cell whose value cannot be what its type says (a number that is not
    one or too long for Python to read, a shared text that is not there) is a refusal naming
    the cell, not a ValueError from inside openpyxl."""
    rows = sheet_rows(parser)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except (ValueError, IndexError, TypeError, OverflowError) as error:
            logger.info("unreadable cell value: %r", error)
            raise SpreadsheetError(
                _("Cell %(cell)s holds a value that cannot be read as its type says.")
                % {"cell": f"{get_column_letter(max(parser.col_counter, 1))}{parser.row_counter}"}
            ) from error
        yield row


# -- .csv ----------------------------------------------------------------------------------------
def csv_rows(content: bytes):
    for encoding in CSV_ENCODINGS:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("The .csv file is neither UTF-8 nor GB18030 text."))
    # A byte-order mark may survive conversion to GB18030 as U+FEFF: drop it.
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise SpreadsheetError(_("The .csv file contains binary data."))
    reader = csv.reader(io.StringIO(text))
    try:
        yield from reader
    except csv.Error as error:
        logger.info("unreadable csv row %d: %s", reader.line_num, error)
        raise SpreadsheetError(
            _(
                "Row %(row)d of the .csv file cannot be read: a cell is far too long or its "
                "quotation marks do not pair."
            )
            % {"row": reader.line_num}
        ) from error
