"""Visit week at scale: a busy visit's learning log, requests, FA points and plan.

Prints timings for the things a user waits on: the status summary's visit part,
listing each record type, the bulletin (text and PDF), and the XLSX exports.
Run: .venv/bin/python tests/benchmarks/bench_visit.py
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from readiness_app.demo import build_demo
from readiness_app.interop import visit_exports as exports
from readiness_app.opening import open_register
from readiness_app.register import accuracy, improvement, learning, readiness, requests, sessions, workdays
from readiness_app.reports import bulletin
from readiness_app.reports.options import ReportOptions
from readiness_app.reports.rendering import render


def timed(label: str, fn, repeat: int = 1):
    started = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    took = (time.perf_counter() - started) / repeat * 1000
    print(f"{label:<46} {took:8.1f} ms")
    return result, took


def main() -> None:
    folder = Path(tempfile.mkdtemp()) / "demo"
    build_demo(folder, today=date(2026, 11, 23))
    reg = open_register(folder / "register.sqlite", source="demo")
    days = sessions.days(reg)
    all_sessions = sessions.list_sessions(reg)
    with reg.transaction("demo"):
        for n in range(2000):  # far more debriefs than any real visit
            s = all_sessions[n % len(all_sessions)]
            learning.create(
                reg,
                session_id=s["id"],
                went_well=f"message {n}",
                to_correct=f"fix {n % 40}",
                correct_by="PSW",
                themes="carers, waiting lists",
            )
        for n in range(500):
            requests.create(
                reg,
                received_date=days[n % len(days)],
                description=f"request {n}",
                qs="QS7",
                due_date="2026-12-21" if n % 3 else None,
                evidence=[1 + n % 50],
            )
        for n in range(200):
            accuracy.create(reg, section=f"para {n}", correction_type="typo", draft_wording="x", proposed_wording="y")
        for n in range(300):
            improvement.create(
                reg,
                qs=f"QS{1 + n % 9}",
                description=f"action {n}",
                lead="PSW",
                target_date="2027-06-30",
                priority="HML"[n % 3],
            )
    accuracy.set_received(reg, "2026-12-18")
    today = date(2027, 7, 1)
    _, base = timed(
        "status summary without visit part (baseline)",
        lambda: {k: v for k, v in readiness.summary(reg, today).items() if k != "visit"},
        5,
    )
    from readiness_app.register.visit_summary import summary as visit_summary

    _, part = timed("visit part of status summary", lambda: visit_summary(reg, today), 20)
    print(f"{'  visit part / whole status':<46} {part / base:8.2f} x")
    timed("learning.list_entries (2,000)", lambda: learning.list_entries(reg), 5)
    timed("learning.list_entries search 'fix 7'", lambda: learning.list_entries(reg, search="fix 7"), 5)
    timed("learning.summary_by_qs", lambda: learning.summary_by_qs(reg), 5)
    timed("requests.list_requests (500)", lambda: requests.list_requests(reg, today=today), 5)
    timed("improvement.list_actions (300)", lambda: improvement.list_actions(reg, today=today), 5)
    timed("workdays.add_working_days x1000", lambda: [workdays.add_working_days("2026-12-18", 10) for _ in range(1000)])
    timed("bulletin text", lambda: bulletin.as_text(bulletin.collect(reg, days[0])), 3)
    out = folder.parent
    clock = datetime(2026, 12, 15, 18, 0)
    timed(
        "bulletin PDF",
        lambda: render(reg, "bulletin", out / "b.pdf", ReportOptions(for_date=days[0], generated_at=clock)),
    )
    timed(
        "improvement plan PDF (300 actions)",
        lambda: render(reg, "improvement-plan", out / "p.pdf", ReportOptions(generated_at=clock)),
    )
    timed(
        "FA submission PDF (200 points)",
        lambda: render(reg, "fa-submission", out / "f.pdf", ReportOptions(generated_at=clock)),
    )
    timed("plan XLSX (300 actions)", lambda: exports.export(reg, "plan", out / "p.xlsx", today))
    timed("FA XLSX (200 points)", lambda: exports.export(reg, "accuracy", out / "f.xlsx", today))
    reg.close()


if __name__ == "__main__":
    main()
