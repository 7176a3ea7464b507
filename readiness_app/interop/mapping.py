"""How a lead tells an import what a council's columns mean, and keeps it for next week's file.

An `ImportOptions` says which sheet, which header row, what each column is
(a field or "ignore") and the date for a sheet that has none. The command
line builds one from `--sheet`, `--header-row`, `--map`, `--date` and
`--mapping FILE`; the app's import dialog builds the same and can save it
as the same small TOML or JSON file.
"""

from __future__ import annotations

import json
import os
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import Column, header_key
from readiness_app.register.validation import parse_date

IGNORE = "ignore"
SPECS: dict[str, tuple[Column, ...]] = {
    "cases": cols.CASES,
    "sessions": cols.SESSIONS,
    "people": cols.PEOPLE,
    "evidence": cols.EVIDENCE,
}
# Names people use for a field in --map beyond its key and its column headers.
FIELD_WORDS = {"attendees": "people", "cqc team": "assessors", "time range": "time", "quality statements": "qs"}


@dataclass
class ImportOptions:
    sheet: str | None = None  # a sheet name, "all", or None: every visible sheet with a recognisable header
    header_row: int | None = None  # as Excel numbers it; None: found
    columns: dict[str, str] = field(default_factory=dict)  # header as written -> field key or "ignore"
    date: str | None = None  # ISO date for a timetable sheet with no date of its own
    # Sheet name -> ISO date set in the import dialog; wins over the sheet's own name or title.
    sheet_dates: dict[str, str] = field(default_factory=dict)

    @property
    def all_sheets(self) -> bool:
        return self.sheet is None or self.sheet.strip().lower() == "all"

    def as_dict(self, kind: str) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": kind}
        if self.sheet:
            data["sheet"] = self.sheet
        if self.header_row:
            data["header_row"] = self.header_row
        if self.date:
            data["date"] = self.date
        data["columns"] = dict(self.columns)
        return data


def field_for(kind: str, name: str) -> str:
    """The field key a --map target means: 'title', 'Attendees', 'cqc team', 'ignore' ..."""
    spec = SPECS[kind]
    key = header_key(name)
    if key in (IGNORE, "skip", "none"):
        return IGNORE
    key = FIELD_WORDS.get(key, key)
    for col in spec:
        if key == header_key(col.key) or key in (header_key(n) for n in col.names):
            return col.key
    known = ", ".join(c.key for c in spec)
    raise ReadinessError(f"{name!r} is not a field of the {kind} import (fields: {known}, or ignore)", field="map")


def parse_map(kind: str, text: str) -> dict[str, str]:
    """'Meeting=title,Venue=room,Who=attendees' -> {'Meeting': 'title', 'Venue': 'room', 'Who': 'people'}."""
    out: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        header, sep, target = part.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise ReadinessError(f"--map {part!r}: write COLUMN=FIELD, e.g. Meeting=title", field="map")
        out[header.strip()] = field_for(kind, target.strip())
    return out


MAX_MAPPING_BYTES = 64 * 1024  # a mapping names a few dozen columns: a few hundred bytes


def load_mapping(kind: str, path: Path | str) -> ImportOptions:
    """Read a mapping file (.toml or .json) saved by the app or written by hand.

    Only a regular file of a sane size is opened (its size is checked first): /dev/zero
    or a named pipe would never finish reading, and deep nesting would exhaust the parser.
    """
    path = Path(path)
    raw = _mapping_bytes(path)
    try:
        if path.suffix.lower() == ".json" or raw.lstrip().startswith(b"{"):
            data = json.loads(raw.decode("utf-8-sig"))
        else:
            data = tomllib.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise ReadinessError(f"{path.name} is not a mapping file (it is nested too deeply)") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReadinessError(f"{path.name} is not a readable mapping file ({exc})") from None
    if not isinstance(data, dict):
        raise ReadinessError(f"{path.name} is not a mapping file (expected keys sheet, header_row, columns, date)")
    if data.get("kind") and data["kind"] != kind:
        raise ReadinessError(f"{path.name} is a mapping for a {data['kind']} import, not {kind}")
    return options_from(kind, data, path.name)


def _mapping_bytes(path: Path) -> bytes:
    from readiness_app.output_files import check_name_length

    check_name_length(path, "mapping")
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReadinessError(f"cannot read the mapping file {path.name}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadinessError(f"{path} is not a mapping file (it is not an ordinary file); give a .toml or .json file")
    if info.st_size > MAX_MAPPING_BYTES:
        raise ReadinessError(
            f"{path.name} is {info.st_size:,} bytes; a mapping file is at most {MAX_MAPPING_BYTES // 1024} KB",
            "check it is the mapping saved by the import dialog, not the spreadsheet itself",
        )
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_MAPPING_BYTES + 1)
    except OSError as exc:
        raise ReadinessError(f"cannot read the mapping file {path.name}: {exc.strerror or exc}") from None
    if len(raw) > MAX_MAPPING_BYTES:  # it grew between the check and the read
        raise ReadinessError(f"{path.name} is over {MAX_MAPPING_BYTES // 1024} KB; a mapping file is smaller")
    return raw


def options_from(kind: str, data: Any, source: str = "mapping") -> ImportOptions:
    """Options from a mapping's keys (a file, or choices the app remembered); any other shape is refused."""
    if not isinstance(data, dict):
        raise ReadinessError(f"{source} is not a mapping (expected keys sheet, header_row, columns, date)")
    columns = data.get("columns") or {}
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise ReadinessError(f"{source}: 'columns' must be a table of COLUMN = FIELD")
    header_row = data.get("header_row")
    if header_row is not None and (
        not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= 1_000_000
    ):
        raise ReadinessError(f"{source}: header_row must be a row number (1 or more)")
    for key in ("sheet", "date"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ReadinessError(f"{source}: {key} must be text")
    return ImportOptions(
        sheet=str(data["sheet"]) if data.get("sheet") else None,
        header_row=header_row,
        columns={str(k): field_for(kind, str(v)) for k, v in columns.items()},
        date=parse_date(data["date"], "date") if data.get("date") else None,
    )


def merge(base: ImportOptions, override: ImportOptions) -> ImportOptions:
    """Options from a file, overridden by those given on the command line."""
    return ImportOptions(
        sheet=override.sheet or base.sheet,
        header_row=override.header_row or base.header_row,
        columns={**base.columns, **override.columns},
        date=override.date or base.date,
        sheet_dates={**base.sheet_dates, **override.sheet_dates},
    )


def save_mapping(path: Path | str, kind: str, options: ImportOptions) -> Path:
    """Write the options as TOML (or JSON for a .json name) that `load_mapping` reads back."""
    path = Path(path)
    data = options.as_dict(kind)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        lines = [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if k != "columns"]
        lines += ["", "[columns]"]
        lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}" for k, v in data["columns"].items()]
        text = "# readiness-app import mapping\n" + "\n".join(lines) + "\n"
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ReadinessError(f"cannot write {path.name}: {exc.strerror or exc}") from None
    return path


def columns_key(headers: list[str]) -> str:
    """The same set of column names, however ordered or spaced: how a remembered mapping is found."""
    return "|".join(sorted({header_key(h) for h in headers if header_key(h)}))
