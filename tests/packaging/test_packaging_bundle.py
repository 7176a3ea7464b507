"""Build the real bundle with PyInstaller into a temporary folder and run it as IT would.

Slow (about a minute): one build shared by the tests in this module.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from readiness_app import __version__

ROOT = Path(__file__).resolve().parents[2]
# bytes unpacked, Linux (issue 28): ICU's data trimmed to English by build.py, no Wayland plugin,
# no WebP/colour-management in Pillow, Pillow sharing the bundle's libraries, England's holidays
# only; the README screenshots never ship.
SIZE_TARGET = 130_000_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None, reason="PyInstaller is not installed"),
]


def files_in(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.lstat().st_size for p in folder.rglob("*")}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--no-check",
            "--dist",
            str(work / "dist"),
            "--work",
            str(work / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1100,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    if sys.platform == "darwin":
        return work / "dist" / "Readiness.app"
    return work / "dist" / "readiness-app"


@pytest.fixture(scope="module")
def executable(bundle) -> Path:
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / "readiness"
    return bundle / ("readiness-cli.exe" if sys.platform == "win32" else "readiness")


def frozen_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", READINESS_DATA_DIR=str(tmp_path / "data"))
    return env


def test_frozen_version(executable, tmp_path):
    result = subprocess.run(
        [str(executable), "--version"],
        env=frozen_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"readiness-app {__version__} (Python {platform.python_version()})"


def test_frozen_self_test_passes_and_writes_nothing_into_the_bundle(bundle, executable, tmp_path):
    before = files_in(bundle)
    result = subprocess.run(
        [str(executable), "--self-test"],
        env=frozen_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test (frozen" in result.stdout
    for step in (
        "resources",
        "demo register",
        "main window",
        "PDF",
        "print preview",
        "evidence reconcile",
        "search",
        "spreadsheets",
        "Word document",
        "PDF password",
        "encrypted register",
        "bank holidays",
        "images",
        "hashing",
        "text in other scripts",
        "folder watcher",
    ):
        assert f"  ok  {step}: " in result.stdout
    assert "self-test passed" in result.stdout
    if ctypes.util.find_library("crypto") == "libcrypto.so.3":  # the system's OpenSSL hashes evidence files
        assert "  ok  hashing: SHA-256 by OpenSSL" in result.stdout
    # Resources come from inside the bundle, not from the source tree.
    resources_line = next(line for line in result.stdout.splitlines() if "ok  resources:" in line)
    assert str(bundle) in resources_line
    # User data (registers, settings, logs) never lands in the bundle.
    assert files_in(bundle) == before
    assert (tmp_path / "data" / "logs" / "readiness.log").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the size target and the trimming are for Linux")
def test_linux_bundle_is_small_and_holds_no_development_tools(bundle):
    files = files_in(bundle)
    real = {name: size for name, size in files.items() if not (bundle / name).is_symlink()}
    assert sum(real.values()) < SIZE_TARGET
    names = "\n".join(files)
    for unwanted in (
        "_pytest/",
        "pytestqt/",
        "ruff/",
        "PyInstaller/",
        "tkinter",
        "QtWebEngine",
        "QtQml.",
        "QtQuick",
        "QtNetwork.",
        "libQt6Network",
        "/translations/",
        "libqgtk3",
        "libqeglfs",
        "libqjpeg",
        "default-docx-template",
        "libcrypto.so",
        "pillow.libs/libXau",
        "pillow.libs/libxcb",
        "pillow.libs/libzstd",
    ):
        assert unwanted not in names, unwanted
    assert not [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()], "dangling symlinks"
    # The folder installs itself: desktop entry and install script ride along.
    assert (bundle / "install.sh").stat().st_mode & 0o111
    assert (bundle / "readiness-app.desktop").exists()
    assert (bundle / "_internal" / "resources" / "framework" / "cqc-local-authority.toml").exists()
