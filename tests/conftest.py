"""Shared fixtures: every test runs offscreen with its own data folder.

`demo_dir` is built once per session and copied per test, so tests that
change it never affect each other.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readiness_app import clock  # noqa: E402
from readiness_app.demo import build_demo  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.register.connection import Register  # noqa: E402

# A fixed "today" so the demo (and everything printed from it) is repeatable.
DEMO_TODAY = date(2026, 11, 23)


def pin_today(monkeypatch, day: date | datetime) -> None:
    """Pin the app's one clock to `day` (09:00 for a bare date), here and in every process a test starts."""
    clock.pin(day)
    monkeypatch.setenv(clock.ENV, day.isoformat(timespec="seconds") if isinstance(day, datetime) else day.isoformat())


@pytest.fixture(autouse=True)
def _pinned_clock(monkeypatch):
    """Every test runs on DEMO_TODAY, whatever the machine's date: the suite passes on any day."""
    pin_today(monkeypatch, DEMO_TODAY)
    yield
    clock.unpin()


@pytest.fixture
def set_today(monkeypatch):
    """A test that needs another day calls `set_today(date(...))`."""
    return lambda day: pin_today(monkeypatch, day)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("READINESS_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    yield data


# Log records no test needs to declare, each with why it is harmless.
KNOWN_LOG_RECORDS = [
    # watchdog 7.x: an observer stopped while its inotify thread is between two reads logs this
    # race instead of the event it no longer wants; the observer still stops and nothing is lost
    # (the reconciliation scan is the truth, not the events).
    ("watchdog.observers.inotify", re.compile(r"queue_events\(\) called when the thread is inactive")),
]


@pytest.fixture(autouse=True)
def _no_unexpected_log_problems(request, caplog):
    """Fail a test that logs a WARNING or worse it did not declare with `@pytest.mark.allow_log`.

    The app's own logger does not propagate to the root logger (it writes its own file), so the
    capturing handler is attached to it too. Records from set-up, the test and tear-down count.
    """
    app_logger = logging.getLogger("readiness_app")
    app_logger.addHandler(caplog.handler)
    try:
        yield
    finally:
        app_logger.removeHandler(caplog.handler)
    records = caplog.get_records("setup") + caplog.get_records("call") + caplog.records
    problems = [
        r
        for r in records
        if r.levelno >= logging.WARNING
        and not any(r.name == name and known.search(r.getMessage()) for name, known in KNOWN_LOG_RECORDS)
    ]
    marker = request.node.get_closest_marker("allow_log")
    if marker is not None:
        allowed = [re.compile(p) for p in marker.args]
        problems = [r for r in problems if allowed and not any(p.search(r.getMessage()) for p in allowed)]
    if problems:
        lines = "\n".join(f"  {r.levelname} {r.name}: {r.getMessage()}" for r in problems)
        pytest.fail(f"unexpected log records (mark the test allow_log if they are expected):\n{lines}", pytrace=False)


@pytest.fixture(autouse=True)
def _exceptions_in_slots_fail(request):
    """An exception raised in a Qt slot (which Qt hands to sys.excepthook) fails the test.

    pytest-qt's own capture must stay on (nobody may mark a test qt_no_exception_capture);
    this hook is a second net that also covers exceptions raised where pytest-qt is not
    listening, and names the slot's exception in the failure.
    """
    disabled = request.node.get_closest_marker("qt_no_exception_capture") or request.config.getini(
        "qt_no_exception_capture"
    )
    assert not disabled, "exceptions in Qt slots must fail the tests: remove qt_no_exception_capture"
    caught: list[BaseException] = []
    previous = sys.excepthook

    def hook(kind, value, tb):
        caught.append(value)
        previous(kind, value, tb)

    sys.excepthook = hook
    try:
        yield
    finally:
        if sys.excepthook is hook:
            sys.excepthook = previous
    if caught:
        pytest.fail(f"an exception reached sys.excepthook (a Qt slot raised): {caught[0]!r}", pytrace=False)


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-master") / "demo"
    build_demo(folder, today=DEMO_TODAY)
    return folder


@pytest.fixture
def demo_dir(_demo_master, tmp_path) -> Path:
    """A private copy of the demo: register.sqlite and evidence/, with file times kept."""
    target = tmp_path / "demo"
    shutil.copytree(_demo_master, target, copy_function=shutil.copy2)
    return target


@pytest.fixture
def demo_register(demo_dir) -> Register:
    reg = open_register(demo_dir / "register.sqlite", source="app")
    yield reg
    reg.close()


@pytest.fixture
def empty_register(tmp_path) -> Register:
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    reg = create_register(tmp_path / "register.sqlite", council="Testshire Council", evidence_folder=evidence)
    yield reg
    reg.close()
