"""Reading a spreadsheet someone sent: CSV (any delimiter or encoding Excel writes) or XLSX.

A file is judged by its first bytes, not its name: councils rename things, and
a password-protected workbook or an old .xls looks nothing like an .xlsx inside.
Everything a user can get wrong ends in one ReadinessError with a plain reason.
The result is a `Table`: raw rows, numbered as Excel numbers them, so every
later message can say "row 7".
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop.columns import column_letters

MAX_BYTES = 50 * 1024 * 1024  # a case list or timetable is a few hundred KB; 50 MB is a mistake
# A workbook is a zip of XML. What it unpacks to is what openpyxl holds in memory
# (all shared strings at once), so the declared sizes are checked before reading:
# Python's zipfile never inflates a part past its declared size, so they cannot lie.
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_RATIO = 200  # Excel's XML packs 5-50 times; a zip bomb packs about 1,000 times
RATIO_FROM_BYTES = 8 * 1024 * 1024  # small parts may pack as tightly as they like
CSV_CELL_LIMIT = csv.field_size_limit()  # 131,072 characters
# What an import reads of one sheet: a case list, timetable or evidence index is a few
# thousand rows and a few dozen columns (QS tick columns included).
MAX_ROWS = 100_000
MAX_COLUMNS = 500
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls both use it
ZIP_SIGNATURE = b"PK\x03\x04"
DELIMITERS = (",", ";", "\t")
SAVE_AS_HINT = "open it in Excel and save it as .xlsx (Excel Workbook) or CSV (comma delimited)"
MIXED_MARK = "Windows-1252 after a UTF-8 mark"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


@dataclass
class Table:
    """Rows of one sheet. rows[0] is spreadsheet row 1; blank rows are kept so numbers match Excel."""

    source: str  # file name, plus the sheet name for a workbook
    sheet: str
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)
    hidden: bool = False  # a hidden sheet (its rows are not read)


def read_table(
    path: Path | str,
    *,
    sheet: str | None = None,
    looks_right: Callable[[list[list[Any]]], bool] | None = None,
) -> Table:
    """Read a CSV or XLSX file into a Table.

    For a workbook, `sheet` names the sheet; without it the first sheet whose
    opening rows satisfy `looks_right` is used (so a leading "Instructions"
    sheet does not get in the way), else the first sheet.
    """
    path = Path(path)
    head = _check_file(path)
    if _other_workbook(path, head):  # .xls and .ods: read by calamine
        return pick_sheet(read_workbook(path, _other_workbook(path, head)), sheet, looks_right)
    if head.startswith(OLE_SIGNATURE):
        raise _ole_error(path)
    if head.startswith(ZIP_SIGNATURE):
        return _read_xlsx(path, sheet, looks_right)
    if head.startswith(b"%PDF"):
        raise ReadinessError(f"{path.name} is a PDF, not a spreadsheet", SAVE_AS_HINT)
    if sheet:
        raise ReadinessError(f"{path.name} is a CSV file, which has no sheets; leave out --sheet", field="sheet")
    return _read_csv(path)


def _other_workbook(path: Path, head: bytes) -> str:
    """'xls' or 'ods' for a workbook that is not an .xlsx, else ''."""

    if not head.startswith((OLE_SIGNATURE, ZIP_SIGNATURE)):
        return ""
    kind = workbook_kind(path, head)
    return kind if kind in ("xls", "ods") else ""


def _check_file(path: Path) -> bytes:
    from readiness_app.output_files import check_name_length

    check_name_length(path)
    if not path.exists():
        raise ReadinessError(f"file not found: {path}")
    if path.is_dir():
        raise ReadinessError(f"{path} is a folder; choose a .csv or .xlsx file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadinessError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; the import limit is {MAX_BYTES // 1024 // 1024} MB",
                "a case list or timetable is normally well under 1 MB: check it is the right file, "
                "or remove pictures and unused sheets",
            )
        if size == 0:
            raise ReadinessError(f"{path.name} is empty (0 bytes)")
        with open(path, "rb") as fh:
            return fh.read(8192)
    except OSError as exc:
        raise ReadinessError(f"cannot read {path.name}: {exc.strerror or exc}", "close it in Excel and retry") from None


def _ole_error(path: Path) -> ReadinessError:
    # Both an encrypted .xlsx and a 1997-2003 .xls are OLE compound files; the
    # directory of an encrypted one names an "EncryptionInfo" stream.
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        return ReadinessError(
            f"{path.name} is password-protected, so it cannot be read",
            "open it in Excel, remove the password (File > Info > Protect Workbook), save, and import again",
        )
    return ReadinessError(f"{path.name} is an old-style Excel 97-2003 workbook (.xls)", SAVE_AS_HINT)


# ---------------------------------------------------------------- CSV


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16 (Excel 'Unicode text'), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError:
            # A file saved as UTF-8 and then added to in a Windows-1252 program: its
            # accented letters are single bytes. Read as Windows-1252, never as U+FFFD.
            return _cp1252(data[3:]), MIXED_MARK
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(path, data), "UTF-16"
    if b"\x00" in data[:8192]:
        raise ReadinessError(f"{path.name} is not a spreadsheet (it holds binary data)", SAVE_AS_HINT)
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        # Excel's "CSV (comma delimited)" on Windows writes Windows-1252.
        return _cp1252(data), "Windows-1252"


def _cp1252(data: bytes) -> str:
    """Windows-1252 text; the five bytes that code page leaves undefined fall back to Latin-1."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_utf16(path: Path, data: bytes) -> str:
    """UTF-16 text ("Unicode text" from Excel); a cut-short file or a broken character names its row."""
    if len(data) % 2:
        row = _row_at(data, len(data) - 1)
        raise ReadinessError(
            f"{path.name}: row {row} ends halfway through a character (UTF-16 text with an odd number of bytes)",
            "the file looks cut short: save it again from Excel and import the new copy",
        )
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        row = _row_at(data, exc.start + 2)  # the codec counts from after the 2-byte BOM
        raise ReadinessError(
            f"{path.name}: row {row} holds a broken character (half of a UTF-16 pair)",
            f"retype the text in row {row} in Excel, save, and import again",
        ) from None


def _row_at(data: bytes, position: int) -> int:
    """The spreadsheet row (1-based, quoted line breaks included) that byte `position` of UTF-16 data falls in."""
    position -= position % 2
    prefix = data[:position].decode("utf-16", errors="replace")
    try:
        records = sum(1 for _ in csv.reader(io.StringIO(prefix, newline="")))
    except csv.Error:
        records = prefix.count("\n")
    return records + (1 if not prefix or prefix.endswith("\n") else 0)


def _csv_rows(path: Path, text: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        for record in reader:
            if len(rows) >= MAX_ROWS:
                if any(not _blank(cell) for cell in record):
                    raise ReadinessError(
                        f"{path.name} has data in row {reader.line_num:,}; an import reads at most {MAX_ROWS:,} rows",
                        "copy the rows you need into a new file, or split the file",
                    )
                continue
            rows.append(list(record))
    except csv.Error as exc:
        row = len(rows) + 1
        if "field limit" in str(exc):
            raise ReadinessError(
                f"{path.name}: row {row} has a cell longer than {CSV_CELL_LIMIT:,} characters",
                f'an unclosed quote mark (") turns the rest of a file into one cell: check row {row} and save again',
            ) from None
        raise ReadinessError(f"{path.name}: row {row} cannot be read as CSV ({exc})", SAVE_AS_HINT) from None
    return rows


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits most of the opening lines into the same number (2+) of fields.

    A title line above the header, or a ';' inside a comma-separated note, does not fool it.
    """
    lines = [line for line in text.splitlines() if line.strip()][:30]
    best, best_score = ",", (0, 0)
    for delim in DELIMITERS:
        try:
            counts = Counter(len(r) for r in csv.reader(lines, delimiter=delim) if len(r) > 1)
        except csv.Error:  # a cell over the size limit: the full read names its row
            continue
        if not counts:
            continue
        fields, lines_agreeing = counts.most_common(1)[0]
        score = (lines_agreeing, fields)
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadinessError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    text, encoding = _decode(path, data)
    if not text.strip():
        raise ReadinessError(f"{path.name} is empty")
    if text.lstrip().startswith(("<?xml", "<html", "<!DOCTYPE", "{", "[")) and "," not in text.splitlines()[0]:
        raise ReadinessError(f"{path.name} is not a spreadsheet (it looks like a web page or data file)", SAVE_AS_HINT)
    delimiter = _sniff_delimiter(text)
    rows = _csv_rows(path, text, delimiter)
    notes = []
    if encoding == MIXED_MARK:
        notes.append("read as Windows-1252 text: it starts with a UTF-8 mark, but its accented letters are not UTF-8")
    elif encoding not in ("UTF-8", "UTF-8 with BOM"):
        notes.append(f"read as {encoding} text")
    if delimiter != ",":
        notes.append(f"columns separated by {'tabs' if delimiter == chr(9) else repr(delimiter)}")
    return Table(source=path.name, sheet="", rows=_trim(rows), notes=notes)


# ---------------------------------------------------------------- XLSX


def _open_workbook(path: Path) -> Any:
    """The workbook, read-only with cached formula values, after checking it is really an .xlsx."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            check_unpacked_size(path.name, archive.infolist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError):
        raise ReadinessError(f"{path.name} is damaged or not a complete Excel workbook", SAVE_AS_HINT) from None
    if "xl/workbook.xml" not in names:
        if b"spreadsheet" in mimetype:
            raise ReadinessError(f"{path.name} is an OpenDocument spreadsheet (.ods)", SAVE_AS_HINT)
        raise ReadinessError(f"{path.name} is not an Excel workbook (it is some other zipped document)")
    try:
        # Given the bytes, not the name: openpyxl refuses a workbook saved with a .csv name
        # by its name alone. The file is at most MAX_BYTES, checked before.
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadinessError(f"{path.name} cannot be read as an Excel workbook ({exc})", SAVE_AS_HINT) from None
    return wb


def _read_xlsx(path: Path, sheet: str | None, looks_right: Callable[[list[list[Any]]], bool] | None) -> Table:
    wb = _open_workbook(path)
    try:
        worksheets = [ws for ws in wb.worksheets if hasattr(ws, "iter_rows")]
        if not worksheets:
            raise ReadinessError(f"{path.name} has no worksheets")
        by_name = {ws.title.strip().lower(): ws for ws in worksheets}
        if sheet:
            chosen = by_name.get(sheet.strip().lower())
            if chosen is None:
                listed = ", ".join(repr(ws.title) for ws in worksheets)
                raise ReadinessError(
                    f"{path.name} has no sheet named {sheet!r}; its sheets are {listed}", field="sheet"
                )
            rows = _sheet_rows(chosen, path.name)
        else:
            chosen, found = worksheets[0], None
            if looks_right is not None:
                for ws in worksheets:
                    candidate = _sheet_rows(ws, path.name)
                    if looks_right(candidate[:15]):
                        chosen, found = ws, candidate
                        break
            rows = found if found is not None else _sheet_rows(chosen, path.name)
        notes = []
        merged = _merged_ranges(path, getattr(chosen, "_worksheet_path", None))
        if merged:
            _fill_merged(rows, merged)
            shown = ", ".join(_range_text(m) for m in merged[:5]) + (" ..." if len(merged) > 5 else "")
            notes.append(f"merged cells {shown} were read as if each cell held the merged value")
        if len(worksheets) > 1:
            notes.append(f"read sheet {chosen.title!r}")
        return Table(source=f"{path.name}", sheet=chosen.title, rows=_trim(rows), notes=notes)
    finally:
        wb.close()


def check_unpacked_size(
    name: str,
    parts: list[zipfile.ZipInfo],
    *,
    max_unpacked: int = MAX_UNPACKED_BYTES,
    max_ratio: float = MAX_RATIO,
) -> None:
    """Refuse a workbook whose parts would unpack to too much, or pack suspiciously tightly (a zip bomb)."""
    hint = "a case list or timetable unpacks to a few MB: check it is the right file, or save it again from Excel"
    total = sum(p.file_size for p in parts)
    if total > max_unpacked:
        raise ReadinessError(
            f"{name} would unpack to {_size(total)}, over the {_size(max_unpacked)} limit; it was not read", hint
        )
    for part in parts:
        if part.file_size > RATIO_FROM_BYTES and part.file_size > max_ratio * max(part.compress_size, 1):
            ratio = part.file_size // max(part.compress_size, 1)
            raise ReadinessError(
                f"{name} was not read: its part {part.filename} unpacks {ratio:,} times larger "
                f"({_size(part.compress_size)} to {_size(part.file_size)}), as a zip bomb does",
                hint,
            )


def _size(n: int) -> str:
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}"
    return f"{n} bytes"


def _check_limits(number: int, end: int, where: str) -> None:
    """Refuse a row past the row limit, or a value past the column limit, naming the cell."""
    if number > MAX_ROWS:
        raise ReadinessError(
            f"{where} has data in row {number:,}; an import reads at most {MAX_ROWS:,} rows",
            "copy the rows you need into a new sheet, or split the file",
        )
    if end > MAX_COLUMNS:
        raise ReadinessError(
            f"{where} has data in cell {_cell_name(number, end - 1)}; "
            f"an import reads at most {MAX_COLUMNS} columns (up to column {column_letters(MAX_COLUMNS - 1)})",
            "delete the far-away cells in Excel (or copy the table into a new sheet), save, and import again",
        )


def _within_limits(rows: list[list[Any]], where: str) -> list[list[Any]]:
    """Rows read whole (by calamine) held to the same limits as rows read one at a time."""
    kept: list[list[Any]] = []
    for number, values in enumerate(rows, start=1):
        end = len(values)
        while end and _blank(values[end - 1]):
            end -= 1
        if not end:
            if number <= MAX_ROWS:
                kept.append([])
            continue
        _check_limits(number, end, where)
        kept.append(values[:end])
    return kept


def _sheet_rows(ws: Any, source: str = "") -> list[list[Any]]:
    """The sheet's rows with values, read one row at a time; blank rows kept (empty) so numbers match Excel.

    The size a sheet declares is not trusted: one formatted empty cell at XFD1048576
    declares a million rows of 16,384 columns, which openpyxl would pad every row to.
    Formatted empty cells are dropped as each row is read; a value past the row or
    column limit refuses the sheet.
    """
    ws.reset_dimensions()
    rows: list[list[Any]] = []
    where = f"{source} [{ws.title}]" if source else f"sheet {ws.title!r}"
    try:
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            end = len(values)
            while end and _blank(values[end - 1]):
                end -= 1
            if not end:
                if number <= MAX_ROWS:
                    rows.append([])
                continue
            _check_limits(number, end, where)
            rows.append(list(values[:end]))
    except ReadinessError:
        raise
    except Exception as exc:  # openpyxl raises many types on damaged XML
        raise ReadinessError(f"sheet {ws.title!r} cannot be read ({type(exc).__name__})", SAVE_AS_HINT) from None
    return rows


def _cell_name(row: int, index: int) -> str:
    """'C7' for row 7 (as Excel numbers it) and column index 2."""
    return f"{column_letters(index)}{row}"


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters.decode():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _merged_ranges(path: Path, part: str | None) -> list[tuple[int, int, int, int]]:
    """Merged ranges of one sheet as (first row, first col, last row, last col), 0-based.

    openpyxl's read-only mode does not report merges, so read them from the sheet XML,
    a megabyte at a time (a sheet's XML can be hundreds of MB; merges sit at its end).
    """
    if not part:
        return []
    found: list[tuple[int, int, int, int]] = []
    try:
        with zipfile.ZipFile(path) as archive, archive.open(part.lstrip("/")) as xml:
            tail = b""
            while chunk := xml.read(1024 * 1024):
                text = tail + chunk
                last = 0
                for m in _MERGE.finditer(text):
                    found.append((int(m[2]) - 1, _col_index(m[1]), int(m[4]) - 1, _col_index(m[3])))
                    last = m.end()
                tail = text[max(last, len(text) - 200) :]  # a tag cut in two by the chunk is read whole next time
    except (KeyError, OSError, zipfile.BadZipFile):
        return []
    return found


def _range_text(rng: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    r1, c1, r2, c2 = rng
    return f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"


def _fill_merged(rows: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range the top-left value (a date merged down a day's sessions).

    Only as far as the sheet's values reach: a merge across to XFD fills nothing past them.
    """
    width = max((len(row) for row in rows), default=0)
    for r1, c1, r2, c2 in ranges:
        if r1 >= len(rows) or c1 >= width:
            continue
        c2 = min(c2, width - 1)
        top = rows[r1][c1] if c1 < len(rows[r1]) else None
        for r in range(r1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                row[c] = top


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing empty cells and trailing empty rows (Excel often 'uses' a few thousand)."""
    out = []
    for row in rows:
        end = len(row)
        while end and _blank(row[end - 1]):
            end -= 1
        out.append(row[:end])
    while out and not out[-1]:
        out.pop()
    return out


def read_sheets(path: Path | str) -> list[Table]:
    """Every sheet of a workbook in order, merged cells filled; a CSV file is one sheet.

    Hidden sheets come back marked and empty (they are not read), so the import
    report can say they were skipped. One workbook open serves every sheet.
    """
    path = Path(path)
    head = _check_file(path)
    if kind := workbook_kind(path, head):  # calamine: fast, and reads .xls and .ods too
        return read_workbook(path, kind)
    if not head.startswith(ZIP_SIGNATURE):
        return [read_table(path)]
    wb = _open_workbook(path)
    try:
        tables = []
        for ws in wb.worksheets:
            if not hasattr(ws, "iter_rows"):  # a chart sheet
                continue
            if getattr(ws, "sheet_state", "visible") != "visible":
                tables.append(Table(source=path.name, sheet=ws.title, rows=[], hidden=True))
                continue
            rows = _sheet_rows(ws, path.name)
            notes = []
            merged = _merged_ranges(path, getattr(ws, "_worksheet_path", None))
            if merged:
                _fill_merged(rows, merged)
                shown = ", ".join(_range_text(m) for m in merged[:5]) + (" ..." if len(merged) > 5 else "")
                notes.append(f"merged cells {shown} were read as if each cell held the merged value")
            tables.append(Table(source=path.name, sheet=ws.title, rows=_trim(rows), notes=notes))
        if not tables:
            raise ReadinessError(f"{path.name} has no worksheets")
        return tables
    finally:
        wb.close()


# ---------------------------------------------------------------- workbooks through calamine
# calamine (Rust, through python-calamine) reads a council's timetable about ten times faster
# than openpyxl's read-only mode and also reads the old .xls and LibreOffice's .ods. Cells come
# back as openpyxl gives them (None for empty, whole numbers as int, dates as datetime).

FORMATS = {"xlsx": "Excel workbook", "xls": "Excel 97-2003 workbook", "ods": "OpenDocument spreadsheet"}
MAX_CELLS = 2_000_000  # a timetable is thousands of cells; a "used range" to the far corner is a mistake
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*\bt="e"')


def workbook_kind(path: Path, head: bytes) -> str | None:
    """'xls', 'ods' or 'xlsx' when calamine should read the file; None to leave it to openpyxl or the CSV reader.

    openpyxl keeps: anything that is not plainly one of the three (so its clear messages
    for damaged, encrypted or odd files stand), and an .xlsx holding Excel error values
    (#N/A, #REF!), which calamine reads as empty cells.
    """
    if head.startswith(OLE_SIGNATURE):
        data = path.read_bytes()
        encrypted = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
        return None if any(mark in data for mark in encrypted) else "xls"
    if not head.startswith(ZIP_SIGNATURE):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            check_unpacked_size(path.name, archive.infolist())
            if "content.xml" in names and b"spreadsheet" in (archive.read("mimetype") if "mimetype" in names else b""):
                return "ods"
            if "xl/workbook.xml" not in names:
                return None
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            # the plain bytes test first: it is C-fast, and almost no sheet holds an error (half the time of a read)
            if any(b't="e"' in data and _ERROR_CELL.search(data) for data in map(archive.read, sheets)):
                return None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return "xlsx"


def read_workbook(path: Path, kind: str) -> list[Table]:
    """Every sheet of `path` (kind: 'xlsx', 'xls' or 'ods'), hidden ones marked and left empty."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    what = FORMATS[kind]
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise ReadinessError(
            f"{path.name} is password-protected, so it cannot be read",
            "open it, remove the password, save, and import again",
        ) from None
    except (CalamineError, OSError, ValueError) as exc:
        raise ReadinessError(f"{path.name} cannot be read as an {what} ({_reason(exc)})", SAVE_AS_HINT) from None
    try:
        tables = []
        for meta in wb.sheets_metadata:
            if "WorkSheet" not in str(meta.typ):  # chart and macro sheets hold no rows
                continue
            if "Visible" not in str(meta.visible) or "Hidden" in str(meta.visible):
                tables.append(Table(source=path.name, sheet=meta.name, rows=[], hidden=True))
                continue
            try:
                sheet = wb.get_sheet_by_name(meta.name)
                if sheet.end and (sheet.end[0] + 1) * (sheet.end[1] + 1) > MAX_CELLS:
                    raise ReadinessError(
                        f"sheet {meta.name!r} of {path.name} reaches cell row {sheet.end[0] + 1:,}, column"
                        f" {sheet.end[1] + 1:,}: too large for a timetable or list",
                        "delete the unused rows and columns after your data, save, and import again",
                    )
                rows = [  # most cells are text: kept as they are without a call each
                    [v if type(v) is str and v else _value(v) for v in row]
                    for row in sheet.to_python(skip_empty_area=False)
                ]
                rows = _within_limits(rows, f"{path.name} [{meta.name}]")
                merged = _merges(sheet)
            except (CalamineError, ValueError) as exc:
                raise ReadinessError(
                    f"sheet {meta.name!r} of {path.name} cannot be read ({_reason(exc)})", SAVE_AS_HINT
                ) from None
            notes = []
            if merged:
                _fill_merged(rows, merged)
                shown = ", ".join(_range_text(m) for m in merged[:5]) + (" ..." if len(merged) > 5 else "")
                notes.append(f"merged cells {shown} were read as if each cell held the merged value")
            tables.append(Table(source=path.name, sheet=meta.name, rows=_trim(rows), notes=notes))
    finally:
        wb.close()
    if not tables:
        raise ReadinessError(f"{path.name} has no worksheets")
    return tables


def _value(value: Any) -> Any:
    """A calamine cell as openpyxl gives it: None for empty, 3 not 3.0, a date as a datetime."""
    if type(value) is str:
        return value if value else None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is date:
        return datetime(value.year, value.month, value.day)
    return value


def _merges(sheet: Any) -> list[tuple[int, int, int, int]]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    return sorted((r1, c1, r2, c2) for (r1, c1), (r2, c2) in ranges)


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] or type(exc).__name__


def pick_sheet(tables: list[Table], sheet: str | None, looks_right: Callable[[list[list[Any]]], bool] | None) -> Table:
    """One sheet of a workbook: the one named, else the first that looks right, else the first shown."""
    shown = [t for t in tables if not t.hidden] or tables
    if sheet:
        for table in tables:
            if table.sheet.strip().lower() == sheet.strip().lower():
                return table
        listed = ", ".join(repr(t.sheet) for t in tables)
        raise ReadinessError(f"{tables[0].source} has no sheet named {sheet!r}; its sheets are {listed}", field="sheet")
    chosen = next((t for t in shown if looks_right and looks_right(t.rows[:15])), shown[0])
    if len(tables) > 1:
        chosen.notes.append(f"read sheet {chosen.sheet!r}")
    return chosen
