"""The suite's own rigour: a test that logs an unexpected WARNING or ERROR fails.

Runs pytest on a tiny test file that uses the suite's conftest, in a child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TESTS = """
import logging

import pytest

log = logging.getLogger("readiness_app.sample")


def test_logs_a_warning():
    log.warning("disk nearly full")


def test_logs_info_only():
    log.info("all well")


@pytest.mark.allow_log("disk nearly full")
def test_expects_this_warning():
    log.warning("disk nearly full")


@pytest.mark.allow_log("something else")
def test_expects_another_warning():
    logging.getLogger("some.library").error("connection lost")
"""


def test_unexpected_log_records_fail_the_test(tmp_path):
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_sample.py").write_text(TESTS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA", "--rootdir", str(tmp_path)]
        + ["-o", "markers=allow_log: expected log records", "-W", "error", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert "PASSED test_sample.py::test_logs_info_only" in out
    assert "PASSED test_sample.py::test_expects_this_warning" in out
    assert "ERROR test_sample.py::test_logs_a_warning" in out
    assert "WARNING readiness_app.sample: disk nearly full" in out
    assert "ERROR test_sample.py::test_expects_another_warning" in out
    assert "ERROR some.library: connection lost" in out
