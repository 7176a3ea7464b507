"""Benchmark: print preview of the demo's interview packs (issue 16).

Target: the first page shows in under 1 s after Preview is pressed. Preview
builds the first session's pack on its own and shows it at once, then builds
every pack (reportlab, on the printer thread) and puts the whole document in
its place; both the first page and the whole are timed.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_preview.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from readiness_app.demo import build_demo  # noqa: E402
from readiness_app.opening import open_register  # noqa: E402
from readiness_app.reports.options import ReportOptions  # noqa: E402
from readiness_app.reports.rendering import render_bytes, render_first_part  # noqa: E402
from readiness_app.ui.preview import PreviewDialog  # noqa: E402

RUNS = 5
TARGET_S = 1.0


def first_page_shown(app: QApplication, data: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    dialog = PreviewDialog(data, "Interview packs")
    dialog.show()
    while 0 not in dialog.view.rendered:
        app.processEvents()
    app.processEvents()  # the pixmap is painted
    elapsed = time.perf_counter() - started
    pages = len(dialog.pages)
    assert not dialog.view.labels[0].pixmap().isNull()
    dialog.reject()
    dialog.deleteLater()
    app.processEvents()
    return elapsed, pages


def main() -> int:
    app = QApplication.instance() or QApplication([])
    demo = build_demo(Path(tempfile.mkdtemp(prefix="bench-preview-")) / "demo", today=date(2026, 11, 23))
    reg = open_register(demo.register, readonly=True)
    options = ReportOptions(generated_at=datetime(2026, 11, 23, 9, 30))
    started = time.perf_counter()
    data, pages = render_bytes(reg, "interview-packs", options)
    build = time.perf_counter() - started
    # What Preview does: the first session's pack first (shown at once), then every pack.
    clicks, whole = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        part = render_first_part(reg, "interview-packs", options)
        assert part is not None
        elapsed, shown = first_page_shown(app, part[0])
        assert 0 < shown < pages
        clicks.append(time.perf_counter() - started)
        elapsed, shown = first_page_shown(app, data)
        assert shown == pages
        whole.append(elapsed)
    reg.close()
    median, worst = statistics.median(clicks), max(clicks)
    print(f"interview packs: {pages} pages, the whole built in {build:.2f} s (printer thread, after the first part)")
    print(
        f"Preview pressed to the first page on screen (first pack built, drawn): median {median * 1000:.0f} ms,"
        f" worst {worst * 1000:.0f} ms (target < 1 s)"
    )
    print(
        f"the whole document shown once built: median {statistics.median(whole) * 1000:.0f} ms,"
        f" worst {max(whole) * 1000:.0f} ms"
    )
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
