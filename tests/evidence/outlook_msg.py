"""Write a small Outlook .msg (an OLE compound file, MS-CFB version 3) for the tests.

Only what a reader needs: a root storage holding the property streams, every
stream in the mini stream (they are all under 4096 bytes).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from pathlib import Path

FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    raw = name.encode("utf-16-le") + b"\0\0" if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIII",
        raw, len(raw), kind, 1, NOSTREAM, right, child, b"\0" * 16, 0, 0, 0, start, size, 0,
    )  # fmt: skip


def write_msg(path: Path, subject: str, sender: str, sent: datetime) -> Path:
    filetime = int((sent - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)
    props = b"\0" * 32 + struct.pack("<IIQ", (0x0039 << 16) | 0x0040, 6, filetime)
    streams = {
        "__substg1.0_001A001F": "IPM.Note".encode("utf-16-le"),
        "__substg1.0_0037001F": subject.encode("utf-16-le"),
        "__substg1.0_0C1A001F": sender.encode("utf-16-le"),
        "__properties_version1.0": props,
    }
    # Siblings in the order the format sorts them (length, then upper case), as a chain to the right.
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    mini, minifat, starts = b"", [], {}
    for name in names:
        data = streams[name]
        count = max(1, -(-len(data) // 64))
        first = len(minifat)
        starts[name] = first
        minifat += [first + i + 1 for i in range(count - 1)] + [END]
        mini += data.ljust(count * 64, b"\0")
    mini_sectors = -(-len(mini) // 512)
    entries = [_entry("Root Entry", 5, 1, NOSTREAM, 4, len(mini))]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        entries.append(_entry(name, 2, NOSTREAM, right, starts[name], len(streams[name])))
    unused = _entry("", 0, NOSTREAM, NOSTREAM, 0, 0)
    directory = b"".join(entries) + unused * (8 - len(entries))  # two sectors, four entries each
    fat = [FATSECT, 2, END, END] + [4 + i + 1 for i in range(mini_sectors - 1)] + [END]
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6,
        0, 1, 1, 0, 4096, 3, 1, END, 0,
    )  # fmt: skip
    header += struct.pack("<109I", 0, *([FREE] * 108))
    body = struct.pack("<128I", *(fat + [FREE] * (128 - len(fat))))
    body += directory
    body += struct.pack("<128I", *(minifat + [FREE] * (128 - len(minifat))))
    body += mini.ljust(mini_sectors * 512, b"\0")
    path.write_bytes(header + body)
    return path
