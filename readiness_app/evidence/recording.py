"""Reconcile, step 4: record what the look at the folder found, in one transaction.

`write` is called by `reconcile.reconcile` with what steps 1 to 3 found (the listing,
the register's file facts, the hashes); `_Recording` has one method per kind of finding:
found again, changed, moved, new, not downloaded, missing, unreadable, duplicate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from readiness_app.evidence.classify import Classification, classify
from readiness_app.evidence.folder import FolderListing
from readiness_app.evidence.mail import MailDetails
from readiness_app.evidence.reconcile_result import Change, ReconcileResult
from readiness_app.evidence.settings import EvidenceSettings
from readiness_app.register import evidence as evidence_register
from readiness_app.register import records
from readiness_app.register.connection import Register


def write(
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
        self.mail: dict[str, MailDetails | None] = {}  # new saved e-mails: subject, sender, date

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
        count_unlisted(self.listing, result)
        for item_id in result.new_ids:
            if evidence_register.get(reg, item_id)["status"] == "accepted":
                offers = evidence_register.gaps_to_offer(reg, item_id)
                if offers:
                    result.gap_offers[item_id] = offers
        result.totals = evidence_register.presence_totals(reg)


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


def count_unlisted(listing: FolderListing, result: ReconcileResult) -> None:
    # Folders that could not be read and names that cannot be stored: counted as unreadable.
    result.unreadable += len(listing.unreadable_folders) + len(listing.bad_names)
    result.unreadable_paths.update({name: "file name is not valid text" for name in listing.bad_names})
    result.unreadable_paths.update({(f or ".") + "/": why for f, why in listing.unreadable_folders.items()})
