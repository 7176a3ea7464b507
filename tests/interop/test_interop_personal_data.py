"""On import, the personal-data guard adds a note per row and column; the rows are still imported.

(A case list is the exception: it is refused unless the lead confirms; see test_interop_case_personal_data.py.)
"""

from __future__ import annotations

from readiness_app.interop.importers import import_file
from readiness_app.register import evidence, sessions

NHS = "943 476 5919"


def test_session_titles_and_notes_get_a_note_per_row_and_column(visit_register, files):
    header = ["Date", "Start", "End", "Room", "Title", "Notes"]
    path = files.csv(
        "t.csv",
        [
            header,
            ["19/05/2026", "09:00", "10:00", "Room 1", "Leaders focus group", "plain"],
            ["19/05/2026", "11:00", "12:00", "Room 1", f"Case review {NHS}", "visit to NE1 4ST"],
            ["20/05/2026", "11:00", "12:00", "Room 2", "Carers", "born 12/03/1948"],
        ],
    )
    result = import_file(visit_register, "sessions", path)
    assert len(result.created) == 3  # warned, not refused
    guard = [n for n in result.notes if "looks like" in n]
    assert guard == [
        "row 3: Title: looks like it holds an NHS number; use the case's coded reference",
        "row 3: Notes: looks like it holds a postcode; leave addresses out",
        "row 4: Notes: looks like it holds a date of birth; record an age band if needed",
    ]
    assert not any(NHS in n or "NE1" in n or "1948" in n for n in result.notes)
    assert {s["title"] for s in sessions.list_sessions(visit_register)} >= {f"Case review {NHS}"}


def test_evidence_details_and_case_criteria_are_checked_too(empty_register, files):
    evidence.create(empty_register, "QS1/letter.pdf", qs=["QS1"], sha256="1" * 64)
    path = files.csv("e.csv", [["Relative path", "Title", "Notes"], ["QS1/letter.pdf", "Letter", f"re {NHS}"]])
    result = import_file(empty_register, "evidence", path)
    assert "row 2: Notes: looks like it holds an NHS number; use the case's coded reference" in result.notes
    cases = files.csv("c.csv", [["Case code", "Criteria (tags)"], ["AB-001", "carer; lives SW1A 1AA"]])
    result = import_file(empty_register, "cases", cases, allow_personal_data=True)  # refused unless confirmed
    assert "row 2: Criteria (tags): looks like it holds a postcode; leave addresses out" in result.notes
