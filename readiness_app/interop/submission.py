"""The information-return submission: CQC's list, numbered as CQC numbered it, with each answer.

As .xlsx or .csv here (the PDF is reports/submission.py). `gather` copies the
answering files into a dated folder, named by item number so the folder reads
in CQC's order; the index is written beside them by the caller. An answer whose
file has gone is printed with its problem in capitals and listed as not copied,
never left out.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from readiness_app import clock
from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.interop.exporters import Table, Written, output_format, write_tables
from readiness_app.register import assessment
from readiness_app.register import information_return as ir
from readiness_app.register.connection import Register

COLUMNS = (
    ("Item", 8),
    ("Title", 40),
    ("QS", 10),
    ("Evidence category", 18),
    ("Status", 12),
    ("Answer", 70),
    ("Problems", 30),
    ("Owner", 18),
    ("Due", 12),
)


def index_rows(items: list[dict[str, Any]]) -> list[list[Any]]:
    fw = current()
    rows = []
    for item in items:
        answer = "\n".join(a["text"] for a in item["answers"]) or "NOT ANSWERED"
        problems = "; ".join(a["problem"] for a in item["answers"] if a["problem"])
        category = fw.category(item["category"]).name if item["category"] else ""
        due = date.fromisoformat(item["due"]) if item["due"] else None
        rows.append(
            [
                item["number"],
                item["title"],
                ", ".join(item["qs"]),
                category,
                ir.ITEM_STATUS[item["status"]],
                answer,
                problems,
                item["owner"],
                due,
            ]
        )
    return rows


def export_index(reg: Register, path: Path | str, today: date | None = None) -> Written:
    """The submission index as .xlsx or .csv."""
    fmt = output_format(path, ("xlsx", "csv"), "the information return")
    rows = index_rows(ir.items_in_order(reg, today))
    choices = {3: [c.name for c in current().categories], 4: list(ir.ITEM_STATUS.values())}
    table = Table("Information return", COLUMNS, rows, wrap=(1, 5, 6), choices=choices)
    written = write_tables(path, fmt, [table], reg, "Information return: submission index")
    return Written(written, len(rows), fmt, "items")


@dataclass
class Gathered:
    folder: Path
    copied: list[Path] = field(default_factory=list)
    not_copied: list[str] = field(default_factory=list)  # "3.2: LAIR-001 ... (file missing)"


def gather_folder(parent: Path | str, today: date | None = None) -> Path:
    """A new dated folder under `parent`: 'Information return 2026-11-23' (then ' (2)' ...)."""
    parent = Path(parent)
    if not parent.is_dir():
        raise ReadinessError(f"folder {parent} does not exist", field="gather")
    base = f"Information return {(today or clock.today()).isoformat()}"
    folder, n = parent / base, 1
    while folder.exists():
        n += 1
        folder = parent / f"{base} ({n})"
    folder.mkdir()
    return folder


def gather_files(reg: Register, parent: Path | str, today: date | None = None) -> Gathered:
    """Copy every answering file into a new dated folder, prefixed with its item number.

    Never inside the evidence folder: the watcher would take every copy in as new
    evidence, and its duplicates would leave the originals looking moved or missing.
    """
    from readiness_app.output_files import refuse_inside_evidence

    root = assessment.evidence_folder(reg)
    refuse_inside_evidence(Path(parent), root, "the gathered copies of the answering files")
    result = Gathered(gather_folder(parent, today))
    done: set[tuple[str, str]] = set()
    for item in ir.items_in_order(reg, today):
        for answer in item["answers"]:
            if answer["kind"] not in ("evidence", "section"):
                continue
            rel = answer["rel_path"]
            if (item["number"], rel or "") in done:
                continue
            done.add((item["number"], rel or ""))
            source = root / rel if root and rel else None
            if answer["problem"] or source is None or not source.is_file():
                reason = answer["problem"] or "file not found in the evidence folder"
                result.not_copied.append(f"{item['number']}: {answer['text'].split(' [')[0]} ({reason})")
                continue
            target = result.folder / f"{item['number']} {source.name}"
            try:
                shutil.copy2(source, target)
            except OSError as exc:
                result.not_copied.append(f"{item['number']}: {source.name} ({exc.strerror or exc})")
                continue
            result.copied.append(target)
    return result
