"""Benchmark: spreadsheet import and export at council-breaking sizes.

Targets (issue 6): importing a 10,000-row case list or timetable under 2 s;
exporting an evidence index of 20,000 items under 3 s.

    .venv/bin/python tests/benchmarks/bench_interop.py
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.interop.exporters import export_evidence_index, export_schedule  # noqa: E402
from readiness_app.interop.importers import import_file  # noqa: E402
from readiness_app.register import people, records  # noqa: E402
from readiness_app.register.connection import create_register  # noqa: E402
from readiness_app.register.vocabulary import CRITERIA  # noqa: E402

ROWS = 10_000
EVIDENCE = 20_000


def timed(label: str, fn, target: float | None = None):
    start = time.perf_counter()
    result = fn()
    took = time.perf_counter() - start
    verdict = (
        "" if target is None else f"  target {target:.1f} s: {'OK' if took < target else 'SLOW'} ({took / target:.2f}x)"
    )
    print(f"{label:<52} {took:6.2f} s{verdict}")
    return result, took


def write_cases(path: Path, rng: random.Random) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Case code", "Criteria", "Team", "Stage", "Consent", "Consent date", "QS", "Notes"])
        for i in range(ROWS):
            w.writerow([f"BM-{i:05d}", "; ".join(rng.sample(CRITERIA, 2)), f"Team {i % 12}", "Long list",
                        "Not sought", f"{1 + i % 28:02d}/10/2026", f"QS{1 + i % 9}; QS{1 + (i + 3) % 9}",
                        "coded note"])  # fmt: skip


def write_timetable(path: Path, rng: random.Random) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Date", "Start", "End", "Room", "Title", "Kind", "QS", "Assessors", "Attendees"])
        for i in range(ROWS):
            day = 1 + (i // 400) % 28
            slot = i % 400
            hour = 8 + (slot // 40) % 10
            attendees = "; ".join(f"Person {rng.randrange(600)} (Role, Org {rng.randrange(5)})" for _ in range(3))
            assessors = f"Assessor {i % 10}; Assessor {(i + 1) % 10}"
            when = [f"{day:02d}/06/2026", f"{hour:02d}:00", f"{hour:02d}:45", f"Room {slot % 40}"]
            w.writerow([*when, f"Session {i}", "Focus group", "QS1; Safeguarding", assessors, attendees])


def main() -> None:
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "evidence").mkdir()
        reg = create_register(
            folder / "register.sqlite", council="Benchmark Council", evidence_folder=folder / "evidence"
        )
        write_cases(folder / "cases.csv", rng)
        write_timetable(folder / "timetable.csv", rng)
        for n in range(40):
            people.create_room(reg, f"Room {n}")
        for n in range(10):
            people.create_assessor(reg, f"Assessor {n}")

        print(f"readiness-app interop benchmark ({ROWS:,} rows, {EVIDENCE:,} evidence items)")
        timed(f"import cases ({ROWS:,} rows, new)", lambda: import_file(reg, "cases", folder / "cases.csv"), 2.0)
        result, _ = timed(
            f"re-import cases ({ROWS:,} rows, unchanged)", lambda: import_file(reg, "cases", folder / "cases.csv"), 2.0
        )
        assert result.unchanged == ROWS
        timed(f"import timetable ({ROWS:,} rows, new)", lambda: import_file(reg, "sessions", folder / "timetable.csv"),
              2.0)  # fmt: skip
        result, _ = timed(
            f"re-import timetable ({ROWS:,} rows, unchanged)",
            lambda: import_file(reg, "sessions", folder / "timetable.csv"),
            2.0,
        )
        assert result.unchanged == ROWS
        timed(f"dry-run timetable ({ROWS:,} rows)", lambda: import_file(reg, "sessions", folder / "timetable.csv",
                                                                        dry_run=True))  # fmt: skip

        with reg.transaction("cli"):
            ids = records.insert_many(
                reg,
                "evidence",
                [
                    {"rel_path": f"{1 + i % 9:02d} QS/Processes/document {i:05d}.pdf", "title": f"Document {i}",
                     "reference": f"LAIR-{i:05d}", "category": "processes", "status": "accepted", "owner": "Lead",
                     "document_date": "2026-05-01", "sha256": f"{i:064x}", "added_at": "2026-05-01T00:00:00+00:00"}
                    for i in range(EVIDENCE)
                ],
            )  # fmt: skip
            reg.conn.executemany(
                "INSERT INTO evidence_qs (evidence_id, qs) VALUES (?, ?)", [(i, f"QS{1 + i % 9}") for i in ids]
            )
        xlsx, csv_out = folder / "i.xlsx", folder / "i.csv"
        timed(f"export evidence index .xlsx ({EVIDENCE:,} items)", lambda: export_evidence_index(reg, xlsx), 3.0)
        timed(f"export evidence index .csv ({EVIDENCE:,} items)", lambda: export_evidence_index(reg, csv_out), 3.0)
        timed(f"export schedule .ics ({ROWS:,} sessions)", lambda: export_schedule(reg, folder / "s.ics"))
        timed(f"export schedule .xlsx ({ROWS:,} sessions)", lambda: export_schedule(reg, folder / "s.xlsx"))
        print(f"index .xlsx size {(folder / 'i.xlsx').stat().st_size / 1e6:.1f} MB")
        reg.close()


if __name__ == "__main__":
    main()
