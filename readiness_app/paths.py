"""Where the app's own files are, run from source or frozen by PyInstaller."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder: beside the package from source, in the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_guide_dir() -> Path:
    """`docs/user-guide/`: the guide's pages, read on GitHub and shown by the app's Help > Guide."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "docs" / "user-guide"
    return Path(__file__).resolve().parent.parent / "docs" / "user-guide"


def user_data_dir() -> Path:
    """Per-user data folder (registers, demo, logs); never inside the app bundle.

    Plain-Python twin of QStandardPaths.AppDataLocation so the command line does
    not need Qt. `READINESS_DATA_DIR` overrides it (tests use this).
    """
    override = os.environ.get("READINESS_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "readiness-app"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "readiness-app"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "readiness-app"


def licences_folder() -> Path | None:
    """The licence texts of every bundled component (made by the build), or None when run from source."""
    if not getattr(sys, "frozen", False):
        return None
    exe = Path(sys.executable).resolve().parent
    for folder in (exe / "licenses", exe.parent / "Resources" / "licenses"):  # folder bundle; macOS .app
        if folder.is_dir():
            return folder
    return None
