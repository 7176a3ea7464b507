"""The suite passes on any date: the app reads "today" from its one clock, never the wall clock.

Two proofs. A static one: no module but `clock.py` calls `date.today()`, `datetime.now()`
or Qt's current date. A real one: the date-sensitive tests run in a child pytest whose
system clock is moved by libfaketime (installed by `.ci/setup`) to three days that used
to break them: a December day with demo items falling due, mid-2027, and 2031.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "readiness_app"

WALL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}
QT_CLOCK = {"currentDate", "currentDateTime", "currentTime"}

# Tests whose outcome depends on "today": overdue flags, countdowns, backups, the dashboard.
DATE_SENSITIVE = [
    "tests/gui/test_gui_words.py",
    "tests/gui/test_gui_dates.py",
    "tests/gui/test_gui_visit_week.py",
    "tests/gui/test_gui_dashboard_pictures.py",
    "tests/visit",
    "tests/core/test_core_readiness_history.py",
    "tests/safety/test_safety_backup.py",
]


def _wall_clock_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in WALL_CLOCK or node.func.attr in QT_CLOCK:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_only_the_clock_module_reads_the_wall_clock():
    calls = [c for p in sorted(PACKAGE.rglob("*.py")) if p.name != "clock.py" for c in _wall_clock_calls(p)]
    assert calls == []


def test_the_check_finds_a_wall_clock_call(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from datetime import date\nwhen = date.today()\n", encoding="utf-8")
    sample = sample.rename(PACKAGE.parent / "tests" / "core" / "_clock_sample.py")
    try:
        assert _wall_clock_calls(sample) == ["tests/core/_clock_sample.py:2 date.today()"]
    finally:
        sample.unlink()


@pytest.mark.slow
@pytest.mark.parametrize("day", ["2026-12-06", "2027-06-30", "2031-01-15"])
def test_date_sensitive_tests_pass_with_the_system_clock_moved(day, tmp_path):
    faketime = shutil.which("faketime")
    assert faketime, "faketime is missing: run `bash .ci/setup` (it installs Debian's faketime package)"
    env = {k: v for k, v in os.environ.items() if k != "READINESS_NOW"}
    env["FAKETIME_FORCE_MONOTONIC_FIX"] = "1"  # timed waits on threads (Qt's job runners) keep working
    run = subprocess.run(
        [faketime, f"{day} 10:00:00", sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--basetemp", str(tmp_path / "t"), *DATE_SENSITIVE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    # the child really ran on that date, and really ran the tests
    probe = subprocess.run(
        [faketime, f"{day} 10:00:00", sys.executable, "-c", "import datetime; print(datetime.date.today())"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert probe.stdout.strip() == day
    assert " passed" in run.stdout and " failed" not in run.stdout
