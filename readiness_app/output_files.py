"""Writing an output file (PDF, spreadsheet, calendar, text) safely: the one way.

The content goes to a temporary file in the target folder (owner-only, as
`mkstemp` makes it: outputs may hold personal data), is flushed to disk, and is
renamed over the target. A crash, a full disk or a target locked by another
program never leaves half a file, and a locked target keeps its old content.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from readiness_app.errors import ReadinessError

CLOSE_IT = "close it in the program that has it open, or choose another file name"


def owner_only_from_now() -> None:
    """Make every file and folder this process creates its owner's alone (0600 files, 0700 folders).

    The register, its backups, the log, exports, PDFs and temporary files can all hold
    personal data, and a laptop may have other accounts on it. One process-wide umask,
    set by the launcher before anything is written, covers every way a file gets made
    (SQLite's own -wal and -shm files, reportlab, openpyxl, the log), where a mode on
    each `open` would miss some. Windows has no umask: there the app's own files live in
    the user's profile (%LOCALAPPDATA%), whose folder permissions are the user's alone.
    """
    if os.name == "posix":
        os.umask(0o077)


# Windows (NTFS) and macOS (APFS, HFS+ as laptops ship them) ignore case in file names:
# C:\Evidence and c:\evidence, ~/Shared and ~/shared are the same folder there.
CASE_INSENSITIVE = sys.platform in ("win32", "darwin")


def _compared(path: Path | str, case_insensitive: bool) -> Path:
    text = os.path.normcase(os.path.abspath(Path(path).expanduser()))
    return Path(text.casefold() if case_insensitive else text)


def inside(target: Path | str, folder: Path | str | None, *, case_insensitive: bool | None = None) -> bool:
    """True when `target` is, or would be written, somewhere inside `folder` (case-blind where the platform is)."""
    if folder is None:
        return False
    blind = CASE_INSENSITIVE if case_insensitive is None else case_insensitive
    return _compared(target, blind).is_relative_to(_compared(folder, blind))


def refuse_inside_evidence(target: Path | str, evidence: Path | str | None, what: str) -> None:
    """Backups and audit exports hold the whole register or its history: never in the shared folder."""
    if inside(target, evidence):
        raise ReadinessError(
            f"{what} cannot be written inside the evidence folder {evidence}: the watcher would offer it "
            "to colleagues as evidence; nothing was written",
            "choose a folder outside the evidence folder (a backup's default place is beside the register)",
            field="output",
        )


def evidence_warning(target: Path | str, evidence: Path | str | None) -> str | None:
    """A warning for another output (a PDF, an export) written into the shared evidence folder."""
    if not inside(target, evidence):
        return None
    return (
        f"{Path(target).name} was written inside the evidence folder, which colleagues share; "
        "the watcher will list it in the inbox as evidence. Move it if it was not meant for them"
    )


MAX_NAME_BYTES = 255  # what Windows, macOS and Linux allow for one file or folder name


def check_name_length(path: Path | str, field: str = "file") -> None:
    """Refuse a path with a file or folder name longer than any file system allows, in one line."""
    for part in Path(path).parts:
        if len(part.encode("utf-8")) > MAX_NAME_BYTES:
            raise ReadinessError(
                f"the name {part[:40]}... is {len(part)} characters long; file names can be at most {MAX_NAME_BYTES}",
                "choose a shorter name",
                field=field,
            )


def check_target(path: Path | str) -> Path:
    """Refuse an unusable output path before any work is done."""
    path = Path(path).expanduser()
    check_name_length(path, "output")
    if path.is_dir():
        raise ReadinessError(f"{path} is a folder; give a file name such as {path / 'document.pdf'}", field="output")
    folder = path.parent.resolve() if str(path.parent) else Path.cwd()
    if not folder.exists():
        raise ReadinessError(f"cannot write {path.name}: folder {folder} does not exist", field="output")
    if not folder.is_dir():
        raise ReadinessError(f"cannot write {path.name}: {folder} is not a folder", field="output")
    if not os.access(folder, os.W_OK):
        raise ReadinessError(f"cannot write to folder {folder} (permission denied)", field="output")
    return folder / path.name


def write_atomically(path: Path | str, content: bytes | Callable[[Path], None], *, close_hint: str = CLOSE_IT) -> Path:
    """Put `content` (bytes, or a function that writes the temporary file) at `path`."""
    target = check_target(path)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise ReadinessError(f"cannot write to folder {target.parent}: {exc.strerror or exc}", field="output") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as fh:
            if isinstance(content, bytes | bytearray):
                fh.write(content)
        if callable(content):
            content(temp)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(temp, target)
        except PermissionError:
            raise ReadinessError(
                f"cannot replace {target.name}: it is open in another program or read-only", close_hint, field="output"
            ) from None
    except OSError as exc:
        raise ReadinessError(f"cannot write {target}: {exc.strerror or exc}", field="output") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()  # already gone after a successful rename
    return target


def move_to_free_name(temp: Path, wanted: Path) -> Path:
    """Move `temp` to `wanted`, else `wanted (2)`, `(3)` ...: never over a file already there.

    Checking that a name is free and then renaming onto it leaves a moment in which a
    colleague's file of that name can arrive and be overwritten. A hard link fails when
    the name is taken, so it claims the name and fills it in one step. Where links are
    not allowed (FAT drives, some shares), an exclusive create claims the name and the
    rename replaces only that empty claim. Returns where the file went.
    """
    n = 1
    while True:
        target = wanted if n == 1 else wanted.with_name(f"{wanted.stem} ({n}){wanted.suffix}")
        n += 1
        try:
            os.link(temp, target)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            try:
                with open(target, "xb"):
                    pass
            except FileExistsError:
                continue
            os.replace(temp, target)
            return target
        os.unlink(temp)
        return target
