"""Is the evidence folder on a network share? (UNC path, mapped drive, NFS/SMB/CIFS mount)

Network folders deliver no native change events, so the watcher polls them
instead of waiting for events that never come.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smbfs",
    "smb3",
    "ncpfs",
    "afs",
    "9p",
    "davfs",
    "coda",
    "glusterfs",
    "ceph",
    "lustre",
    "gpfs",
    "ocfs2",
    "fuse.sshfs",
    "fuse.rclone",
    "fuse.davfs2",
    "fuse.glusterfs",
    "fuse.s3fs",
    "fuse.cephfs",
}
DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


def _unescape_mount(text: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def network_kind(
    path: Path | str,
    *,
    platform: str = sys.platform,
    mounts_text: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> str | None:
    """Why `path` is on a network ('UNC path', 'network drive', 'cifs mount' ...), or None if local.

    The injectable arguments let tests describe any machine.
    """
    text = str(path)
    if platform == "win32":
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return "UNC path"
        if text.startswith("\\\\?\\UNC\\"):
            return "UNC path"
        drive = text.lstrip("\\?")[:2]
        if len(drive) == 2 and drive[1] == ":":
            if drive_type is None:
                drive_type = _windows_drive_type
            if drive_type(drive[0].upper() + ":\\") == DRIVE_REMOTE:
                return "network drive"
        return None
    if platform.startswith("linux"):
        if mounts_text is None:
            try:
                mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
            except OSError:
                return None
        real = os.path.realpath(text) if mounts_text is not None and os.path.isabs(text) else text
        best, best_type = "", ""
        for line in mounts_text.splitlines():
            fields = line.split()
            if len(fields) < 3:
                continue
            mount, fstype = _unescape_mount(fields[1]), fields[2]
            inside = real == mount or real.startswith(mount.rstrip("/") + "/")
            if inside and len(mount) >= len(best):
                best, best_type = mount, fstype
        if best_type in NETWORK_FILESYSTEMS or best_type.startswith(("nfs", "smb", "cifs")):
            return f"{best_type} mount"
    return None


def _windows_drive_type(root: str) -> int:
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except Exception:  # not Windows, or no access: treat as local
        return 0
