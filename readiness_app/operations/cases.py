"""Tracked cases: add, edit, move on a stage, replace with a reserve."""

from __future__ import annotations

from typing import Any

from readiness_app.operations import Operation
from readiness_app.register import cases


def add(code: str, **fields: Any) -> Operation[int]:
    return Operation("adding a case", "New case", lambda reg: cases.create(reg, code, **fields))


def edit(case_id: int, **fields: Any) -> Operation[dict[str, Any]]:
    return Operation("saving the case", "Save case", lambda reg: cases.update(reg, case_id, **fields))


def next_stage(stages: dict[int, str]) -> Operation[int]:
    """Move each case to its next stage ({case id: stage}) in one change; returns how many moved."""

    def write(reg: Any) -> int:
        with reg.transaction():
            for case_id, stage in stages.items():
                cases.update(reg, case_id, stage=stage)
        return len(stages)

    return Operation("moving cases to their next stage", "Next stage", write)


def promote(
    reserve_code: str, replacing_code: str, *, agreed_by: str, consent_pending: bool = False
) -> Operation[dict[str, Any]]:
    """The reserve case takes the place of one that cannot go ahead, as CQC agreed (`agreed_by`)."""
    return Operation(
        "promoting a reserve",
        "Promote a reserve",
        lambda reg: cases.promote(
            reg, reserve_code, replacing_code, agreed_by=agreed_by, consent_pending=consent_pending
        ),
    )
