"""Shared fixtures: every test runs offscreen with its own data folder.

`demo_dir` is built once per session and copied per test, so tests that
change it never affect each other.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from readiness_app.demo import build_demo  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.register.connection import Register  # noqa: E402

# A fixed "today" so the demo (and everything printed from it) is repeatable.
DEMO_TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    data = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("READINESS_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    yield data


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
