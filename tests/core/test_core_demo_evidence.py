"""The demo's evidence library reads as a council's in the winter before its 2027 re-assessment: current
documents (this year's self-assessment, 2025-26 returns and surveys, Q2 2026-27 reports, refreshed
strategies), each filed under the category and QS its title says, dated on a working day and current for
the visit; nothing of a first assessment; the information return answered by the documents that fit."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from readiness_app.demo.content import DOCUMENTS, REPORT_TITLE, SELF_ASSESSMENT_TITLE
from readiness_app.demo.information_return import ANSWERED_BY
from readiness_app.register import annual_self_assessment, assessment, evidence, indicators, progress, workdays
from readiness_app.register import information_return as ir

TODAY = date(2026, 11, 23)  # the suite's pinned day, when the demo fixture is built

# What a title says it is, by category. A policy, strategy, agreement or protocol is how the work is done
# (processes), never feedback; feedback is from people, staff or partners by who gives it.
KIND = {
    "people": r"survey|case study|complaints|compliments|Making It Real|co-production|Healthwatch|people|families|"
    r"residents|Carers' Forum|Partnership Board|BSL|users'|user testing|user feedback|charter",
    "staff": r"staff|team|practitioners'|practice forum|Principal (Social Worker|Occupational Therapist)|"
    r"health check|managers'|training|officers'|feedback to workers",
    "partners": r"ICB|trust|Police|District council|provider|Care Association|VCS|Age Concern|Mind in|Carers Centre|"
    r"Children's services|Health and Wellbeing Board|Safeguarding Adults Board partner|ADASS|peer|University|"
    r"councils'|housing|network|equipment partners",
    "processes": r"strategy|policy|plan\b|protocol|agreement|procedures|guidance|framework|data|dashboard|report|"
    r"tracker|register|scorecard|audit|pathway|JSNA|statement|business case|self-assessment|review|assessment",
}
PROCESS_ONLY = re.compile(r"strateg|policy|protocol|agreement|procedures|guidance|business case|JSNA", re.I)
# Words that tie a title to one quality statement.
QS_WORDS = {
    "QS7": r"safeguarding|DoLS|section 42",
    "QS6": r"discharge|transition",
    "QS4": r"market|home care|direct payments|fee setting|care home|provider quality",
    "QS8": r"workforce|budget|medium-term financial|risk register|scorecard|self-assessment|social care strategy",
}


def _library(demo_register) -> list[dict]:
    return [i for i in evidence.list_items(demo_register) if i["reference"]]


def test_every_title_in_the_library_is_written_for_the_re_assessment():
    titles = [t for cells in DOCUMENTS.values() for docs in cells.values() for t, _ in docs]
    assert len(titles) == len(set(titles))  # no document filed twice
    for title in titles:
        years = [int(y) for y in re.findall(r"\b(20\d\d)\b", title)]
        assert all(y >= 2025 for y in years) or title == REPORT_TITLE, title
        assert not re.search(r"\b(19|20)\d\d-(1\d|2[0-4])\b", title), title  # no 2019-20 ... 2024-25 period
        if re.search(r"\bQ[1-4]\b", title):
            assert re.search(r"\bQ[1-4] 20\d\d-\d\d\b", title), f"a quarter without its year: {title}"
        assert not re.search(
            r"first (assessment|report)|no published score|CQC pilot|pilot assessment|baseline assessment", title, re.I
        )
    assert any("2025-26" in t and "ASCOF" not in t for t in titles)  # last year's annual returns
    assert any("Q2 2026-27" in t for t in titles)  # this year's quarterly reports
    assert SELF_ASSESSMENT_TITLE in titles and "2026" in SELF_ASSESSMENT_TITLE
    assert any("Client Level Data" in t for t in titles) and not any("SALT" in t for t in titles)
    assert any("improvement plan" in t.lower() and "progress" in t.lower() for t in titles)


@pytest.mark.parametrize("category", list(KIND))
def test_each_item_is_filed_under_the_category_its_title_says(category):
    for qs, cells in DOCUMENTS.items():
        for title, _ in cells[category]:
            assert re.search(KIND[category], title, re.I), f"{qs} {category}: {title}"
            if category != "processes" and "feedback" not in title.lower():  # feedback on a policy is feedback
                assert not PROCESS_ONLY.search(title), f"{qs} {category}: {title} is a process document"


def test_each_item_is_filed_under_the_qs_its_title_names():
    for qs, cells in DOCUMENTS.items():
        for docs in cells.values():
            for title, _ in docs:
                named = [q for q, words in QS_WORDS.items() if re.search(words, title, re.I)]
                assert not named or qs in named, f"{title} is filed under {qs}, not {' or '.join(named)}"


def test_every_item_in_the_demo_is_dated_and_current_for_the_visit(demo_register):
    items = _library(demo_register)
    assert len(items) >= 130
    visit = min(d["date"] for d in assessment.visit_days(demo_register))
    published = progress.previous_assessment(demo_register)["date"]
    oldest = (TODAY - timedelta(days=548)).isoformat()  # eighteen months: an annual report a year on
    for item in items:
        day = item["document_date"]
        assert day, item["title"]
        assert workdays.is_working_day(day), (item["title"], day)
        assert day <= TODAY.isoformat() < visit, (item["title"], day)
        if item["title"] == REPORT_TITLE:
            assert day == published  # CQC's report is dated from its publication
        else:
            assert day >= oldest, (item["title"], day)
    dated = {i["title"]: i["document_date"] for i in items}
    quarterly = [t for t in dated if "Q2 2026-27" in t]
    assert quarterly and all(dated[t] >= "2026-10-01" for t in quarterly)  # after the quarter ended
    signed = [v for v in annual_self_assessment.list_versions(demo_register) if v["year"] == "2026"]
    assert signed and signed[0]["status"] == "signed_off"
    assert dated[SELF_ASSESSMENT_TITLE] == signed[0]["status_date"]


def test_the_information_return_is_answered_by_the_documents_that_fit(demo_register):
    numbers = [r[0] for r in demo_register.query("SELECT number FROM return_item ORDER BY id")]
    ids = {n: ir.item_id(demo_register, n) for n in numbers}
    answers = ir.answers(demo_register, list(ids.values()))
    for number, titles in ANSWERED_BY.items():
        files = [a["title"] for a in answers[ids[number]] if a["kind"] == "evidence"]
        sections = [a["title"] for a in answers[ids[number]] if a["kind"] == "section"]
        assert sorted(files) == sorted(titles), number
        assert not set(sections) & set(files), f"item {number} answered by a whole file and a section of it"
    assert {a["title"] for n in ("6.2", "15") for a in answers[ids[n]] if a["kind"] == "section"} == {
        "Healthwatch Northmoor annual report 2025-26: what people told us",
        "Safeguarding Adults Board annual report 2025-26",
    }
    # what is still to come was agreed with CQC for this week, not left weeks overdue
    for row in demo_register.query("SELECT number, status, due_date FROM return_item"):
        if row[1] not in ("submitted", "ready"):
            assert row[2] and row[2] >= TODAY.isoformat(), row[0]


def test_library_documents_are_pdf_word_or_spreadsheets(demo_register):
    suffixes = {i["rel_path"].rsplit(".", 1)[-1] for i in _library(demo_register)}
    assert suffixes <= {"pdf", "docx", "xlsx"}  # plain text and CSV only among the inbox's scans


def test_the_data_pack_does_not_call_the_latest_annual_returns_stale(demo_register):
    for figure in indicators.list_indicators(demo_register, today=TODAY):
        if re.search(r"ASCOF|Survey", figure["source"]):
            assert figure["period"] == "2025/26", figure["name"]
            assert not figure["stale"], figure["name"]


def test_each_area_for_improvement_shows_change_with_its_own_document(demo_register):
    from readiness_app.demo.previous_report import EVIDENCE_OF_CHANGE
    from readiness_app.register import findings

    titles = {i["id"]: (i["title"], i["qs"]) for i in _library(demo_register)}
    for finding in findings.list_findings(demo_register):
        if finding["kind"] != "improve":
            continue
        shown = [titles[e] for e in finding["evidence"]]
        if finding["qs"] == "QS3":
            assert shown == []  # its action has not started: no evidence of change yet
            continue
        assert [t for t, _ in shown] == [EVIDENCE_OF_CHANGE[finding["page"]]], finding["text"]
        assert all(finding["qs"] in qs for _, qs in shown), finding["text"]
