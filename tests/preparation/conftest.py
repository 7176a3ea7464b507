"""Fixtures for the information return, data pack and snapshot tests: a register with a small library."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from readiness_app.register import assessment, evidence
from readiness_app.register.connection import Register


def _write_csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[list]) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Request list"
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def sheet(tmp_path):
    """sheet(name, rows) writes a .csv or .xlsx (by the name's ending) and returns its path."""

    def write(name: str, rows: list[list]) -> Path:
        path = tmp_path / name
        return _write_xlsx(path, rows) if name.endswith(".xlsx") else _write_csv(path, rows)

    return write


@pytest.fixture
def library(empty_register: Register) -> Register:
    """An empty register with three real files in its evidence folder and a return due 20 Nov 2026."""
    reg = empty_register
    root = assessment.evidence_folder(reg)
    files = {
        "07 Safeguarding/SAB annual report 2025-26.pdf": ("LAIR-001", "Safeguarding Adults Board annual report", "QS7"),
        "01 Assessing needs/Waiting list dashboard.xlsx": ("LAIR-002", "Assessment waiting list dashboard", "QS1"),
        "05 Partnerships/Carers strategy.docx": ("LAIR-003", "Carers strategy 2025 to 2028", "QS5"),
    }
    for rel, (ref, title, qs) in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"{title}\n".encode())
        evidence.create(reg, rel, qs=[qs], category="processes", reference=ref, title=title, status="accepted")
    assessment.update(reg, lair_due_date="2026-11-20")
    return reg
