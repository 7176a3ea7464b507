"""Benchmark: a council-style timetable workbook against openpyxl reading it.

Target (issue 25; issue 15 asked for 2x): importing a 5-sheet timetable workbook
with 2,000 sessions (title row, blank row, header on row 3, "09:00 - 10:00" times,
attendees one per line as "Name – Role", a merged lunch row per day) takes at most
1.0x the time openpyxl in read-only mode takes to read every cell of it.

    .venv/bin/python tests/benchmarks/bench_council_import.py [--runs N]

Each measurement is repeated N times (default 5); the verdict uses medians.
Every import goes into a fresh copy of the same register.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.interop.importers import import_file  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.register import assessment  # noqa: E402

SHEETS = 5
SESSIONS = 2_000
HEADER = ["Time", "Session", "Format", "Venue", "Focus", "CQC colleagues", "Attendees", "Notes"]
DAYS = ["2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-08"]


def write_workbook(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    per_sheet = SESSIONS // SHEETS
    n = 0
    for day in range(1, SHEETS + 1):
        ws = wb.create_sheet(f"Day {day}")
        ws.append([f"Testshire Council – CQC on-site assessment timetable – Day {day}"])
        ws.merge_cells("A1:H1")
        ws.append([])
        ws.append(HEADER)
        for i in range(per_sheet):
            if i == per_sheet // 2:
                ws.append(["12:30 - 13:30 Lunch"])
                ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(HEADER))
            hour = 8 + (i // 40) % 10
            attendees = "\n".join(f"Person {(n * 7 + k) % 900} – Role {k}" for k in range(3))
            cqc = f"Assessor {n % 12}\nInspector {n % 5} (Inspector)"
            ws.append([f"{hour:02d}:00 - {hour:02d}:45", f"Session {n}", "Focus group", f"Room {i % 40}",
                       "QS1; Safeguarding", cqc, attendees, "coded note"])  # fmt: skip
            n += 1
    wb.save(path)


def read_every_cell(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    wb.close()
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "getloadavg"):
        print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        book = folder / "timetable.xlsx"
        write_workbook(book)
        base = folder / "base.sqlite"
        (folder / "evidence").mkdir()
        reg = create_register(base, council="Testshire Council", evidence_folder=folder / "evidence")
        assessment.set_visit_days(reg, dict.fromkeys(DAYS, "onsite"))
        reg.close()
        reads, imports = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            cells = read_every_cell(book)
            reads.append(time.perf_counter() - start)
            copy = folder / "run.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            shutil.copy(base, copy)
            reg = open_register(copy, check="off")
            start = time.perf_counter()
            result = import_file(reg, "sessions", book)
            imports.append(time.perf_counter() - start)
            assert len(result.created) == SESSIONS, result.summary()
            reg.close()
        read, done = statistics.median(reads), statistics.median(imports)
        ratio = done / read
        print(f"workbook: {SHEETS} sheets, {SESSIONS:,} sessions, {cells:,} cells, {book.stat().st_size // 1024} KB")
        print(f"openpyxl read-only, every cell   median {read:6.3f} s (best {min(reads):.3f})")
        print(f"import (plan + write)            median {done:6.3f} s (best {min(imports):.3f})")
        print(f"ratio {ratio:.2f}x  target 1.00x: {'OK' if ratio <= 1 else 'SLOW'}")
    if hasattr(os, "getloadavg"):
        print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
