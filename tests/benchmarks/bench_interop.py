"""Benchmark: spreadsheet import and export at council-breaking sizes.

Targets (issue 6): importing a 10,000-row case list or timetable under 2 s;
exporting an evidence index of 20,000 items under 3 s.

    .venv/bin/python tests/benchmarks/bench_interop.py [--runs N]

Each import is timed N times (default 5), each time into a fresh copy of the
same register, and reported as best and median; the verdict uses the median.
The load average is printed before and after, since a busy machine slows both.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.interop.exporters import export_evidence_index, export_schedule  # noqa: E402
from readiness_app.interop.importers import import_file  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.register import people, records  # noqa: E402
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


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else ""


def repeated(label: str, times: list[float], target: float | None = None) -> None:
    best, median = min(times), statistics.median(times)
    verdict = (
        ""
        if target is None
        else f"  target {target:.1f} s: {'OK' if median < target else 'SLOW'} ({median / target:.2f}x)"
    )
    print(f"{label:<52} best {best:5.2f} s, median {median:5.2f} s of {len(times)}{verdict}")


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


def import_runs(folder: Path, base: Path, runs: int) -> Path:
    """Time every import `runs` times, each in a fresh copy of `base`; returns the last copy (with data)."""
    steps = {
        f"import cases ({ROWS:,} rows, new)": ("cases", False, None),
        f"re-import cases ({ROWS:,} rows, unchanged)": ("cases", False, ROWS),
        f"import timetable ({ROWS:,} rows, new)": ("sessions", False, None),
        f"re-import timetable ({ROWS:,} rows, unchanged)": ("sessions", False, ROWS),
        f"dry-run timetable ({ROWS:,} rows)": ("sessions", True, ROWS),
    }
    files = {"cases": folder / "cases.csv", "sessions": folder / "timetable.csv"}
    times: dict[str, list[float]] = {label: [] for label in steps}
    copy = folder / "run.sqlite"
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, copy)
        reg = open_register(copy, check="off")
        for label, (kind, dry_run, unchanged) in steps.items():
            start = time.perf_counter()
            result = import_file(reg, kind, files[kind], dry_run=dry_run)
            times[label].append(time.perf_counter() - start)
            assert unchanged is None or result.unchanged == unchanged, (label, result.summary())
        reg.close()
    for label, (_, dry_run, _) in steps.items():
        repeated(label, times[label], None if dry_run else 2.0)
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="times to repeat each import (default 5)")
    args = parser.parse_args()
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "evidence").mkdir()
        base = folder / "register.sqlite"
        reg = create_register(base, council="Benchmark Council", evidence_folder=folder / "evidence")
        write_cases(folder / "cases.csv", rng)
        write_timetable(folder / "timetable.csv", rng)
        for n in range(40):
            people.create_room(reg, f"Room {n}")
        for n in range(10):
            people.create_assessor(reg, f"Assessor {n}")
        reg.close()

        print(f"readiness-app interop benchmark ({ROWS:,} rows, {EVIDENCE:,} evidence items) on {os.cpu_count()} cores")
        print(load())
        reg = open_register(import_runs(folder, base, args.runs), check="off")

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
        print(load())
        reg.close()


if __name__ == "__main__":
    main()
