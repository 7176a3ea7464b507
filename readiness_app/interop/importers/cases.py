"""Importing a case long list: matched by coded reference."""

from __future__ import annotations

from typing import Any

from readiness_app.interop import columns as cols
from readiness_app.interop.columns import cell_text, split_list
from readiness_app.interop.importers.base import (
    BAD,
    CONSENT_WORDS,
    STAGE_WORDS,
    Change,
    RowImporter,
    cell_date,
    private,
    word_choice,
)
from readiness_app.register import records
from readiness_app.register.validation import choice
from readiness_app.register.vocabulary import CONSENT, CONTACT, STAGE
from readiness_app.safety.privacy import check_case


class CaseImporter(RowImporter):
    spec = cols.CASES

    def prepare(self) -> None:
        from readiness_app.register import cases

        self.existing = {c["code"].lower(): c for c in cases.list_cases(self.reg)}
        self.seen: dict[str, str] = {}  # code -> where it was first listed
        self.creates: list[tuple[dict[str, Any], list[str], list[str]]] = []
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def plan_rows(self, data: list[tuple[int, list[Any]]]) -> None:
        from readiness_app.register import cases

        existing, seen = self.existing, self.seen
        for row, cells in data:
            self.start_row()
            code = self.parse(row, cells, "code", cases.validate_code)
            if code is None:
                self.problem(row, "code", "a coded reference is required")
                continue
            if code is BAD:
                continue
            if code.lower() in seen:
                self.problem(row, "code", f"duplicate case code {code!r} (also on {seen[code.lower()]})")
                continue
            seen[code.lower()] = self.where(row)
            values: dict[str, Any] = {}
            for key, fn in (
                ("team", cell_text),
                ("stage", lambda v: word_choice(v, STAGE, STAGE_WORDS, "stage")),
                ("consent", lambda v: word_choice(v, CONSENT, CONSENT_WORDS, "consent")),
                ("consent_date", cell_date),
                ("records_shared_date", cell_date),
                ("contact", lambda v: choice(cell_text(v), CONTACT, "contact")),
            ):
                value = self.parse(row, cells, key, fn)
                if value is not None and value is not BAD:
                    values[key] = value
            if notes := self.notes_with_extras(cells):
                values["notes"] = notes
            criteria = [t.lower() for t in split_list(self.hm.get(cells, "criteria"))]
            qs = self.qs(row, cells)
            if not self.row_ok:
                continue
            # Personal data in a case row is a warning, not a refusal: the lead decides.
            for warning in check_case(values):
                self.result.notes.append(f"row {row}: {warning}")
            before = existing.get(code.lower())
            if before is None:
                values = {"code": code, **values}
                self.creates.append((values, criteria, qs or []))
                self.result.created.append(Change("create", code, row))
                continue
            if criteria:
                values["criteria"] = criteria
            if qs is not None:
                values["qs"] = qs
            changes = self.diff(before, values)
            if changes:
                self.updates.append((before["id"], {k: values[k] for k in changes}))
                self.result.updated.append(Change("update", before["code"], row, private(changes)))
            else:
                self.result.unchanged += 1

    def apply(self) -> None:
        from readiness_app.register import cases

        ids = records.insert_many(self.reg, "tracked_case", [values for values, _, _ in self.creates])
        records.add_links(
            self.reg, "case_criterion", "case_id", "tag",
            {case_id: crit for case_id, (_, crit, _) in zip(ids, self.creates, strict=True)},
            audit_table="tracked_case", audit_field="criteria",
        )  # fmt: skip
        records.add_links(
            self.reg, "case_qs", "case_id", "qs",
            {case_id: qs for case_id, (_, _, qs) in zip(ids, self.creates, strict=True)},
            audit_table="tracked_case", audit_field="qs",
        )  # fmt: skip
        for case_id, values in self.updates:
            criteria = values.pop("criteria", None)
            qs = values.pop("qs", None)
            cases.update(self.reg, case_id, criteria=criteria, qs=qs, **values)
