"""Reading uploaded .xlsx and .csv files into rows, with caps and clear refusals."""

import csv
import io
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class SpreadsheetError(ValueError):
    """The file cannot be read as a registry sheet; the message says why, in Chinese."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=getattr(settings, "IMPORT_MAX_BYTES", 10 * 1024 * 1024),
            max_rows=getattr(settings, "IMPORT_MAX_ROWS", 100_000),
        )


def read_spreadsheet(content: bytes, file_name: str, *, limits: Limits | None = None):
    """Returns a tablib Dataset whose headers are the first row of the first sheet."""
    limits = limits or Limits.from_settings()
    if len(content) > limits.max_bytes:
        raise SpreadsheetError(
            _("The file is %(size).1f MB; the limit is %(limit).0f MB.")
            % {"size": len(content) / 1e6, "limit": limits.max_bytes / 1e6}
        )
    name = file_name.lower()
    if name.endswith(".xlsx"):
        rows = xlsx_rows(content)
    elif name.endswith(".csv"):
        rows = csv_rows(content)
    else:
        raise SpreadsheetError(_("Only .xlsx and .csv files can be imported."))
    headers = next(rows, None)
    if not headers or not any(headers):
        raise SpreadsheetError(_("The sheet is empty: the first row must hold the column titles."))
    headers = [str(h).strip() if h is not None else "" for h in headers]
    dataset = tablib.Dataset(headers=headers)
    width = len(headers)
    for row in rows:
        if row is None or all(cell in (None, "") for cell in row):
            continue
        if len(dataset) >= limits.max_rows:
            raise SpreadsheetError(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": limits.max_rows}
            )
        cells = list(row[:width]) + [None] * (width - len(row))
        dataset.append(cells)
    return dataset


def xlsx_rows(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise SpreadsheetError(
            _("The file is not a readable .xlsx workbook (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    sheet = workbook.worksheets[0]
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


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
    yield from csv.reader(io.StringIO(text))
