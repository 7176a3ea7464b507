"""Small file operations shared by backups and encryption: flushing and tidying copies.

They only ever touch copies being made (temporary files, backups folders),
never a register that an SQLite connection in this process holds open.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def flush_to_disk(path: Path) -> None:
    """fsync a file or folder, so a power cut after a rename cannot leave an empty file."""
    if sys.platform == "win32" and path.is_dir():
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_copy(path: Path) -> None:
    """Delete a temporary copy and its rollback journal, if they exist."""
    for leftover in (path, path.with_name(path.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()
