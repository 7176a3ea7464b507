"""Importing a case long list: matched by coded reference.

A case list is coded by design. A cell that looks like it holds an NHS number,
a date of birth or a postcode is a problem (row and column named, the value
never repeated) and nothing is imported, unless the lead confirms the file
holds such data on purpose (`--allow-personal-data`, or the box in the import
dialog); then it is imported with a note per cell, as before.
"""

from __future__ import annotations

from typing import Any

from readiness_app.interop import columns as cols
from readiness_app.interop.columns import cell_text, split_list
from readiness_app.interop.importers.base import (
    BAD,
    CONSENT_WORDS,
    STAGE_WORDS,
    CellProblem,
    Change,
    RowImporter,
    cell_date,
    private,
    word_choice,
)
from readiness_app.register import records
from readiness_app.register.validation import choice
from readiness_app.register.vocabulary import CONSENT, CONTACT, STAGE
from readiness_app.safety.privacy import check_case, check_text

WHAT_IT_LOOKS_LIKE = {"nhs_number": "an NHS number", "date_of_birth": "a date of birth", "postcode": "a postcode"}


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
            if self.allow_personal_data:  # confirmed by the lead: kept, with a note per cell
                for warning in check_case(values):
                    self.result.notes.append(f"row {row}: {warning}")
            elif self._refuse_personal_data(row, cells):
                continue
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

    def _refuse_personal_data(self, row: int, cells: list[Any]) -> bool:
        """A problem for each stored cell (mapped or kept in the notes) that looks personal; never its value."""
        where = [(index, self.label(key)) for key, index in self.hm.columns.items()] + list(self.extras)
        found = False
        for index, label in where:
            text = cell_text(cells[index]) if index < len(cells) else ""
            if not text:
                continue
            memo = ("personal", text)
            if memo not in self._parsed:
                self._parsed[memo] = check_text(label, text)
            for warning in self._parsed[memo]:
                self.problems.append(
                    CellProblem(
                        f"looks like it holds {WHAT_IT_LOOKS_LIKE[warning.kind]} (not shown): a case list holds coded "
                        "references only; take it out, or confirm it is meant (--allow-personal-data, or the "
                        "personal-data box in the import dialog)",
                        field=label,
                        row=row,
                        sheet=self.sheet,
                    )
                )
                found = True
        return found

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
