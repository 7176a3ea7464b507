"""Spreadsheets out: the factual accuracy submission, the improvement plan, the
CQC requests log and the learning log, as .xlsx.

Every text cell goes through `interop.exporters.neutralise`: a value starting with = + - @ (or a
tab/carriage return) could run as a formula when the sheet is opened, so it is
written with a leading single quote, shown as plain text (formula injection).
Files are written atomically through `output_files` (temporary
file in the same folder, then rename), and carry the protective marking in the
sheet and in the printed page header.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.interop.exporters import neutralise
from readiness_app.register import assessment
from readiness_app.register.connection import Register
from readiness_app.register.evidence import evidence_name


def write_text(path: Path | str, text: str) -> Path:
    """Write a text file atomically (the plain-text bulletin)."""
    from readiness_app.output_files import write_atomically

    return write_atomically(path, text.encode("utf-8"))


# ---------------------------------------------------------------- sheets


class Sheet:
    """One worksheet: a title, column headings with widths, and rows."""

    def __init__(self, name: str, title: str, columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Any]]):
        self.name, self.title, self.columns, self.rows = name, title, columns, rows


def _uk_date(value: str | None) -> Any:
    return date.fromisoformat(value) if value else None


def _accuracy_sheets(reg: Register, today: date) -> list[Sheet]:
    from readiness_app.register import accuracy

    info = accuracy.deadline(reg, today)
    points = accuracy.list_points(reg)
    rows = [
        (
            p["number"],
            accuracy.where_in_report(p),
            p["type_label"],
            p["draft_wording"],
            p["proposed_wording"],
            "; ".join(evidence_name(e) for e in p["evidence"]),
            p["owner"],
            accuracy.FA_STATUS[p["status"]],
            p["notes"],
        )
        for p in points
    ]
    deadline = f"; response due {info['deadline']}" if info["deadline"] else ""
    received = f"draft received {info['received']}{deadline}" if info["received"] else "draft not yet received"
    columns = [
        ("No.", 6),
        ("Report section / paragraph", 24),
        ("Type of correction", 22),
        ("Draft report says", 45),
        ("Proposed wording", 45),
        ("Supporting evidence", 35),
        ("Owner", 18),
        ("Status", 16),
        ("Notes", 30),
    ]
    return [Sheet("Factual accuracy", f"Factual accuracy submission ({received})", columns, rows)]


def _plan_sheets(reg: Register, today: date) -> list[Sheet]:
    from readiness_app.register import improvement

    rows = [
        (r.ref, r.theme, r.qs, r.description, r.priority, r.lead, _uk_date(r.target), r.rag, r.board, r.progress)
        for r in improvement.action_rows(reg, today)
    ]
    columns = [
        ("Ref", 8),
        ("CQC theme", 22),
        ("QS", 10),
        ("Action", 55),
        ("H/M/L", 7),
        ("Lead", 24),
        ("Target date", 12),
        ("RAG", 12),
        ("Governance / board", 22),
        ("Progress notes", 45),
    ]
    return [Sheet("Improvement plan", f"Improvement plan (RAG as at {today:%d/%m/%Y})", columns, rows)]


def _request_sheets(reg: Register, today: date) -> list[Sheet]:
    from readiness_app.register import requests

    rows = [
        (
            r["id"],
            _uk_date(r["received_date"]),
            r["from_whom"],
            r["description"],
            ", ".join(r["qs"]),
            r["owner"],
            _uk_date(r["due_date"]),
            requests.REQUEST_STATUS[r["status"]],
            _uk_date(r["sent_date"]),
            "; ".join(evidence_name(e) for e in r["evidence"]),
            "; ".join(r["flags"]),
        )
        for r in requests.list_requests(reg, today=today)
    ]
    columns = [
        ("ID", 6),
        ("Received", 12),
        ("From", 18),
        ("Request", 50),
        ("QS", 10),
        ("Owner", 18),
        ("Due", 12),
        ("Status", 14),
        ("Sent", 12),
        ("Evidence sent", 40),
        ("Flags", 24),
    ]
    return [Sheet("CQC requests", f"CQC information requests (as at {today:%d/%m/%Y})", columns, rows)]


def _learning_sheets(reg: Register, today: date) -> list[Sheet]:
    from readiness_app.register import learning

    rows = [
        (
            e.id,
            _uk_date(e.date),
            f"{e.time} {e.session}".strip(),
            e.qs,
            e.went_well,
            e.to_correct,
            e.by,
            e.evidence,
            e.themes,
        )
        for e in learning.entry_rows(reg)
    ]
    columns = [
        ("ID", 6),
        ("Date", 12),
        ("Session", 36),
        ("QS", 12),
        ("Went well", 40),
        ("To correct or clarify", 40),
        ("By whom", 18),
        ("Evidence to send", 30),
        ("Themes heard", 30),
    ]
    return [Sheet("Learning log", "Learning log", columns, rows)]


EXPORTS: dict[str, Callable[[Register, date], list[Sheet]]] = {
    "accuracy": _accuracy_sheets,
    "plan": _plan_sheets,
    "requests": _request_sheets,
    "learning": _learning_sheets,
}


def workbook_bytes(reg: Register, what: str, today: date | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if what not in EXPORTS:
        raise ReadinessError(f"unknown export {what!r} (choose {', '.join(EXPORTS)})")
    today = today or clock.today()
    info = assessment.get(reg)
    marking = (info.get("marking") or "").strip()
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in EXPORTS[what](reg, today):
        ws = wb.create_sheet(sheet.name[:31])
        ws.append([neutralise(f"{info['council']}: {sheet.title}")])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([neutralise(marking) if marking else None])
        ws["A2"].font = Font(bold=True, color="B00020")
        ws.append([])
        ws.append([c for c, _ in sheet.columns])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in sheet.rows:
            ws.append([neutralise(v) for v in row])
        for index, (_, width) in enumerate(sheet.columns, start=1):
            ws.column_dimensions[ws.cell(row=header_row, column=index).column_letter].width = width
        for row in ws.iter_rows(min_row=header_row + 1):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, date):
                    cell.number_format = "DD/MM/YYYY"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        if sheet.rows:
            ws.auto_filter.ref = f"A{header_row}:{ws.cell(row=ws.max_row, column=len(sheet.columns)).coordinate}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0
        ws.print_title_rows = f"{header_row}:{header_row}"
        if marking:
            ws.oddHeader.center.text = marking
            ws.oddFooter.center.text = marking
        ws.oddFooter.right.text = "Page &P of &N"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export(reg: Register, what: str, path: Path | str, today: date | None = None) -> Path:
    """Write one export to `path` (.xlsx), atomically; returns the path written."""
    from readiness_app.output_files import check_target, write_atomically

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ReadinessError(
            f"{target.name}: spreadsheets are written as .xlsx",
            hint="for a PDF use `report fa-submission` or `report improvement-plan`",
            field="output",
        )
    check_target(target)
    return write_atomically(target, workbook_bytes(reg, what, today))
