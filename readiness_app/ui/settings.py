"""The app's own preferences, in an INI file in the user's data folder.

Kept beside the logs (not in the registry) so an IT team can read it and tests
can redirect it with READINESS_DATA_DIR. Register content never goes here.
Keys: last_register, recent_registers, window/geometry, window/state,
window/page, columns/<table>, print/output_folder, print/marking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from readiness_app.paths import user_data_dir

SETTINGS_VERSION = 1


def app_settings() -> QSettings:
    path = user_data_dir() / "settings.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if settings.value("version") is None:
        settings.setValue("version", SETTINGS_VERSION)
    return settings


def last_register() -> Path | None:
    value = app_settings().value("last_register")
    if not value:
        return None
    path = Path(str(value))
    return path if path.exists() else None


def remember_register(path: Path) -> None:
    settings = app_settings()
    settings.setValue("last_register", str(path))
    recent = [str(path)] + [p for p in recent_registers() if p != str(path)]
    settings.setValue("recent_registers", recent[:8])


def recent_registers() -> list[str]:
    value = app_settings().value("recent_registers") or []
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value]
