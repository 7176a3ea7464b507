"""The printable documents, by key. Other areas add theirs here.

Each entry names its builder as "module:function" so nothing is imported until
the document is asked for; a module that is not installed yet (or not written
yet) gives a clean "not available" message instead of a traceback.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from readiness_app.errors import ReadinessError
from readiness_app.reports.audience import CQC, HOST, INTERNAL, PARTNERS, PEOPLE, STAFF

# Scope options a document may accept (names match ReportOptions fields).
SCOPES = ("day", "session_id", "person_id", "for_date")


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    builder: str  # "package.module:function"
    scopes: frozenset[str] = frozenset()
    description: str = ""
    audiences: tuple[str, ...] = (INTERNAL,)  # who it may be printed for; the first is the default
    # a document with its own, richer Word version ("module:function", given (reg, options), giving a
    # python-docx Document); any other document's Word version is written from the same outline as its HTML version
    word: str = ""

    def load(self, builder: str = "") -> Callable:
        module_name, _, function = (builder or self.builder).partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                raise ReadinessError(
                    f"the {self.key} document is not available in this version of readiness-app"
                ) from None
            raise
        try:
            return getattr(module, function or "build")
        except AttributeError:
            raise ReadinessError(f"the {self.key} document is not available in this version of readiness-app") from None


DOCUMENTS: dict[str, DocumentSpec] = {
    spec.key: spec
    for spec in (
        DocumentSpec(
            "checklist",
            "Readiness checklist",
            "readiness_app.reports.checklist:build",
            description="summary for leaders, then one section per quality statement",
        ),
        DocumentSpec(
            "interview-packs",
            "Interview packs",
            "readiness_app.reports.interview_packs:build",
            frozenset({"day", "session_id", "person_id"}),
            description="a briefing pack for each interview session",
            audiences=(INTERNAL, HOST, STAFF, PARTNERS, PEOPLE),
        ),
        DocumentSpec(
            "invitation",
            "Invitation letter",
            "readiness_app.reports.invitation:build",
            frozenset({"session_id", "person_id"}),
            description="a plain-English letter inviting people who use services and carers",
            audiences=(PEOPLE,),
        ),
        DocumentSpec(
            "invitation-easy-read",
            "Invitation letter (Easy Read)",
            "readiness_app.reports.invitation:build_easy_read",
            frozenset({"session_id", "person_id"}),
            description="the invitation in Easy Read: large type, one idea a sentence, room for pictures",
            audiences=(PEOPLE,),
        ),
        DocumentSpec(
            "timetable",
            "Visit timetable",
            "readiness_app.reports.timetable:build",
            frozenset({"day"}),
            description="one landscape page per day, rooms across, time down",
            audiences=(INTERNAL, HOST),
        ),
        DocumentSpec(
            "cases",
            "Case-tracking summary",
            "readiness_app.reports.cases:build",
            description="shortlist and long list of coded cases",
        ),
        DocumentSpec(
            "bulletin",
            "Nightly bulletin",
            "readiness_app.reports.bulletin:build",
            frozenset({"for_date"}),
            description="for the next day's interviewees",
            audiences=(INTERNAL, PARTNERS),
        ),
        DocumentSpec(
            "fa-submission",
            "Factual accuracy submission",
            "readiness_app.reports.factual_accuracy:build",
            description="the factual accuracy points for CQC",
            audiences=(CQC, INTERNAL),
        ),
        DocumentSpec(
            "information-return",
            "Information return",
            "readiness_app.reports.submission:build",
            description="the submission index: CQC's list with each item's answer",
            audiences=(CQC, INTERNAL),
        ),
        DocumentSpec(
            "snapshot-comparison",
            "Self-assessment comparison",
            "readiness_app.reports.snapshot_compare:build",
            description="two self-assessments side by side (use `snapshot compare -o`)",
        ),
        DocumentSpec(
            "self-assessment",
            "Self-assessment",
            "readiness_app.reports.self_assessment_doc:build",
            description="the council's self-assessment per theme and QS, against the previous report",
            word="readiness_app.reports.self_assessment_doc:word_document",
        ),
        DocumentSpec(
            "improvement-plan",
            "Improvement plan",
            "readiness_app.reports.improvement_plan:build",
            description="actions, leads, dates and RAG",
        ),
    )
}


def get(key: str) -> DocumentSpec:
    try:
        return DOCUMENTS[key]
    except KeyError:
        known = ", ".join(DOCUMENTS)
        raise ReadinessError(f"unknown document {key!r}", f"choose one of: {known}") from None
