"""Learning log, CQC requests, factual accuracy, published outcome and improvement plan records."""

from __future__ import annotations

import json
from datetime import date

import pytest

from readiness_app.errors import ReadinessError
from readiness_app.register import accuracy, improvement, learning, outcome, readiness, requests, sessions

VISIT = "2026-12-15"  # first on-site day of the demo built for 23 Nov 2026


def audit_rows(reg, table):
    return [dict(r) for r in reg.query("SELECT * FROM audit WHERE record_table = ? ORDER BY id", (table,))]


# ---------------------------------------------------------------- learning log


def test_learning_entry_from_a_session_takes_its_date_and_qs(demo_register):
    reg = demo_register
    session = sessions.list_sessions(reg, day=VISIT)[0]
    entry_id = learning.create(reg, session_id=session["id"], to_correct="Backlog is 214, not 300", correct_by="PSW")
    entry = learning.get(reg, entry_id)
    assert entry["date"] == VISIT
    assert entry["qs"] == session["qs"] and entry["qs"]
    assert entry["session_title"] == session["title"]
    changes = [json.loads(a["changes"]) for a in audit_rows(reg, "learning_entry")]
    assert "to_correct" in changes[0] and "qs" in changes[1]
    assert session["id"] not in [s["id"] for s in learning.sessions_without_entry(reg, VISIT)]


def test_learning_search_and_summary_per_qs(demo_register):
    reg = demo_register
    learning.create(reg, date=VISIT, qs="QS7", went_well="Clear on s42 timeliness", themes="advocacy, MSP")
    learning.create(reg, date=VISIT, qs="QS7, QS1", to_correct="Advocacy figure was wrong", themes="Advocacy")
    learning.create(reg, date="16/12/2026", qs="QS4", went_well="Good on market sustainability")
    assert [e["qs"] for e in learning.list_entries(reg, search="advocacy figure")] == [["QS1", "QS7"]]
    assert len(learning.list_entries(reg, search="ADVOCACY")) == 2  # themes are searched too, any case
    assert len(learning.list_entries(reg, qs="QS7")) == 2
    assert len(learning.list_entries(reg, corrections_only=True)) == 1
    assert learning.list_entries(reg, search="100%") == []  # LIKE wildcards are escaped
    qs7 = next(r for r in learning.summary_by_qs(reg) if r["qs"] == "QS7")
    assert qs7["entries"] == 2 and len(qs7["corrections"]) == 1
    assert qs7["themes"] == ["advocacy", "MSP"]  # case-insensitive de-duplication


def test_learning_bad_input(demo_register):
    reg = demo_register
    with pytest.raises(ReadinessError, match="empty"):
        learning.create(reg, date=VISIT)
    with pytest.raises(ReadinessError, match="no session with id 9999"):
        learning.create(reg, session_id=9999, went_well="x")
    with pytest.raises(ReadinessError, match="too far from the on-site visit") as err:
        learning.create(reg, date="15/12/2062", went_well="x")
    assert err.value.field == "date"
    with pytest.raises(ReadinessError, match="unknown quality statement"):
        learning.create(reg, date=VISIT, qs="QS12 nonsense", went_well="x")
    with pytest.raises(ReadinessError, match="nothing to correct"):
        learning.create(reg, date=VISIT, went_well="x", correct_by="PSW")
    assert reg.scalar("SELECT COUNT(*) FROM learning_entry") == 0
    assert audit_rows(reg, "learning_entry") == []


# ---------------------------------------------------------------- CQC requests


def test_requests_overdue_no_due_date_and_sent(demo_register):
    reg = demo_register
    late = requests.create(
        reg, received_date="16/12/2026", description="s42 audit", qs="Safeguarding", owner="PSW", due_date="17/12/2026"
    )
    undated = requests.create(reg, received_date="16/12/2026", description="Carers strategy")
    done = requests.create(reg, received_date="15/12/2026", description="Org chart", due_date="16/12/2026", owner="BSO")
    requests.update(reg, done, status="sent", evidence=[1, 2], today=date(2026, 12, 16))
    today = date(2026, 12, 21)
    assert [r["id"] for r in requests.overdue(reg, today)] == [late]
    row = requests.get(reg, late, today)
    assert row["qs"] == ["QS7"] and row["days_overdue"] == 4 and row["flags"] == ["overdue by 4 days"]
    assert requests.get(reg, undated, today)["flags"] == ["no due date", "no owner"]
    sent = requests.get(reg, done, today)
    assert sent["sent_date"] == "2026-12-16" and [e["id"] for e in sent["evidence"]] == [1, 2]
    assert not sent["overdue"]
    assert requests.counts(reg, today) == {"total": 3, "open": 2, "overdue": 1, "no_due_date": 1, "done": 1}
    assert [r["id"] for r in requests.list_requests(reg, today=today)][0] == late  # overdue first


def test_request_bad_input_changes_nothing(demo_register):
    reg = demo_register
    with pytest.raises(ReadinessError, match="description is required"):
        requests.create(reg, received_date=VISIT, description="  ")
    with pytest.raises(ReadinessError, match="before the request was received"):
        requests.create(reg, received_date="16/12/2026", description="x", due_date="15/12/2026")
    with pytest.raises(ReadinessError, match="no evidence item with id 99999"):
        requests.create(reg, received_date=VISIT, description="x", evidence=[99999])
    with pytest.raises(ReadinessError, match="not one of"):
        requests.create(reg, received_date=VISIT, description="x", status="lost")
    assert reg.scalar("SELECT COUNT(*) FROM cqc_request") == 0


def test_overdue_requests_are_in_the_status_summary(demo_register):
    requests.create(demo_register, received_date=VISIT, description="Audit", due_date="16/12/2026")
    data = readiness.summary(demo_register, date(2026, 12, 20))
    visit = data["visit"]
    assert visit["requests"]["overdue"] == 1
    assert visit["overdue_requests"][0]["description"] == "Audit"


# ---------------------------------------------------------------- factual accuracy


def test_fa_points_flags_and_deadline(demo_register):
    reg = demo_register
    assert accuracy.deadline(reg)["state"] == "not received"
    accuracy.set_received(reg, "18/12/2026")
    info = accuracy.deadline(reg, date(2026, 12, 21))
    assert info["deadline"] == "2027-01-06" and info["working_days_left"] == 9 and info["state"] == "open"
    assert [h["date"] for h in info["bank_holidays"]] == ["2026-12-25", "2026-12-28", "2027-01-01"]
    assert accuracy.deadline(reg, date(2027, 1, 6))["state"] == "due today"
    late = accuracy.deadline(reg, date(2027, 1, 8))
    assert late["state"] == "passed" and late["working_days_left"] == -2

    p1 = accuracy.create(reg, section="Theme 3, para 12", correction_type="inaccurate", draft_wording="No protocol")
    p2 = accuracy.create(
        reg, section="Summary", correction_type="typo", draft_wording="76%", proposed_wording="67%", owner="PSW"
    )
    assert accuracy.get(reg, p1)["flags"] == ["no supporting evidence", "no proposed wording", "no owner"]
    assert accuracy.get(reg, p2)["flags"] == [] and accuracy.get(reg, p2)["correction_type"] == "typo_figure"
    accuracy.update(reg, p1, evidence=[3], proposed_wording="A protocol since 2025", owner="AD")
    assert accuracy.get(reg, p1)["flags"] == []
    assert [p["number"] for p in accuracy.list_points(reg)] == [1, 2]


def test_fa_bad_input(demo_register):
    reg = demo_register
    with pytest.raises(ReadinessError, match="section is required"):
        accuracy.create(reg, section="", correction_type="typo")
    with pytest.raises(ReadinessError, match="not one of"):
        accuracy.create(reg, section="x", correction_type="opinion")
    with pytest.raises(ReadinessError, match="too far"):
        accuracy.set_received(reg, "01/12/2026")  # before the visit began
    accuracy.set_received(reg, "17/12/2027")  # the deadline falls in 2028: counted, not refused
    info = accuracy.deadline(reg, date(2027, 12, 20))
    assert info["deadline"] == "2028-01-05"  # skips 27, 28 Dec 2027 and 3 Jan 2028 (substitute days)


# ---------------------------------------------------------------- outcome


def test_outcome_compared_with_self_assessment(demo_register):
    reg = demo_register
    result = outcome.set_outcome(reg, scores=[2, 2, 2, 2, 3, 3, 3, 3, 3], published_date="01/03/2027")
    assert result["published_rating"] == "Good"  # worked out: 23/36 = 64%
    assert result["published"]["total"] == 23
    # Demo self-assessment scores are 2,3,2,3,3,2,3,3,3.
    assert result["over_rated"] == ["QS2", "QS4"] and result["under_rated"] == ["QS6"]
    result = outcome.set_outcome(reg, rating="requires improvement")
    assert result["published_rating"] == "Requires improvement"
    assert "differs from the published scores" in result["notes"][0]
    with pytest.raises(ReadinessError, match="is not a rating"):
        outcome.set_outcome(reg, rating="Brilliant")
    with pytest.raises(ReadinessError, match="outside 1-4"):
        outcome.set_outcome(reg, scores={"QS1": 5})
    outcome.clear(reg)
    assert outcome.show(reg)["published_rating"] is None
    assert outcome.show(reg)["published"]["state"] == "incomplete"


# ---------------------------------------------------------------- improvement plan


def test_improvement_actions_references_and_rag(demo_register):
    reg = demo_register
    a = improvement.create(
        reg,
        qs="QS1",
        description="Cut waiting lists",
        lead="PSW",
        priority="high",
        target_date="30/06/2027",
        status="on track",
    )
    b = improvement.create(reg, qs="QS2", description="Direct payments", lead="Commissioning", target_date="31/03/2027")
    c = improvement.create(
        reg,
        theme="Ensuring safety",
        description="MSP audits",
        lead="Head of Safeguarding",
        priority="L",
        target_date="30/04/2027",
        status="complete",
    )
    d = improvement.create(reg, description="Digital strategy", lead="Head of Digital")
    refs = {improvement.get(reg, x)["reference"] for x in (a, b, c, d)}
    assert refs == {"1.1", "1.2", "3.1", "0.1"}
    today = date(2027, 5, 1)
    rags = {r["reference"]: r["rag"] for r in improvement.list_actions(reg, today=today)}
    assert rags == {"0.1": "no_date", "1.1": "on_track", "1.2": "overdue", "3.1": "complete"}
    assert improvement.rag_counts(reg, today) == {
        "total": 4,
        "complete": 1,
        "overdue": 1,
        "at_risk": 0,
        "no_date": 1,
        "on_track": 1,
        "not_started": 0,
    }
    assert improvement.get(reg, d)["flags"] == ["no target date"]
    improvement.update(reg, "1.2", note="Care Academy engaged", today=today, status="on_track")
    row = improvement.get(reg, "1.2", today=today)
    assert row["progress"] == "01/05/2027: Care Academy engaged" and row["rag"] == "overdue"
    assert [r["reference"] for r in improvement.list_actions(reg, today=today, rag_filter="overdue")] == ["1.2"]
    assert audit_rows(reg, "improvement_action")[-1]["action"] == "update"


def test_improvement_bad_input(demo_register):
    reg = demo_register
    with pytest.raises(ReadinessError, match="needs a lead") as err:
        improvement.create(reg, description="x", lead="  ")
    assert err.value.field == "lead"
    with pytest.raises(ReadinessError, match="needs a lead"):
        improvement.create(reg, description="x")
    with pytest.raises(ReadinessError, match="not one of"):
        improvement.create(reg, description="x", lead="y", priority="urgent")
    with pytest.raises(ReadinessError, match="not the one given"):
        improvement.create(reg, description="x", lead="y", qs="QS7", theme="Leadership")
    with pytest.raises(ReadinessError, match="too far"):
        improvement.create(reg, description="x", lead="y", target_date="2035-01-01")
    improvement.create(reg, reference="B1.1", description="x", lead="y")
    with pytest.raises(ReadinessError, match="already used"):
        improvement.create(reg, reference="B1.1", description="x", lead="y")
    with pytest.raises(ReadinessError, match="no improvement action"):
        improvement.update(reg, "9.9", status="complete")
    assert reg.scalar("SELECT COUNT(*) FROM improvement_action") == 1
