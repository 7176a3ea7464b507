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

Step 4 is `_Recording`, one method per kind of finding. It stays in this module
(just over 500 lines) because it shares the small helpers that classify and add
an item with steps 1 to 3; apart, the two halves would import each other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.evidence import folder as folder_module
from readiness_app.evidence.classify import Classification, classify
from readiness_app.evidence.folder import FolderListing, FolderUnreachable, full_path
from readiness_app.evidence.hashing import hash_many
from readiness_app.evidence.mail import MailDetails, is_mail, mail_details
from readiness_app.evidence.names import shown
from readiness_app.evidence.settings import EvidenceSettings
from readiness_app.evidence.settings import load as load_settings
from readiness_app.logs import get_logger
from readiness_app.register import assessment, records
from readiness_app.register import evidence as evidence_register
from readiness_app.register.connection import Register

log = get_logger(__name__)

COUNT_FIELDS = (
    "added",
    "changed",
    "moved",
    "missing",
    "reappeared",
    "duplicates",
    "ignored",
    "unreadable",
    "inbox",
    "not_downloaded",
    "waiting",
)


@dataclass(frozen=True)
class Change:
    """One thing that happened to one item, for the watch log and the desktop app's toast."""

    kind: str  # added, changed, moved, missing, reappeared, duplicate, unreadable, not_downloaded
    rel_path: str
    item_id: int | None = None
    detail: str = ""

    def line(self) -> str:
        ident = f" (id {self.item_id})" if self.item_id is not None else ""
        extra = f": {self.detail}" if self.detail else ""
        return shown(f"{self.kind} {self.rel_path}{ident}{extra}")  # a file name never starts a new line

    def nameless(self) -> str:
        """The change without its file name, for the log: names of files can name people."""
        return f"{self.kind} (id {self.item_id})" if self.item_id is not None else self.kind


@dataclass
class ReconcileResult:
    """What one reconcile found and did.

    Counts of changes made this run: added, changed, moved, missing (newly
    missing), reappeared, duplicates (newly flagged), inbox (new items left
    for the lead to triage). Counts of what the folder holds now: ignored,
    unreadable, not_downloaded, waiting (still arriving, retried later).
    """

    full: bool = True
    added: int = 0
    changed: int = 0
    moved: int = 0
    missing: int = 0
    reappeared: int = 0
    duplicates: int = 0
    ignored: int = 0
    unreadable: int = 0
    inbox: int = 0
    not_downloaded: int = 0
    waiting: int = 0
    new_ids: list[int] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    gap_offers: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # auto-accepted id -> gaps
    ignored_paths: list[tuple[str, str]] = field(default_factory=list)
    unreadable_paths: dict[str, str] = field(default_factory=dict)
    retry: list[str] = field(default_factory=list)  # paths to look at again soon (still arriving)
    totals: dict[str, int] = field(default_factory=dict)  # register after the run: items, present, missing ...
    seconds: float = 0.0
    hashed: int = 0
    finished_at: float = 0.0  # time.time()

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in COUNT_FIELDS}

    def summary(self) -> str:
        parts = [f"{getattr(self, n)} {n.replace('_', ' ')}" for n in COUNT_FIELDS if n != "waiting"]
        if self.waiting:
            parts.append(f"{self.waiting} still arriving")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["changes"] = [asdict(c) for c in self.changes]
        data["ignored_paths"] = [{"path": p, "why": w} for p, w in self.ignored_paths]
        data["unreadable_paths"] = [{"path": p, "why": w} for p, w in self.unreadable_paths.items()]
        return data

    def merge(self, other: ReconcileResult) -> ReconcileResult:
        """Fold a later run into this one (the watcher reports several runs as one)."""
        for name in ("added", "changed", "moved", "missing", "reappeared", "duplicates", "inbox", "hashed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("ignored", "unreadable", "not_downloaded", "waiting"):
            setattr(self, name, getattr(other, name) if other.full else max(getattr(self, name), getattr(other, name)))
        self.full = self.full or other.full
        self.new_ids += other.new_ids
        self.changes += other.changes
        self.gap_offers.update(other.gap_offers)
        self.retry += other.retry
        self.totals = other.totals or self.totals
        self.seconds += other.seconds
        self.finished_at = max(self.finished_at, other.finished_at)
        if other.full:
            self.ignored_paths, self.unreadable_paths = other.ignored_paths, other.unreadable_paths
        return self


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


def _write(
    reg: Register,
    root: Path,
    source: str,
    settings: EvidenceSettings,
    listing: FolderListing,
    by_path: dict[str, dict],
    scope: set[str],
    hashed: dict[str, Any],
    placeholders: list[str],
    settled: list[tuple[dict, str, dict]],
    result: ReconcileResult,
    mail: dict[str, MailDetails | None] | None = None,
) -> None:
    """Record what the look at the folder found, in one transaction, step by step."""
    with reg.transaction(source):
        audit_mark = records.last_audit_id(reg)
        step = _Recording(reg, settings, listing, by_path, result)
        step.mail = mail or {}
        vanishing = step.vanishing(scope)
        step.settled(settled)
        step.hashed(hashed)
        step.placeholders(placeholders)
        for rel, why in listing.unreadable.items():
            _unreadable(reg, rel, by_path.get(rel), why, settings, result, step.now)
        step.missing(vanishing)
        step.hidden_by_folders(scope)
        # Duplicate flags change only when file facts do: skip the check when this run wrote nothing.
        step.duplicates_and_offers(wrote=records.last_audit_id(reg) != audit_mark)


class _Recording:
    """The writes of one reconcile: found, changed, moved, new, not downloaded, missing."""

    def __init__(
        self,
        reg: Register,
        settings: EvidenceSettings,
        listing: FolderListing,
        by_path: dict[str, dict],
        result: ReconcileResult,
    ):
        self.reg, self.settings, self.listing, self.by_path, self.result = reg, settings, listing, by_path, result
        self.now = evidence_register.records.now_iso()
        self.present = set(listing.files)
        self.moved_from: dict[str, list[dict]] = {}  # sha256 -> items a file with that content may have left
        self.moved_ids: set[int] = set()
        self.mail: dict[str, MailDetails | None] = {}

    def _note(self, kind: str, rel: str, item_id: int, detail: str = "") -> None:
        self.result.changes.append(Change(kind, rel, item_id, detail=detail))

    def vanishing(self, scope: set[str]) -> list[dict]:
        """Items whose path has gone this run; they and items already missing are where a move can come from."""
        listing = self.listing
        gone = [
            self.by_path[rel]
            for rel in scope
            if rel not in self.present
            and rel not in listing.unreadable
            and not listing.hidden_by_unreadable_folder(rel)
            and not _is_ignored(rel, listing)
        ]
        for row in gone:
            if row["sha256"] and row["presence"] != "missing":
                self.moved_from.setdefault(row["sha256"], []).append(row)
        for row in self.by_path.values():
            if row["presence"] == "missing" and row["sha256"] and row["rel_path"] not in self.present:
                self.moved_from.setdefault(row["sha256"], []).append(row)
        return gone

    def settled(self, settled: list[tuple[dict, str, dict]]) -> None:
        for row, rel, values in settled:
            evidence_register.mark_found(self.reg, row["id"], seen_at=self.now, **values)
            self.result.reappeared += 1
            self._note("reappeared", rel, row["id"])

    def hashed(self, hashed: dict[str, Any]) -> None:
        for rel in sorted(hashed):
            outcome = hashed[rel]
            if outcome.missing:
                continue  # vanished mid-hash: the next run will see it gone
            if outcome.changed_while_hashing:
                self.result.waiting += 1
                self.result.retry.append(rel)
                continue
            row = self.by_path.get(rel)
            if outcome.problem:
                _unreadable(self.reg, rel, row, outcome.problem, self.settings, self.result, self.now)
                continue
            facts = {"sha256": outcome.sha256, "size": outcome.size, "mtime": outcome.mtime}
            if row is not None:
                self._known_file(row, rel, facts)
            elif not self._moved_here(rel, facts):
                _add(self.reg, rel, self.settings, self.result, presence="present", mail=self.mail.get(rel), **facts)

    def _known_file(self, row: dict, rel: str, facts: dict[str, Any]) -> None:
        was = row["presence"]
        evidence_register.mark_found(self.reg, row["id"], presence=_kept(was), problem="", seen_at=self.now, **facts)
        if was == "missing":
            self.result.reappeared += 1
            self._note("reappeared", rel, row["id"])
        elif row["sha256"] != facts["sha256"]:
            self.result.changed += 1
            self._note("changed", rel, row["id"])
        elif was != "present" and was != "duplicate":
            self._note("readable", rel, row["id"], detail=f"was {was}")

    def _moved_here(self, rel: str, facts: dict[str, Any]) -> bool:
        """A new path with the content of an item that has gone: the same evidence, moved."""
        sources = [r for r in self.moved_from.get(facts["sha256"], []) if r["id"] not in self.moved_ids]
        if not sources:
            return False
        old = sources[0]
        self.moved_ids.add(old["id"])
        evidence_register.mark_found(
            self.reg, old["id"], rel_path=rel, presence=_kept(old["presence"]), problem="", seen_at=self.now, **facts
        )
        self.result.moved += 1
        self._note("moved", rel, old["id"], detail=f"from {old['rel_path']}")
        return True

    def placeholders(self, placeholders: list[str]) -> None:
        for rel in sorted(placeholders):
            row = self.by_path.get(rel)
            size, mtime, _ = self.listing.files[rel]
            if row is not None and row["sha256"] and (row["size"], row["mtime"]) == (size, mtime):
                # Known content, only freed from this disk by OneDrive: still the same evidence.
                if row["presence"] == "missing":
                    evidence_register.mark_found(self.reg, row["id"], presence="present", problem="", seen_at=self.now)
                    self.result.reappeared += 1
                    self._note("reappeared", rel, row["id"])
                continue
            self.result.not_downloaded += 1
            if row is None:
                _add(self.reg, rel, self.settings, self.result, presence="not_downloaded", size=size, mtime=mtime)
            elif row["presence"] != "not_downloaded":
                evidence_register.mark_found(
                    self.reg, row["id"], presence="not_downloaded", problem="", seen_at=self.now
                )
                self._note("not_downloaded", rel, row["id"])

    def missing(self, vanishing: list[dict]) -> None:
        for row in vanishing:
            if row["id"] not in self.moved_ids and row["presence"] != "missing":
                evidence_register.mark_found(self.reg, row["id"], presence="missing", problem="")
                self.result.missing += 1
                self._note("missing", row["rel_path"], row["id"])

    def hidden_by_folders(self, scope: set[str]) -> None:
        for rel in scope:
            hidden_by = self.listing.hidden_by_unreadable_folder(rel) if rel not in self.present else None
            row = self.by_path[rel]
            if hidden_by and (row["presence"] != "unreadable" or row["problem"] != f"folder: {hidden_by}"):
                evidence_register.mark_found(self.reg, row["id"], presence="unreadable", problem=f"folder: {hidden_by}")
                self._note("unreadable", rel, row["id"], detail=f"folder: {hidden_by}")

    def duplicates_and_offers(self, *, wrote: bool) -> None:
        reg, result = self.reg, self.result
        for item_id in evidence_register.refresh_duplicates(reg) if wrote else []:
            result.duplicates += 1
            self._note("duplicate", evidence_register.rel_path(reg, item_id), item_id)
        _count_unlisted(self.listing, result)
        for item_id in result.new_ids:
            if evidence_register.get(reg, item_id)["status"] == "accepted":
                offers = evidence_register.gaps_to_offer(reg, item_id)
                if offers:
                    result.gap_offers[item_id] = offers
        result.totals = evidence_register.presence_totals(reg)


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


def _count_unlisted(listing: FolderListing, result: ReconcileResult) -> None:
    # Folders that could not be read and names that cannot be stored: counted as unreadable.
    result.unreadable += len(listing.unreadable_folders) + len(listing.bad_names)
    result.unreadable_paths.update({name: "file name is not valid text" for name in listing.bad_names})
    result.unreadable_paths.update({(f or ".") + "/": why for f, why in listing.unreadable_folders.items()})


def _kept(presence: str) -> str:
    # 'duplicate' stays until refresh_duplicates decides, so a moved duplicate is not reported as a new one.
    return "duplicate" if presence == "duplicate" else "present"


def _is_ignored(rel: str, listing: FolderListing) -> bool:
    # An item that now matches an ignore rule is left as it is, not marked missing.
    return any(rel == p or rel.startswith(p + "/") for p, _ in listing.ignored)


def _add(
    reg: Register,
    rel: str,
    settings: EvidenceSettings,
    result: ReconcileResult,
    *,
    presence: str,
    detail: str | None = None,
    mail: MailDetails | None = None,
    **facts: Any,
) -> int:
    """Register a file found in the folder, classified by its path; `detail` words the change
    where the usual "QS; category; status" does not fit. A saved e-mail's subject is read as its name."""
    found = classify(rel, settings.reference_pattern)
    if mail is not None:
        found = _with_subject(rel, mail.title, found, settings)
        facts |= {"title": mail.title or None, "owner": mail.owner, "document_date": mail.document_date}
    status = "accepted" if settings.auto_accept and found.complete and presence == "present" else "inbox"
    item_id = evidence_register.add_found(
        reg,
        rel,
        qs=found.qs,
        category=found.category,
        reference=found.reference,
        status=status,
        presence=presence,
        **facts,
    )
    result.added += 1
    result.new_ids.append(item_id)
    if status == "inbox":
        result.inbox += 1
    if detail is None:
        tags = ", ".join(found.qs) or "no QS"
        detail = f"{tags}; {found.category or 'no category'}; {status}"
        if presence != "present":
            detail += f"; {presence.replace('_', ' ')}"
    result.changes.append(Change("added", rel, item_id, detail=detail))
    return item_id


def _with_subject(rel: str, subject: str, found: Classification, settings: EvidenceSettings) -> Classification:
    """QS and reference from an e-mail's subject where its path gives none (the subject is its real name)."""
    if not subject:
        return found
    folder = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    safe = subject.replace("/", " ").replace("\\", " ")
    by_subject = classify(folder + safe + ".eml", settings.reference_pattern)
    return Classification(
        qs=found.qs or by_subject.qs,
        category=found.category or by_subject.category,
        reference=found.reference or by_subject.reference,
    )


def _unreadable(
    reg: Register,
    rel: str,
    row: dict | None,
    why: str,
    settings: EvidenceSettings,
    result: ReconcileResult,
    now: str,
) -> None:
    result.unreadable += 1
    result.unreadable_paths[rel] = why
    if row is None:
        _add(reg, rel, settings, result, presence="unreadable", detail=f"unreadable: {why}", problem=why)
    elif row["presence"] != "unreadable" or row["problem"] != why:
        evidence_register.mark_found(reg, row["id"], presence="unreadable", problem=why, seen_at=now)
        result.changes.append(Change("unreadable", rel, row["id"], detail=why))


__all__ = ["Change", "FolderUnreachable", "ReconcileResult", "evidence_root", "reconcile"]
