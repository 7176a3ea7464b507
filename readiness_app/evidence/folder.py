"""Listing the evidence folder: what files are there, which are ignored, which cannot be read.

Reads only names and `stat` results (no file contents), so a rescan of 20,000
unchanged files costs about what `find` does. Symbolic links are followed
only when they point inside the evidence folder, and each real folder is
visited once, so link loops cannot hang a scan.
"""

from __future__ import annotations

import errno
import os
import stat as stat_module
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from readiness_app.evidence.ignore import IgnoreRules, attribute_reason, is_online_only
from readiness_app.evidence.names import os_name, shown, stored_name


class FoundFile(NamedTuple):
    """What the listing knows of one file. `list_folder` stores plain (size, mtime, online_only) tuples of
    the same shape (cheaper to build), so read values by position or compare them as tuples."""

    size: int
    mtime: float
    online_only: bool = False


@dataclass
class FolderListing:
    files: dict[str, tuple[int, float, bool]] = field(default_factory=dict)  # rel path -> (size, mtime, online_only)
    ignored: list[tuple[str, str]] = field(default_factory=list)  # (rel path, why)
    unreadable: dict[str, str] = field(default_factory=dict)  # file rel path -> why
    unreadable_folders: dict[str, str] = field(default_factory=dict)  # folder rel path -> why
    bad_names: list[str] = field(default_factory=list)  # names that cannot be stored at all (shown form)
    folders: int = 0

    def hidden_by_unreadable_folder(self, rel_path: str) -> str | None:
        """The reason, if `rel_path` lies inside a folder this scan could not read."""
        for folder, why in self.unreadable_folders.items():
            if not folder or rel_path.startswith(folder + "/"):
                return why
        return None


# Only Windows (attributes: hidden, system, OneDrive online-only) and macOS (st_flags: a File Provider
# file left in the cloud) say more than size and time; tests may switch this on.
HAS_ATTRIBUTES = sys.platform in ("win32", "darwin")


class FolderUnreachable(OSError):
    """The evidence folder itself is not there (share dropped, renamed, removed)."""


def os_path(path: Path | str) -> str:
    """The path to give the OS: on Windows, the extended-length form so paths over 260 characters work."""
    text = os.path.abspath(str(path))
    if sys.platform == "win32" and not text.startswith("\\\\?\\"):
        if text.startswith("\\\\"):
            return "\\\\?\\UNC\\" + text[2:]
        return "\\\\?\\" + text
    return text


def _reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long"
    return exc.strerror or type(exc).__name__


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def not_a_file(mode: int) -> str:
    """Why something in the folder that is neither a file nor a folder is ignored."""
    if stat_module.S_ISFIFO(mode):
        return "named pipe (FIFO), not a file"
    if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode):
        return "device, not a file"
    if stat_module.S_ISSOCK(mode):
        return "socket, not a file"
    return "not a regular file"


def check_root(root: Path | str) -> os.stat_result:
    """Stat the evidence folder itself; raise FolderUnreachable if it is not a reachable folder."""
    try:
        st = os.stat(os_path(root))
    except OSError as exc:
        raise FolderUnreachable(f"evidence folder {root} cannot be reached: {_reason(exc)}") from None
    if not stat_module.S_ISDIR(st.st_mode):
        raise FolderUnreachable(f"evidence folder {root} is not a folder")
    return st


def name_screen(rules: IgnoreRules) -> tuple[frozenset[str], frozenset[str]] | None:
    """(first characters, last characters): a name that may be ignored starts with one or ends with one.

    Most rules start or end with a plain character ("~$*", "*.tmp"), so a name like
    "s42 audit.pdf" can be passed over without the full pattern match, which was a
    fifth of the listing's Python time. None when some rule could match a name whatever its ends.
    """
    first: set[str] = set()
    last: set[str] = set()
    for pattern, _ in rules.patterns:
        lowered = pattern.lower()
        if not lowered:
            continue  # matches only an empty name, and names are never empty
        if lowered[-1] not in "*?[]":
            last.add(lowered[-1])
        elif lowered[0] not in "*?[]":
            first.add(lowered[0])
        else:
            return None
    # Names are compared before lower-casing: add the capitals of ASCII letters.
    return frozenset(first | {c.upper() for c in first}), frozenset(last | {c.upper() for c in last})


def list_folder(root: Path | str, rules: IgnoreRules) -> FolderListing:
    """Walk the whole evidence folder."""
    root_os = os_path(root)
    root_st = check_root(root)
    root_real = os.path.realpath(root_os)
    listing = FolderListing()
    visited = {(root_st.st_dev, root_st.st_ino)}
    stack: list[tuple[str, str]] = [("", root_os)]
    linked_dirs: list[tuple[str, str]] = []
    # Hot loop helpers: a rescan of 20,000 files should cost about what `find` does.
    any_ignored = rules.matches_any
    screen = name_screen(rules)
    firsts, lasts = screen or (frozenset(), frozenset())
    screened = screen is not None
    has_attributes = HAS_ATTRIBUTES
    files = listing.files
    S_ISREG = stat_module.S_ISREG
    while stack or linked_dirs:
        if not stack:
            # Linked folders last, so a real folder is always listed under its real path.
            rel_link, abs_link = linked_dirs.pop()
            try:
                st = os.stat(abs_link)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
            stack.append((rel_link, abs_link))
            continue
        rel_dir, abs_dir = stack.pop()
        listing.folders += 1
        try:
            with os.scandir(abs_dir) as scan:
                entries = list(scan)
        except FileNotFoundError:
            if not rel_dir:
                raise FolderUnreachable(f"evidence folder {root} vanished during the scan") from None
            continue  # a subfolder removed mid-scan: its files are simply not there
        except OSError as exc:
            listing.unreadable_folders[rel_dir] = _reason(exc)
            continue
        prefix = rel_dir + "/" if rel_dir else ""
        for entry in entries:
            name = entry.name
            # Non-ASCII ends always get the full check: lower-casing may turn them into ASCII.
            if (
                not screened or name[-1] in lasts or name[0] in firsts or not (name[0].isascii() and name[-1].isascii())
            ) and any_ignored(name.lower()):
                listing.ignored.append((prefix + name, rules.reason_for_name(name) or ""))
                continue
            if name.isascii():
                rel = prefix + name
            else:
                stored = stored_name(name)  # bytes that are not UTF-8 are kept as \xNN
                if stored is None:
                    listing.bad_names.append(shown(prefix + name))
                    continue
                rel = prefix + stored
            try:
                if entry.is_file(follow_symlinks=False):
                    # The common case, answered from the directory listing: one lstat, as `find` does.
                    st = entry.stat(follow_symlinks=False)
                elif entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _inside(target, root_real):
                        listing.ignored.append((rel, "link to a place outside the evidence folder"))
                        continue
                    st = os.stat(entry.path)
                    if stat_module.S_ISDIR(st.st_mode):
                        linked_dirs.append((rel, entry.path))
                        continue
                elif entry.is_dir(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    why = attribute_reason(st) if has_attributes else None
                    if why:
                        listing.ignored.append((rel, why))
                        continue
                    key = (st.st_dev, st.st_ino)
                    if key not in visited:  # a bind mount or junction seen twice
                        visited.add(key)
                        stack.append((rel, entry.path))
                    continue
                else:
                    listing.ignored.append((rel, not_a_file(entry.stat(follow_symlinks=False).st_mode)))
                    continue
            except FileNotFoundError:
                continue  # vanished between listing and stat
            except OSError as exc:
                listing.unreadable[rel] = _reason(exc)
                continue
            if not S_ISREG(st.st_mode):  # a link to a pipe or device, or replaced since the listing
                listing.ignored.append((rel, not_a_file(st.st_mode)))
                continue
            if has_attributes:
                why = attribute_reason(st)
                if why:
                    listing.ignored.append((rel, why))
                    continue
                files[rel] = (st.st_size, st.st_mtime, is_online_only(st))
            else:
                # A plain tuple, not a FoundFile: 20,000 constructor calls cost more than the compare they feed.
                files[rel] = (st.st_size, st.st_mtime, False)
    return listing


def list_paths(root: Path | str, rules: IgnoreRules, rel_paths: list[str]) -> FolderListing:
    """Look at just these paths (what the watcher saw change); absent ones are simply not listed."""
    root_os = os_path(root)
    check_root(root)
    root_real = os.path.realpath(root_os)
    listing = FolderListing()
    for given in rel_paths:
        rel = stored_name(os_name(given))  # the watcher gives OS names, the register stored ones
        if rel is None:
            listing.bad_names.append(shown(given))
            continue
        why = rules.reason(rel)
        if why:
            listing.ignored.append((rel, why))
            continue
        full = os.path.join(root_os, *os_name(rel).split("/"))
        try:
            if not _inside(os.path.realpath(full), root_real):
                listing.ignored.append((rel, "link to a place outside the evidence folder"))
                continue
            st = os.stat(full)
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            continue
        except OSError as exc:
            listing.unreadable[rel] = _reason(exc)
            continue
        if not stat_module.S_ISREG(st.st_mode):
            if not stat_module.S_ISDIR(st.st_mode):
                listing.ignored.append((rel, not_a_file(st.st_mode)))
            continue
        why = attribute_reason(st)
        if why:
            listing.ignored.append((rel, why))
            continue
        listing.files[rel] = FoundFile(st.st_size, st.st_mtime, is_online_only(st))
    return listing


def full_path(root: Path | str, rel_path: str) -> str:
    """The OS path of a stored relative path (a name with bytes kept as escapes gets its real bytes back)."""
    base = root if isinstance(root, str) and os.path.isabs(root) and sys.platform != "win32" else os_path(root)
    return os.path.join(base, *os_name(rel_path).split("/"))
