"""Where a register may live: on the laptop's own disk, outside the evidence folder.

SQLite's WAL journal relies on shared memory that network file systems do not
provide, and sync clients (OneDrive, Dropbox ...) copy the database and its
journal separately, which corrupts it. So a register inside the shared evidence
folder is refused, and one on a network drive or synced folder gets a warning.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath

from readiness_app.errors import ReadinessError
from readiness_app.output_files import inside

NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "9p", "afs", "ncpfs", "coda", "davfs",
    "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.gvfsd-fuse", "fuse.s3fs", "glusterfs", "ceph", "lustre",
}  # fmt: skip

# Folder names that sync clients create; matched case-insensitively against each path part.
SYNCED_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "my drive", "icloud drive",
                  "iclouddrive", "com~apple~clouddocs", "mobile documents", "sharepoint", "box sync",
                  "cloudstorage", "nextcloud", "owncloud", "pcloud", "sync.com")  # fmt: skip


def refuse_inside_evidence(register_path: Path | str, evidence_folder: Path | str, field: str = "") -> None:
    """Raise if the register would sit inside the watched evidence folder: the one check, wherever it is chosen.

    Case-blind on Windows and macOS, whose file systems ignore case (`output_files.inside`).
    """
    register = Path(os.path.abspath(register_path))
    evidence = Path(os.path.abspath(evidence_folder))
    if inside(register, evidence):
        raise ReadinessError(
            f"the register {register} must not live inside the evidence folder {evidence}",
            "keep register.sqlite on the laptop's own disk, outside the shared evidence folder",
            field=field,
        )


def synced_marker(path: PurePath) -> str | None:
    """The sync-client folder name in `path`, if any (e.g. 'OneDrive - Northmoor')."""
    for part in path.parts:
        lower = part.lower()
        for marker in SYNCED_MARKERS:
            if lower == marker or lower.startswith(marker + " -") or lower.startswith(marker + "-"):
                return part
        if lower.startswith("onedrive") or lower.startswith("dropbox"):
            return part
    return None


# Windows sets these to the OneDrive folders it syncs (personal, work or school); a folder
# renamed by the council ("Northmoor Council") is found through them, not by its name.
ONEDRIVE_VARIABLES = ("OneDriveCommercial", "OneDriveConsumer", "OneDrive")


def sync_roots(environ: Mapping[str, str] | None = None, home: Path | None = None) -> list[Path]:
    """The synced folders of this user: OneDrive on Windows (environment) and macOS (~/Library/CloudStorage)."""
    environ = os.environ if environ is None else environ
    roots = [Path(environ[name]) for name in ONEDRIVE_VARIABLES if environ.get(name)]
    storage = (home or Path.home()) / "Library" / "CloudStorage"  # macOS File Provider: OneDrive-*, SharePoint
    try:
        roots += sorted(p for p in storage.iterdir() if p.is_dir())
    except OSError:
        pass
    return list(dict.fromkeys(roots))


def synced_folder(path: Path, environ: Mapping[str, str] | None = None, home: Path | None = None) -> str | None:
    """The synced (OneDrive, SharePoint, Dropbox ...) folder `path` is in, by its name, or None."""
    text = os.path.normcase(os.path.abspath(path))
    for root in sync_roots(environ, home):
        top = os.path.normcase(os.path.abspath(root))
        if text == top or text.startswith(top.rstrip("\\/") + os.sep):
            return root.name
    return synced_marker(PurePath(path))


def mount_type(path: Path, mounts_text: str | None = None) -> str | None:
    """The file-system type of the mount holding `path` (Linux /proc/mounts), or None."""
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, fields[2]
    return best_type


def is_network_path(path: Path, mounts_text: str | None = None, platform: str | None = None) -> bool:
    platform = platform or sys.platform
    text = str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True  # UNC path: \\server\share
    if platform == "win32":
        return _windows_remote_drive(text)
    fs = mount_type(path, mounts_text)
    return fs is not None and (fs in NETWORK_FILESYSTEMS or fs.startswith("nfs") or fs.startswith("smb"))


def _windows_remote_drive(text: str) -> bool:
    """A mapped network drive (GetDriveType says DRIVE_REMOTE)."""
    if len(text) < 2 or text[1] != ":":
        return False
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(text[:2] + "\\") == 4  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def location_warnings(
    register_path: Path,
    mounts_text: str | None = None,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> list[str]:
    """Warnings to show when the register sits on a network drive or in a synced folder."""
    path = Path(os.path.abspath(register_path))
    warnings = []
    if is_network_path(path, mounts_text, platform):
        warnings.append(
            f"the register {path} is on a network drive; SQLite can corrupt it there. "
            "Keep it on the laptop's own disk (the evidence folder can stay shared)"
        )
    marker = synced_folder(path, environ, home)
    if marker:
        warnings.append(
            f"the register {path} is in a synced folder ({marker}); syncing can corrupt it or spread copies. "
            "Keep it on the laptop's own disk, outside synced folders"
        )
    return warnings
