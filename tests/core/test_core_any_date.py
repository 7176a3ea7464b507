"""The suite passes on any date: the app reads "today" from its one clock, never the wall clock.

Two proofs. A static one: no module but `clock.py` calls `date.today()`, `datetime.now()`
or Qt's current date. A real one: the date-sensitive tests run in a child pytest whose
system clock is moved by libfaketime (installed by `.ci/setup`) to three days that used
to break them: a December day with demo items falling due, mid-2027, and 2031. The child
is started by `tests/any_date.sh`, which runs the whole suite the same way
(docs/development.md).
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
ANY_DATE = ROOT / "tests" / "any_date.sh"
PROBE = ROOT / "tests" / "any_date" / "probe_clock.py"  # run only by the test below, under the moved clock

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
    """The date-sensitive tests, run by `tests/any_date.sh` (the script that runs the whole suite on any date)."""
    assert shutil.which("faketime"), "faketime is missing: run `bash .ci/setup` (it installs Debian's faketime package)"
    env = {**os.environ, "PYTHON": sys.executable}
    run = subprocess.run(
        ["bash", str(ANY_DATE), day, "--basetemp", str(tmp_path / "t"), *DATE_SENSITIVE],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and " failed" not in run.stdout
    # the child really ran on that date, and a sleep and a timed wait there take their time, no more
    probe = subprocess.run(
        ["bash", str(ANY_DATE), day, "--basetemp", str(tmp_path / "p"), str(PROBE)],
        cwd=ROOT, env={**env, "READINESS_PROBE_DAY": day}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stdout[-3000:] + probe.stderr[-1000:]
    assert "1 passed" in probe.stdout
