"""A new register with its visit days: the one way the welcome screen and `init` make one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from readiness_app.opening import create_register
from readiness_app.register import assessment, workdays


@dataclass(frozen=True)
class NewRegister:
    path: Path
    visit_days: dict[str, str]  # {ISO date: "onsite" | "virtual"}, empty when no dates were given
    warnings: list[str] = field(default_factory=list)  # Christmas week; an evidence folder not made yet


def create(
    path: Path | str,
    *,
    council: str,
    evidence_folder: Path | str,
    onsite_start: date | str | None = None,
    onsite_days: int = 3,
    virtual_days: int = 0,
    passphrase: str | None = None,
) -> NewRegister:
    """Create a register and record its visit days, counted in working days.

    Everything that can be refused (a weekend or bank holiday start, a day count out of
    range, the register inside the evidence folder, a file already there) is refused
    before anything is written.
    """
    workdays.check_day_counts(onsite_days, virtual_days)
    days = workdays.visit_days(onsite_start, onsite_days, virtual_days) if onsite_start else {}
    evidence = Path(evidence_folder).expanduser().resolve()
    target = Path(path).expanduser().resolve()
    reg = create_register(target, council=council, evidence_folder=evidence, passphrase=passphrase)
    try:
        if days:
            assessment.set_visit_days(reg, days)
    finally:
        reg.close()
    warnings = [w for w in [workdays.christmas_warning(days) if days else None] if w]
    if not evidence.exists():
        warnings.append(f"evidence folder {evidence} does not exist yet; create it or choose another")
    return NewRegister(target, days, warnings)
