"""Benchmark: print preview of the demo's interview packs (issue 16).

Target: the first page shows in under 1 s once the document is built (opening
the PDF, laying out 113 page placeholders, rendering and drawing page 1).
The build itself (reportlab, on the printer thread while a progress bar runs)
is printed too, for the whole picture.

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
from readiness_app.reports.rendering import render_bytes  # noqa: E402
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
    started = time.perf_counter()
    data, pages = render_bytes(reg, "interview-packs", ReportOptions(generated_at=datetime(2026, 11, 23, 9, 30)))
    build = time.perf_counter() - started
    reg.close()
    times = []
    for _ in range(RUNS):
        elapsed, shown = first_page_shown(app, data)
        assert shown == pages
        times.append(elapsed)
    median, worst = statistics.median(times), max(times)
    print(f"interview packs: {pages} pages, built in {build:.2f} s (printer thread)")
    print(f"preview, first page shown: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms (target < 1 s)")
    return 0 if worst < TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
