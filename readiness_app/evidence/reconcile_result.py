"""What one reconcile of the evidence folder found: counts, changes and the paths behind them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from readiness_app.evidence.names import shown

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
