"""What a document is asked for (ReportOptions) and what a builder hands back (Story).

Plain dataclasses with no reportlab import, so the command line and the desktop
app can fill them in cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from readiness_app import clock

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


@dataclass
class ReportOptions:
    """Choices for one printed document.

    marking: None = the register's own marking (OFFICIAL-SENSITIVE unless changed);
    "" = print no marking; any other text is printed as given.
    password: set to encrypt the PDF with AES-256 (never log it).
    generated_at: the clock; None = now. Fix it to get byte-identical output.
    """

    marking: str | None = None
    password: str | None = None
    day: str | None = None
    session_id: int | None = None
    person_id: int | None = None
    for_date: str | None = None
    audience: str | None = None  # who it is printed for (reports/audience.py); None = the document's default
    generated_at: datetime | None = None
    council: str | None = None  # None = the register's council name
    author: str = ""  # None/"" = the council name
    evidence_limit: int = 40  # evidence rows listed per QS and category in the checklist
    extra: dict[str, Any] = field(default_factory=dict)  # for documents from other areas

    @property
    def now(self) -> datetime:
        return self.generated_at or clock.now().replace(microsecond=0)

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass
class Story:
    """A builder's result: the flowables plus what the PDF says about itself."""

    title: str
    flowables: list[Any]
    subject: str = ""
    keywords: list[str] = field(default_factory=list)
    first_page: str = "portrait"  # or "landscape"
    # A versioned document's (document, version, snapshot): recorded once the PDF is written.
    printed: tuple[str, int, dict[str, Any]] | None = None
    warnings: list[str] = field(default_factory=list)  # text the build had to replace or break (by record)


@dataclass(frozen=True)
class RenderResult:
    path: Path
    pages: int
    encrypted: bool = False
    printed: tuple[str, int, dict[str, Any]] | None = None  # see Story.printed
    warnings: tuple[str, ...] = ()  # see Story.warnings
