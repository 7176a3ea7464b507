"""Importing details of evidence files already in the register, matched by relative path."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.framework import current
from readiness_app.framework.matcher import match_category
from readiness_app.interop import columns as cols
from readiness_app.interop.columns import cell_text
from readiness_app.interop.importers.base import (
    BAD,
    EVIDENCE_STATUS_WORDS,
    Change,
    RowImporter,
    cell_date,
    private,
    word_choice,
)
from readiness_app.register.vocabulary import EVIDENCE_STATUS


class EvidenceImporter(RowImporter):
    spec = cols.EVIDENCE

    def prepare(self) -> None:
        from readiness_app.register import evidence

        self.items = items = evidence.list_items(self.reg)
        self.by_path = {i["rel_path"]: i for i in items}
        self.by_lower: dict[str, list[dict]] = {}
        self.by_file: dict[str, list[dict]] = {}
        for item in items:
            self.by_lower.setdefault(item["rel_path"].lower(), []).append(item)
            self.by_file.setdefault(PurePosixPath(item["rel_path"]).name.lower(), []).append(item)
        self.seen: dict[int, str] = {}  # item id -> where it was first listed
        self.planned_refs: dict[int, tuple[str, int]] = {}  # item id -> (reference, row)
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        by_path, by_lower, by_file = self.by_path, self.by_lower, self.by_file
        seen, planned_refs = self.seen, self.planned_refs
        for row, cells in data:
            self.start_row()
            raw = self.text(cells, "rel_path").replace("\\", "/").strip("/")
            if not raw:
                self.problem(row, "rel_path", "the file's relative path is required")
                continue
            item = by_path.get(raw)
            if item is None:
                matches = by_lower.get(raw.lower()) or by_file.get(raw.lower()) or []
                item = matches[0] if len(matches) == 1 else None
            if item is None:
                self.problem(
                    row, "rel_path", f"{raw!r} is not in the register (the file must be in the evidence folder and"
                    " found by a scan first)",
                )  # fmt: skip
                continue
            if item["id"] in seen:
                self.problem(row, "rel_path", f"{item['rel_path']!r} is also on {seen[item['id']]}")
                continue
            seen[item["id"]] = self.where(row)
            values: dict[str, Any] = {}
            for key in ("title", "owner"):
                if self.text(cells, key):
                    values[key] = self.text(cells, key)
            if notes := self.notes_with_extras(cells):
                values["notes"] = notes
            reference = self.text(cells, "reference")
            if reference:
                planned_refs[item["id"]] = (reference, row)
                values["reference"] = reference
            category = self.parse(row, cells, "category", _category)
            if category is not None and category is not BAD:
                values["category"] = category
            status = self.parse(
                row, cells, "status", lambda v: word_choice(v, EVIDENCE_STATUS, EVIDENCE_STATUS_WORDS, "status")
            )
            if status is not None and status is not BAD:
                values["status"] = status
            doc_date = self.parse(row, cells, "document_date", cell_date)
            if doc_date is not None and doc_date is not BAD:
                values["document_date"] = doc_date
            qs = self.qs(row, cells)
            if qs is not None:
                values["qs"] = qs
            if not self.row_ok:
                continue
            changes = self.diff(item, values)
            if changes:
                self.updates.append((item["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", item["rel_path"], row, private(changes)))
            else:
                self.result.unchanged += 1

    def finish(self) -> None:
        self._check_references(self.items, self.planned_refs)

    def _check_references(self, items: list[dict[str, Any]], planned: dict[int, tuple[str, int]]) -> None:
        """Each reference number names one file once the import is done (two files may swap numbers)."""
        final: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            ref = planned[item["id"]][0] if item["id"] in planned else item["reference"]
            if ref and ref.strip():
                final.setdefault(ref.strip().lower(), []).append(item)
        for holders in final.values():
            if len(holders) < 2:
                continue
            for item in holders:
                if item["id"] not in planned:
                    continue
                ref, row = planned[item["id"]]
                others = [h for h in holders if h["id"] != item["id"]]
                where = [f"row {planned[o['id']][1]}" if o["id"] in planned else repr(o["rel_path"]) for o in others]
                self.problem(row, "reference", f"reference {ref!r} is also given to {', '.join(where)}")

    def apply(self) -> None:
        from readiness_app.register import evidence

        for item_id, values in self.updates:
            qs = values.pop("qs", None)
            evidence.update(self.reg, item_id, qs=qs, **values)


def _category(value: Any) -> str:
    found = match_category(cell_text(value))
    if found is None:
        names = ", ".join(c.name for c in current().categories)
        raise ReadinessError(f"unknown evidence category {cell_text(value)!r} (use one of: {names})")
    return found.id
