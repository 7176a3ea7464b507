"""Importing the previous report's findings: matched by QS, kind and wording."""

from __future__ import annotations

from typing import Any

from readiness_app.interop import columns as cols
from readiness_app.interop.columns import cell_text
from readiness_app.interop.importers.base import BAD, Change, RowImporter


class FindingImporter(RowImporter):
    spec = cols.FINDINGS

    def prepare(self) -> None:
        from readiness_app.register import findings

        self.existing = {(f["qs"], f["kind"], f["text"].lower()): f for f in findings.list_findings(self.reg)}
        self.creates: list[dict[str, Any]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import findings

        seen: set[tuple[str, str, str]] = set()
        for row, cells in data:
            self.start_row()
            qs = self.parse(row, cells, "qs", lambda v: findings.parse_qs(cell_text(v)))
            kind = self.parse(row, cells, "kind", findings.parse_kind)
            text = self.text(cells, "text")
            for column, value in (("qs", qs), ("text", text), ("kind", kind)):
                if value in (None, ""):
                    self.problem(row, column, f"{self.label(column).lower()} is required")
            if not self.row_ok or qs is BAD or kind is BAD:
                continue
            values = {"qs": qs, "kind": kind, "text": text, "page": self.text(cells, "page")}
            key = (qs, kind, text.lower())
            if key in seen:
                self.result.unchanged += 1  # the same finding twice in one sheet is one finding
                continue
            seen.add(key)
            label = f"{qs}: {text[:40]}"
            before = self.existing.get(key)
            if before is None:
                self.creates.append(values)
                self.result.created.append(Change("create", label, row))
            elif values["page"] and values["page"] != before["page"]:
                self.updates.append((before["id"], {"page": values["page"]}))
                self.result.updated.append(Change("update", label, row, {"page": [before["page"], values["page"]]}))
            else:
                self.result.unchanged += 1

    def apply(self) -> None:
        from readiness_app.register import records

        records.insert_many(self.reg, "finding", self.creates)
        for finding_id, values in self.updates:
            records.update(self.reg, "finding", finding_id, values)
