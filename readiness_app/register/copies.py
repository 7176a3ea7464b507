"""Which copy of a register is in the file: its write count, read from the file itself.

A backup copied over an open register with `cp` (or "replace" in a file manager
that writes in place) keeps the file's inode, so the device-and-inode check in
`connection.py` cannot see it. SQLite does not see it either: in WAL mode an open
connection reads the pages it cached and the pages in the journal (-wal), not the
file, and `data_version` does not move.

So every write transaction adds one to `register_copy.writes` (a one-row table),
and a writer that must notice a copy (the desktop app, `watch`) checkpoints after
each write, so the file itself holds its latest count. When the file then changes
on disk (its size or times), the count is read from the FILE, bypassing SQLite's
cache and journal: a count lower than the one this program last saw there, a
count higher than anything committed, another register's id, or a file no longer
in WAL mode (a `VACUUM INTO` copy) means another copy was put in its place.

Reading the file: on Linux and macOS a program must not open and close a file that
SQLite holds open (closing any descriptor drops all of the process's locks on it;
see `connection._open_here`), so the page is read with `pread` through SQLite's own
descriptor, found by its device and inode. On Windows, where locks belong to the
handle, the file is simply opened. An encrypted register's pages cannot be read
this way; for it only a replacement by another file (a new inode) is noticed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKER = "readiness register writes"  # the first text column of the row, so a page of another layout is not misread
LEAF_TABLE_PAGE = 0x0D
WAL_MODE = b"\x02\x02"  # bytes 18-19 of the header of a register in WAL mode


def _varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: (value, next offset)."""
    value = 0
    for n in range(9):
        byte = data[at + n]
        if n == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + n + 1
    raise ValueError("bad varint")  # pragma: no cover - the loop always returns


def _column(data: bytes, at: int, serial: int) -> tuple[object, int]:
    sizes = {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8, 8: 0, 9: 0}
    if serial in sizes:
        size = sizes[serial]
        if serial in (8, 9):
            return serial - 8, at
        if serial == 0:
            return None, at
        return int.from_bytes(data[at : at + size], "big", signed=True), at + size
    if serial >= 13 and serial % 2 == 1:
        size = (serial - 13) // 2
        return data[at : at + size].decode("utf-8"), at + size
    raise ValueError("not a register_copy column")


def row_in_page(page: bytes) -> tuple[str, int] | None:
    """(register id, writes) from the `register_copy` table's page, or None for a page of anything else."""
    try:
        if page[0] != LEAF_TABLE_PAGE or int.from_bytes(page[3:5], "big") != 1:
            return None
        cell = int.from_bytes(page[8:10], "big")
        _size, at = _varint(page, cell)
        rowid, at = _varint(page, at)
        header_size, start = _varint(page, at)
        serials = []
        pos, end = start, at + header_size
        while pos < end:
            serial, pos = _varint(page, pos)
            serials.append(serial)
        values = []
        pos = end
        for serial in serials:
            value, pos = _column(page, pos, serial)
            values.append(value)
    except (IndexError, ValueError, UnicodeDecodeError):
        return None
    if rowid != 1 or len(values) != 4 or values[1] != MARKER:
        return None
    register_id, writes = values[2], values[3]
    if not isinstance(register_id, str) or not isinstance(writes, int):
        return None
    return register_id, writes


def _fd_folder() -> str | None:
    for folder in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(folder):
            return folder
    return None


def _sqlite_descriptor(key: tuple[int, int]) -> int | None:
    """A descriptor this process already has open on the file (SQLite's), found by device and inode."""
    folder = _fd_folder()
    if folder is None:
        return None
    for name in os.listdir(folder):
        try:
            fd = int(name)
            st = os.fstat(fd)
        except (ValueError, OSError):
            continue
        if (st.st_dev, st.st_ino) == key:
            return fd
    return None


def read_pages(path: Path, key: tuple[int, int], page_size: int, page_number: int) -> tuple[bytes, bytes] | None:
    """The file's header (100 bytes) and one page, as on disk; None when they cannot be read safely."""
    offset = (page_number - 1) * page_size
    try:
        if sys.platform == "win32":
            with open(path, "rb") as fh:  # Windows locks belong to the handle: another handle is harmless
                header = fh.read(100)
                fh.seek(offset)
                return header, fh.read(page_size)
        fd = _sqlite_descriptor(key)
        if fd is None:
            return None
        return os.pread(fd, 100, 0), os.pread(fd, page_size, offset)
    except OSError:
        return None


def file_signature(path: Path) -> tuple[int, int, int, int, int] | None:
    """What changes when the file's bytes change on disk: device, inode, size, modification and change times."""
    try:
        st = os.stat(path)  # stat opens no descriptor
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
