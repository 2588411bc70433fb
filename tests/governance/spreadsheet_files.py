"""Hostile and awkward spreadsheet files for tests and benchmarks, built without inflating them
in memory."""

import io
import zipfile

from tests.governance.spreadsheets import xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
SHARED_STRINGS = "xl/sharedStrings.xml"
SHEET_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_CLOSE = b"</sheetData></worksheet>"


def inline_row(number: int, *values: str) -> bytes:
    cells = b"".join(
        b'<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>'
        % (chr(ord("A") + index).encode(), number, value.encode())
        for index, value in enumerate(values)
    )
    return b'<row r="%d">%s</row>' % (number, cells)


def replace_parts(content: bytes, parts: dict[str, object]) -> bytes:
    """A copy of the workbook `content` with some parts replaced. A part's new content is bytes,
    or an iterable of byte chunks written one by one (so huge parts never sit in memory)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename in parts:
                continue
            target.writestr(item, source.read(item.filename))
        for name, body in parts.items():
            with target.open(name, "w", force_zip64=True) as handle:
                for chunk in [body] if isinstance(body, bytes) else body:
                    handle.write(chunk)
    return buffer.getvalue()


def people_workbook(rows=(("410101001001001", "张三", "网格员"),)) -> bytes:
    return xlsx_bytes(["网格编码", "姓名", "角色"], [list(row) for row in rows])


def shared_strings_bomb(inflated_mb: int) -> bytes:
    """A small workbook whose shared strings inflate to `inflated_mb` megabytes."""
    chunk = b"<si><t>" + b"A" * (1024 * 1024 - 16) + b"</t></si>"

    def body():
        yield b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for _ in range(inflated_mb):
            yield chunk
        yield b"</sst>"

    return replace_parts(people_workbook(), {SHARED_STRINGS: body()})


def empty_rows_workbook(empty_rows: int) -> bytes:
    """A title row, then `empty_rows` rows with nothing in them, then one real row."""

    def body():
        yield SHEET_OPEN + inline_row(1, "网格编码", "姓名", "角色")
        batch = []
        for number in range(2, empty_rows + 2):
            batch.append(b'<row r="%d"/>' % number)
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)
        yield inline_row(empty_rows + 2, "410101001001001", "张三", "网格员") + SHEET_CLOSE

    return replace_parts(people_workbook(), {SHEET: body()})


def sheet_workbook(*rows: bytes) -> bytes:
    """A workbook whose first sheet is exactly these <row> elements."""
    return replace_parts(people_workbook(), {SHEET: SHEET_OPEN + b"".join(rows) + SHEET_CLOSE})


def with_damaged_part(content: bytes, name: str) -> bytes:
    """The workbook with a few bytes in the middle of one part's compressed data changed, as a
    forged size or a bad copy leaves it."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    data = bytearray(content)
    header = info.header_offset
    name_length = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_length = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_length + extra_length
    middle = start + info.compress_size // 2
    data[middle : middle + 4] = bytes(b ^ 0xFF for b in data[middle : middle + 4])
    return bytes(data)
