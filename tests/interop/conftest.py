"""Helpers for the spreadsheet and calendar tests: write real CSV/XLSX files, count audit rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from readiness_app.register import assessment, cases, people
from readiness_app.register.connection import Register


def write_csv(path: Path, rows: list[list], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
    wb.save(path)
    return path


def audit_count(reg: Register) -> int:
    return reg.scalar("SELECT COUNT(*) FROM audit")


@pytest.fixture
def visit_register(empty_register: Register) -> Register:
    """An empty register with visit days 19-21 May 2026 (+ virtual 27 May), rooms, assessors and a case."""
    reg = empty_register
    assessment.set_visit_days(
        reg, {"2026-05-19": "onsite", "2026-05-20": "onsite", "2026-05-21": "onsite", "2026-05-27": "virtual"}
    )
    people.create_room(reg, "Room 1", "County Hall")
    people.create_room(reg, "Room 2", "County Hall")
    people.create_room(reg, "Teams", "Online", virtual=True, link="https://teams.example/x")
    people.create_assessor(reg, "Sam Jones (CQC)", "Lead assessor")
    people.create_assessor(reg, "Ola Brown (CQC)", "Assessor")
    cases.create(reg, "TS-001", criteria=["carer"])
    people.create_person(reg, "Jane Smith", role="Team Manager", organisation="Testshire Council", kind="staff")
    return reg


SESSION_HEADER = ["Date", "Start", "End", "Room", "Title", "Kind", "QS", "Assessors", "Attendees", "Case"]


class Files:
    """Write test spreadsheets into a temporary folder (as a fixture, since test modules cannot import this one)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def csv(self, name: str, rows: list[list], **kwargs) -> Path:
        return write_csv(self.folder / name, rows, **kwargs)

    def xlsx(self, name: str, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> Path:
        return write_xlsx(self.folder / name, sheets, merges)

    def raw(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    audit_count = staticmethod(audit_count)
    SESSION_HEADER = SESSION_HEADER


@pytest.fixture
def files(tmp_path: Path) -> Files:
    folder = tmp_path / "files"
    folder.mkdir()
    return Files(folder)
