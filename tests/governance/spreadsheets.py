"""Helpers to build spreadsheet files in tests."""

import csv
import io

from openpyxl import Workbook, load_workbook


def xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(headers, rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def read_xlsx(content: bytes):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return list(sheet.iter_rows())
