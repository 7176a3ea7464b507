"""Benchmark: printed documents (issue 4).

Targets:
- interview packs for every demo session: under 3 s wall, and at most 2x the
  time reportlab takes to build a plain document of the same page count with
  the same embedded fonts (issue 24: at most 1.5x; timed in interleaved pairs);
- readiness checklist for a register with 20,000 evidence items: under 10 s.

    .venv/bin/python tests/benchmarks/bench_reports.py
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from readiness_app.demo import build_demo  # noqa: E402
from readiness_app.framework import current  # noqa: E402
from readiness_app.opening import create_register, open_register  # noqa: E402
from readiness_app.reports.options import ReportOptions  # noqa: E402
from readiness_app.reports.rendering import render_bytes  # noqa: E402

CLOCK = datetime(2026, 11, 23, 9, 30)
RUNS = 3
PAIRED_RUNS = 5


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def plain_document(pages: int) -> bytes:
    """Baseline: the same page count of plain paragraphs in the same TrueType fonts."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from readiness_app.reports.fonts import register_fonts

    family = register_fonts()
    style = ParagraphStyle("plain", fontName=family, fontSize=9, leading=11.5)
    bold = ParagraphStyle("plainb", parent=style, fontName=family + "-Bold", fontSize=12, leading=15)
    story = []
    line = "Siân Wiśniewska, Principal Social Worker, will talk about assessments, waiting lists and reviews."
    for n in range(pages):
        story.append(Paragraph(f"Session {n + 1}", bold))
        story += [Paragraph(f"{line} ({i})", style) for i in range(40)]
        story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story[:-1])
    return buffer.getvalue()


def build_big_register(path: Path, items: int = 20_000) -> None:
    rng = random.Random(4)
    fw = current()
    reg = create_register(path, council="Benchmark Council", evidence_folder=path.parent / "evidence")
    with reg.transaction("cli"):
        reg.db["evidence"].insert_all(
            (
                {
                    "id": i,
                    "rel_path": f"{rng.choice(fw.qs_ids)}/folder {i % 50}/file {i}.pdf",
                    "sha256": f"{i:064x}",
                    "size": 1000 + i,
                    "title": f"Evidence document number {i} about {rng.choice(['waiting', 'reviews', 'carers'])}",
                    "reference": f"EV-{i:05}",
                    "category": rng.choice(fw.category_ids),
                    "status": rng.choice(["inbox", "accepted", "accepted", "submitted"]),
                    "presence": rng.choice(["present"] * 20 + ["missing"]),
                    "added_at": "2026-01-01T00:00:00+00:00",
                }
                for i in range(1, items + 1)
            ),
            batch_size=1000,
        )
        reg.db["evidence_qs"].insert_all(
            (
                {"evidence_id": i, "qs": q}
                for i in range(1, items + 1)
                for q in rng.sample(fw.qs_ids, rng.choice([1, 2]))
            ),
            batch_size=1000,
        )
    reg.close()


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_demo(folder / "demo", today=date(2026, 11, 23))
        reg = open_register(folder / "demo" / "register.sqlite")
        sessions = reg.scalar("SELECT COUNT(*) FROM session WHERE status != 'cancelled'")
        options = ReportOptions(generated_at=CLOCK)
        data, pages = render_bytes(reg, "interview-packs", options)  # warm-up: font loading, imports
        plain_document(pages)
        # Interleaved, so a busy machine slows both alike: each run times the packs, then the plain document.
        packs_times, plain_times = [], []
        for _ in range(PAIRED_RUNS):
            started = time.perf_counter()
            data, pages = render_bytes(reg, "interview-packs", options)
            packs_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            plain_document(pages)
            plain_times.append(time.perf_counter() - started)
        packs_s, plain_s = statistics.median(packs_times), statistics.median(plain_times)
        ratio = statistics.median(a / b for a, b in zip(packs_times, plain_times, strict=True))
        print(
            f"interview packs: {sessions} sessions, {pages} pages, {len(data) / 1024:.0f} KB in {packs_s:.2f} s "
            f"(median of {PAIRED_RUNS}); plain reportlab, same pages and fonts: {plain_s:.2f} s; "
            f"ratio {ratio:.2f}x (median of the paired runs; target at most 1.5x)"
        )
        if packs_s >= 3.0:
            failures.append("interview packs took 3 s or more")
        if ratio > 1.5:
            failures.append("interview packs more than 1.5x plain reportlab")
        for key in ("checklist", "timetable", "cases"):
            secs, (_, n) = timed(lambda key=key: render_bytes(reg, key, options))
            print(f"{key} (demo): {n} pages in {secs:.2f} s")
        reg.close()

        started = time.perf_counter()
        build_big_register(folder / "big.sqlite")
        print(f"built a 20,000-item register in {time.perf_counter() - started:.1f} s")
        big = open_register(folder / "big.sqlite")
        checklist_s, (data, pages) = timed(lambda: render_bytes(big, "checklist", options), runs=2)
        print(
            f"checklist, 20,000 evidence items: {pages} pages, {len(data) / 1024:.0f} KB in {checklist_s:.2f} s "
            f"(target < 10 s; {options.evidence_limit} items listed per QS and category)"
        )
        if checklist_s >= 10.0:
            failures.append("checklist on 20,000 items took 10 s or more")
        big.close()
    for failure in failures:
        print("TARGET MISSED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
