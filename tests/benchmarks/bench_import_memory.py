"""Benchmark: peak memory of an import, and a scan's time with a hostile reference pattern (issue 22).

Targets: any XLSX import, including a 5 KB workbook whose one formatted empty cell
sits at XFD1048576 (it declares a sheet of 17 billion cells), stays under 500 MB
peak RSS; a scan with a pattern that backtracks is refused, or finishes within
1 s per 1,000 file names.

    .venv/bin/python tests/benchmarks/bench_import_memory.py

Each import runs in its own process (`main.py import cases --dry-run`) so its peak
RSS is its own; the figure is the child's ru_maxrss.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Font  # noqa: E402

from readiness_app.errors import ReadinessError  # noqa: E402
from readiness_app.evidence.classify import classify, compile_reference_pattern  # noqa: E402
from readiness_app.opening import create_register  # noqa: E402

LIMIT_MB = 500
ROWS = 10_000
BAD_PATTERN = r"(?i)([a-z]+ ?)*LAIR-\d+"
ALLOWED = r".*(LAIR-\d+)"  # two open-ended repeats, the most a pattern may have: the slowest allowed kind


def far_corner(path: Path, cell: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Case code", "Team"])
    ws.append(["AB-001", "Front Door"])
    ws[cell].font = Font(bold=True)
    wb.save(path)
    return path


def normal(path: Path) -> Path:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    ws.append(["Case code", "Team", "Stage", "Consent", "QS", "Notes"])
    for n in range(ROWS):
        ws.append([f"AB-{n:05d}", "Front Door", "Long list", "Requested", "QS1; QS7", "coded only"])
    wb.save(path)
    return path


# Runs the import as its own child and prints that child's peak RSS (KB) last, so each file's
# figure is its own and not the largest of every import so far.
# The child is held to 4 GB of address space, so a regression fails instead of taking the machine.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "cap = lambda: resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, preexec_fn=cap)\n"
    "said = (done.stdout or done.stderr or '-').splitlines()[0]\n"
    "print(said)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def full(path: Path, rows: int = 99_999) -> Path:
    """The most an import reads: the row limit, each row a dozen cells of distinct text."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Cases")
    ws.append(["Case code", "Team", "Stage", "Consent", "QS", "Notes", *[f"Extra {n}" for n in range(6)]])
    for n in range(rows):
        ws.append([f"AB-{n:06d}", f"Team {n % 40}", "Long list", "Requested", "QS1; QS7", f"note {n} " * 3]
                  + [f"value {n}-{k}" for k in range(6)])  # fmt: skip
    wb.save(path)
    return path


def peak_import(register: Path, sheet: Path) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, first line of output) of a dry-run import in a fresh process."""
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "main.py"), "import", "cases", str(register), str(sheet), "--dry-run"]
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, timeout=900)
    took = time.perf_counter() - started
    first, peak_kb = done.stdout.rsplit("\n", 2)[:2] if done.stdout.count("\n") >= 2 else ("", "0")
    return int(peak_kb) / 1024, took, first


def scan_names(n: int) -> list[str]:
    return [("quarterly safeguarding audit report " * 6)[: 180 + i % 60] + ".pdf" for i in range(n)]


def main() -> None:
    print("load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "evidence").mkdir()
        register = folder / "register.sqlite"
        create_register(register, council="Bench Council", evidence_folder=folder / "evidence").close()
        files = [
            ("far corner XFD20000 (5 KB)", far_corner(folder / "far20000.xlsx", "XFD20000")),
            ("far corner XFD1048576 (5 KB)", far_corner(folder / "far.xlsx", "XFD1048576")),
            (f"normal case list, {ROWS:,} rows", normal(folder / "normal.xlsx")),
            ("full: 99,999 rows x 12 columns", full(folder / "full.xlsx")),
        ]
        for label, path in files:
            mb, took, first = peak_import(register, path)
            verdict = "OK" if mb < LIMIT_MB else "OVER"
            size = path.stat().st_size / 1024
            print(f"{label:<34} {size:8.0f} KB  peak RSS {mb:7.1f} MB  {took:5.2f} s  {verdict} ({mb / LIMIT_MB:.2f}x)")
            print(f"    {first}")

    names = scan_names(1000)
    started = time.perf_counter()
    try:
        compile_reference_pattern(BAD_PATTERN)
        for name in names:
            classify(f"07 Safeguarding/{name}", BAD_PATTERN)
        outcome = "finished"
    except ReadinessError as exc:
        outcome = f"refused: {exc.message[:70]}..."
    took = time.perf_counter() - started
    print(f"scan of 1,000 names, pattern {BAD_PATTERN}: {took:.3f} s ({took / 1.0:.3f}x the 1 s target); {outcome}")
    for label, pattern in ((f"pattern {ALLOWED} (allowed)", ALLOWED), ("the default pattern", None)):
        started = time.perf_counter()
        for name in names:
            classify(f"07 Safeguarding/{name}", pattern)
        took = time.perf_counter() - started
        print(f"scan of 1,000 names, {label}: {took:.3f} s ({took / 1.0:.3f}x the 1 s target)")


if __name__ == "__main__":
    main()
