"""Screenshots of every page and dialog of the demo, at one screen size.

Run under Xvfb, once per size (see docs/development.md, "Screenshots"):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        python packaging/screenshots.py resources/screenshots --size 1366x768

QT_SCALE_FACTOR=2 (with a screen twice as big) gives the 2x shots. Each PNG is
named <size>-<page or dialog>.png, e.g. 1024x600-evidence.png.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size in logical pixels, WIDTHxHEIGHT")
    parser.add_argument("--tag", default="", help="file name prefix (default: the size, plus @2x when scaled)")
    parser.add_argument("--only", nargs="*", default=None, help="only these pages/dialogs")
    args = parser.parse_args(argv)
    os.environ.setdefault("READINESS_DATA_DIR", tempfile.mkdtemp(prefix="readiness-shots-"))
    os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.environ["READINESS_DATA_DIR"], "config"))

    from PySide6.QtWidgets import QApplication

    from readiness_app.demo import build_demo
    from readiness_app.ui import tour
    from readiness_app.ui.app import build_main_window, ensure_app

    ensure_app()
    width, height = (int(n) for n in args.size.split("x"))
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = args.tag or (args.size + ("" if scale in ("", "1") else f"@{scale}x"))
    demo = build_demo(Path(tempfile.mkdtemp(prefix="readiness-demo-")) / "demo", today=date(2026, 11, 23))
    window = build_main_window(demo.register, watch=False)
    window.resize(width, height)
    window.show()
    args.folder.mkdir(parents=True, exist_ok=True)

    def settle() -> None:
        for _ in range(3):
            QApplication.processEvents()
        for runner in window.ctx.runners():
            while runner.pending:
                QApplication.processEvents()

    def wanted(name: str) -> bool:
        return args.only is None or name in args.only

    for key, _page in tour.pages(window):
        settle()
        if wanted(key):
            window.grab().save(str(args.folder / f"{tag}-{key}.png"))
    if wanted("evidence-details"):  # the side panel with one inbox item selected
        page = window.open_page("evidence")
        page.apply_filters(status="inbox")
        settle()
        page.table.selectRow(0)
        settle()
        window.grab().save(str(args.folder / f"{tag}-evidence-details.png"))
    if wanted("timetable"):
        page = window.open_page("interviews")
        page.view_choice.setCurrentIndex(1)
        page.day.setCurrentIndex(1)
        settle()
        window.grab().save(str(args.folder / f"{tag}-timetable.png"))
    if wanted("preview"):
        from readiness_app.opening import open_register
        from readiness_app.reports.rendering import render_bytes
        from readiness_app.ui.preview import PreviewDialog

        reg = open_register(demo.register, readonly=True)
        data, _pages = render_bytes(reg, "timetable")
        reg.close()
        preview = PreviewDialog(data, "Visit timetable", window)
        preview.show()
        while 0 not in preview.view.rendered:
            QApplication.processEvents()
        settle()
        preview.grab().save(str(args.folder / f"{tag}-dialog-preview.png"))
        preview.reject()
    for name, dialog in tour.dialogs(window):
        if not wanted(name):
            dialog.deleteLater()
            continue
        dialog.show()
        settle()
        dialog.grab().save(str(args.folder / f"{tag}-dialog-{name}.png"))
        dialog.reject()
    window.shutdown()
    print(f"saved to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
