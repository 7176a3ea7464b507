"""Evidence file names (which can name people) reach the log only at debug level."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "Jane Smith care plan 12 Acacia Road.docx"


def _scan(register: Path, data: Path, **env: str) -> str:
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "scan", str(register)],
        capture_output=True,
        text=True,
        env={**os.environ, "READINESS_DATA_DIR": str(data), **env},
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    return (data / "logs" / "readiness.log").read_text(encoding="utf-8")


def test_a_scan_logs_ids_not_file_names(demo_dir, tmp_path):
    register = demo_dir / "register.sqlite"
    (demo_dir / "evidence" / NAME).write_bytes(b"a plan that names a person")
    os.utime(demo_dir / "evidence" / NAME, (1, 1))  # long settled: taken in on this scan
    log = _scan(register, tmp_path / "data")
    assert "evidence added (id " in log
    assert "Jane Smith" not in log and "Acacia" not in log


def test_debug_level_shows_them_for_troubleshooting(demo_dir, tmp_path):
    (demo_dir / "evidence" / NAME).write_bytes(b"a plan that names a person")
    os.utime(demo_dir / "evidence" / NAME, (1, 1))
    log = _scan(demo_dir / "register.sqlite", tmp_path / "data", READINESS_LOG="debug")
    assert NAME in log and " DEBUG " in log
