"""Desktop app speed: cold start vs a bare QMainWindow, and the evidence page with 20,000 items.

Run: .venv/bin/python tests/benchmarks/bench_ui.py [--items 20000]
Prints figures and ratios against the issue's targets (offscreen platform).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
PYCACHE = tempfile.mkdtemp(prefix="bench-ui-pycache-")
sys.path.insert(0, str(ROOT))

BARE = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1280, 760); w.show(); app.processEvents()
print(time.perf_counter() - t0, flush=True)
"""

APP = """
import time, sys
t0 = time.perf_counter()
from pathlib import Path
from readiness_app.ui.app import build_main_window
w = build_main_window(Path(sys.argv[1]), watch=True)
w.show()
from PySide6.QtWidgets import QApplication
QApplication.processEvents()
assert w.current_page().key == "dashboard" and w.current_page().tiles
print(time.perf_counter() - t0, flush=True)
w.shutdown()
"""


def cold(script: str, *args: str, runs: int = 5) -> float:
    times = []
    env = {**os.environ, "READINESS_DATA_DIR": tempfile.mkdtemp(prefix="bench-ui-")}
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=True
        )
        wall = time.perf_counter() - started
        times.append(wall)
        assert out.stdout.strip(), out.stderr
    return statistics.median(times)


def build_big_register(folder: Path, items: int) -> Path:
    from readiness_app.demo import build_demo
    from readiness_app.framework import current
    from readiness_app.register import evidence
    from readiness_app.register.connection import open_register

    result = build_demo(folder)
    reg = open_register(result.register, source="import")
    fw = current()
    qs_ids, cats = fw.qs_ids, fw.category_ids
    started = time.perf_counter()
    with reg.transaction("import"):
        for n in range(items):
            evidence.create(
                reg,
                f"bulk/{n // 500:03d}/Document {n:05d} {['survey', 'audit', 'minutes', 'policy'][n % 4]}.pdf",
                qs=[qs_ids[n % 9]],
                category=cats[n % len(cats)],
                status=["inbox", "accepted", "submitted"][n % 3],
                reference=f"LAIR-{n:05d}",
            )
    reg.close()
    print(f"(setup: {items} evidence items written in {time.perf_counter() - started:.1f} s)")
    return result.register


def evidence_page(register: Path) -> dict[str, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from readiness_app.ui.app import build_main_window

    window = build_main_window(register, watch=False)
    window.show()
    app = QApplication.instance()
    started = time.perf_counter()
    page = window.open_page("evidence")
    while page.model.total == 0:
        app.processEvents()
    app.processEvents()
    opened = time.perf_counter() - started
    sorts = []
    for column in range(page.model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            t = time.perf_counter()
            page.table.sortByColumn(column, order)
            app.processEvents()
            sorts.append(time.perf_counter() - t)
    keys = []
    text = ""
    for ch in "document 01":
        text += ch
        t = time.perf_counter()
        page.search.setText(text)
        app.processEvents()
        keys.append(time.perf_counter() - t)
    page.search.clear()
    t = time.perf_counter()
    page.apply_filters(status="inbox")
    app.processEvents()
    filt = time.perf_counter() - t
    rows = page.model.total
    window.shutdown()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    return {
        "rows": rows,
        "open": opened,
        "sort_max": max(sorts),
        "sort_median": statistics.median(sorts),
        "key_max": max(keys),
        "key_median": statistics.median(keys),
        "filter": filt,
        "rss_mb": rss,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["READINESS_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-ui-data-")
    with tempfile.TemporaryDirectory() as tmp:
        from readiness_app.demo import build_demo

        demo = build_demo(Path(tmp) / "demo").register
        bare = cold(BARE, runs=args.runs)
        ours = cold(APP, str(demo), runs=args.runs)
        print(f"cold start, bare QMainWindow:           {bare * 1000:7.0f} ms (median of {args.runs}, whole process)")
        print(f"cold start, app to dashboard (demo):    {ours * 1000:7.0f} ms")
        print(f"ratio: {ours / bare:.2f}x   (target <= 1.5x)")

        from readiness_app.ui.app import ensure_app

        ensure_app()
        big = build_big_register(Path(tmp) / "big", args.items)
        r = evidence_page(big)
        print(f"evidence page with {r['rows']} items:")
        print(f"  opens (rows shown):          {r['open'] * 1000:7.1f} ms   target < 500 ms")
        print(
            f"  sort any column (worst):     {r['sort_max'] * 1000:7.1f} ms   target < 150 ms"
            f" (median {r['sort_median'] * 1000:.1f} ms)"
        )
        print(
            f"  search keystroke (worst):    {r['key_max'] * 1000:7.1f} ms   target < 50 ms"
            f" (median {r['key_median'] * 1000:.1f} ms)"
        )
        print(f"  status filter (inbox):       {r['filter'] * 1000:7.1f} ms")
        print(f"  peak memory (whole process): {r['rss_mb']:7.0f} MB   target < 300 MB")


if __name__ == "__main__":
    main()
