"""Reconcile: make the register agree with the evidence folder. The folder is the truth.

    result = reconcile(reg)                       # whole folder, source "cli"
    result = reconcile(reg, paths=["a/b.pdf"])    # just these paths (the watcher)

What one run does, in order:
1. List the folder (names and stat only) and load the register's file facts.
   The usual full rescan, where every file matches the register's size and
   mtime and nothing is unreadable, stops here: one dict comparison, no
   transaction, nothing written (`_nothing_changed`).
2. Decide per path: unchanged (same size and mtime: never re-hashed), new,
   changed, back again, ignored, unreadable, online-only ("not downloaded",
   never opened), or still arriving (0 bytes, or the caller says wait).
3. Hash what needs hashing on a thread pool, outside any transaction. A file
   that vanishes mid-hash is skipped this round; one that changes mid-hash is
   retried later. Neither leaves a record behind.
4. Write everything in ONE transaction (source "cli", "watcher", "app"):
   - a new path whose content matches an item whose own path has gone is a
     move: the item keeps its id, tags, notes and links, and gets the new path;
   - otherwise a new item, classified (QS, category, reference) and put in
     the inbox (or accepted, if auto-accept is on and it is fully classified);
   - items whose path has gone become "missing" (never deleted);
   - items inside a folder that could not be read become "unreadable", not missing;
   - content found at two or more paths is flagged "duplicate" (all kept).

If the evidence folder itself cannot be reached, `FolderUnreachable` is raised
and nothing is written: an unplugged share never marks everything missing.

Steps 1 to 3 are here; step 4 is `recording.py` (`_Recording`, one method per
kind of finding); what a run found is `reconcile_result.py`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.evidence import folder as folder_module
from readiness_app.evidence.folder import FolderListing, FolderUnreachable, full_path
from readiness_app.evidence.hashing import hash_many
from readiness_app.evidence.mail import is_mail, mail_details
from readiness_app.evidence.reconcile_result import COUNT_FIELDS, Change, ReconcileResult
from readiness_app.evidence.recording import count_unlisted as _count_unlisted
from readiness_app.evidence.recording import write as _write
from readiness_app.evidence.settings import EvidenceSettings
from readiness_app.evidence.settings import load as load_settings
from readiness_app.logs import get_logger
from readiness_app.register import assessment
from readiness_app.register import evidence as evidence_register
from readiness_app.register.connection import Register

log = get_logger(__name__)


def evidence_root(reg: Register) -> Path:
    root = assessment.evidence_folder(reg)
    if root is None:
        raise ReadinessError(
            "this register has no evidence folder",
            hint="set one in the desktop app's settings, or create the register with `init --evidence DIR`",
        )
    return root


def reconcile(
    reg: Register,
    root: Path | str | None = None,
    *,
    paths: list[str] | None = None,
    source: str = "cli",
    settings: EvidenceSettings | None = None,
    defer: Callable[[str, int, float], bool] | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ReconcileResult:
    """Bring the register in line with the folder (or with just `paths`, relative and '/'-separated).

    `defer(rel_path, size, mtime)` lets the watcher hold back files that are
    still arriving; `progress(done, total)` reports hashing; `cancel` stops
    before anything is written. Raises FolderUnreachable if the folder is not there.
    """
    started = time.perf_counter()
    root = Path(root) if root is not None else evidence_root(reg)
    settings = settings or load_settings(reg)
    rules = settings.ignore_rules
    full = paths is None
    if full:
        listing = folder_module.list_folder(root, rules)
    else:
        listing = folder_module.list_paths(root, rules, sorted(set(paths or ())))
    result = ReconcileResult(full=full)
    result.ignored_paths = listing.ignored
    result.ignored = len(listing.ignored)

    if full and _nothing_changed(reg, listing):
        # The usual rescan: every file as the register knows it. Nothing to hash or write, so no transaction.
        if cancel is not None and cancel.is_set():
            raise ReadinessError("the scan was cancelled; nothing was changed")
        _count_unlisted(listing, result)
        result.totals = evidence_register.presence_totals(reg)
        result.seconds = time.perf_counter() - started
        result.finished_at = time.time()
        return result

    rows = evidence_register.known_files(reg)
    by_path = {r["rel_path"]: r for r in rows}
    scope = set(by_path) if full else set(paths or ()) & set(by_path)

    to_hash: list[str] = []
    placeholders: list[str] = []
    settled: list[tuple[dict, str, dict]] = []  # (row, rel, values) that need no hash
    row: dict[str, Any] | None
    for rel, (size, mtime, online_only) in listing.files.items():
        row = by_path.get(rel)
        if online_only:
            placeholders.append(rel)
            continue
        if (
            row is not None
            and row["sha256"]
            and row["size"] == size
            and row["mtime"] == mtime
            and row["presence"] in ("present", "duplicate", "missing")
        ):
            if row["presence"] == "missing":
                settled.append((row, rel, {"presence": "present", "problem": ""}))
            continue  # unchanged: never re-hashed
        if size == 0 or (defer is not None and defer(rel, size, mtime)):
            result.waiting += 1
            result.retry.append(rel)
            continue
        to_hash.append(rel)

    root_os = folder_module.os_path(root)
    targets = {rel: full_path(root_os, rel) for rel in to_hash}
    outcomes = hash_many(list(targets.values()), workers=workers, progress=progress, cancel=cancel)
    hashed = {rel: outcomes[path] for rel, path in targets.items()}
    result.hashed = len(hashed)
    if cancel is not None and cancel.is_set():
        raise ReadinessError("the scan was cancelled; nothing was changed")

    # A new saved e-mail's subject, sender and date: read before the transaction, only for new files.
    mail = {rel: mail_details(targets[rel]) for rel in hashed if is_mail(rel) and rel not in by_path}
    _write(reg, root, source, settings, listing, by_path, scope, hashed, placeholders, settled, result, mail)
    result.seconds = time.perf_counter() - started
    result.finished_at = time.time()
    for change in result.changes:
        # File names can carry people's names: the log keeps them only at debug level.
        log.info("evidence %s", change.nameless())
        log.debug("evidence %s", change.line())
    return result


def _nothing_changed(reg: Register, listing: FolderListing) -> bool:
    """True when a full listing matches the register exactly, so the run would hash and write nothing.

    That needs every item not missing to be hashed and present (or duplicate) with the size and mtime
    found, no other files, and nothing unreadable. One dict comparison, in C, instead of a loop
    over sqlite3.Row objects; anything else takes the full path below.
    """
    if listing.unreadable or listing.unreadable_folders:
        return False
    known = evidence_register.settled_files(reg)
    return known is not None and known == listing.files


__all__ = ["COUNT_FIELDS", "Change", "FolderUnreachable", "ReconcileResult", "evidence_root", "reconcile"]
