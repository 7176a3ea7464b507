"""Settings council IT sets once for every user of a computer (a TOML file deployed by Intune or GPO).

Read from, in this order: the file named by READINESS_MACHINE_SETTINGS, then
%ProgramData%\\readiness-app\\settings.toml (Windows),
/Library/Application Support/readiness-app/settings.toml (macOS) or
/etc/readiness-app/settings.toml (Linux). Only an administrator can write
those folders, so users see the values but cannot change them. Keys:

    protective_marking = "OFFICIAL-SENSITIVE"   # the marking every new register starts with
    backup_folder = "D:\\\\CQC backups"         # where automatic and manual backups go
    require_encryption = true                   # new registers must have a passphrase

A missing file means no machine-wide settings; a file that cannot be read is
ignored with a warning in the log (the app still starts).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from readiness_app.logs import get_logger

ENVIRONMENT = "READINESS_MACHINE_SETTINGS"
log = get_logger(__name__)


@dataclass(frozen=True)
class MachineSettings:
    protective_marking: str | None = None
    backup_folder: Path | None = None
    require_encryption: bool = False
    source: Path | None = None  # the file they came from


def settings_file() -> Path:
    """Where this computer's settings file is looked for."""
    named = os.environ.get(ENVIRONMENT)
    if named:
        return Path(named)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData") / "readiness-app" / "settings.toml"
    if sys.platform == "darwin":
        return Path("/Library/Application Support/readiness-app/settings.toml")
    return Path("/etc/readiness-app/settings.toml")


def load() -> MachineSettings:
    """This computer's settings (read each time: the file is tiny and IT may change it at any moment)."""
    import tomllib

    path = settings_file()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MachineSettings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.warning("ignored the machine-wide settings file %s: %s", path, exc)
        return MachineSettings()
    marking = " ".join(str(data.get("protective_marking") or "").split()) or None
    folder = str(data.get("backup_folder") or "").strip()
    return MachineSettings(
        protective_marking=marking,
        backup_folder=Path(os.path.expandvars(folder)) if folder else None,
        require_encryption=data.get("require_encryption") is True,
        source=path,
    )
