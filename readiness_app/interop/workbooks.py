"""Reading every sheet of a workbook through calamine: .xlsx, .xls (Excel 97-2003) and .ods.

calamine (Rust, through python-calamine) reads a council's timetable about ten
times faster than openpyxl's read-only mode and also reads the old .xls and
LibreOffice's .ods, so an import needs no "save it as .xlsx first". Cells come
back as openpyxl gives them (None for empty, whole numbers as int, dates as
datetime) so everything after the reader is the same; rows keep Excel's
numbering (row 1 is rows[0], even when the top rows are empty).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop.readers import (
    OLE_SIGNATURE,
    SAVE_AS_HINT,
    ZIP_SIGNATURE,
    Table,
    _fill_merged,
    _trim,
    check_unpacked_size,
)

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
            if any(_ERROR_CELL.search(archive.read(n)) for n in sheets):
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
                rows = [[_value(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
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


def _range_text(rng: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    r1, c1, r2, c2 = rng
    return f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"


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
