"""Screenshots of every page and dialog of the demo, at one screen size.

Run under Xvfb, once per size (see docs/development.md, "Screenshots"):

    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        python packaging/screenshots.py resources/screenshots --size 1366x768

QT_SCALE_FACTOR=2 (with a screen twice as big) gives the 2x shots, --dark the
Fusion style with a dark palette (as Windows 11 and macOS in dark mode give a Qt
app), --small fewer colours (a third of the bytes, still sharp). Each PNG is
named <size>-<page or dialog>.png, e.g. 1024x600-evidence.png, with -dark
after the size for the dark ones. The guide's pictures (docs/user-guide/screenshots/)
are remade with `packaging/guide_screenshots.sh`.

The clock is pinned to the demo's day (READINESS_NOW), so the pictures do not
change with the day they are made.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
    parser.add_argument("--dark", action="store_true", help="the Fusion style with a dark palette")
    parser.add_argument("--small", action="store_true", help="save with at most 256 colours (Pillow)")
    args = parser.parse_args(argv)
    os.environ.setdefault("READINESS_DATA_DIR", tempfile.mkdtemp(prefix="readiness-shots-"))
    os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.environ["READINESS_DATA_DIR"], "config"))
    os.environ.setdefault("READINESS_NOW", f"{DEMO_DAY.isoformat()}T09:00")

    from PySide6.QtWidgets import QApplication

    from readiness_app.demo import build_demo
    from readiness_app.ui import tour
    from readiness_app.ui.app import build_main_window, ensure_app

    app = ensure_app()
    if args.dark:
        use_dark_palette(app)
    width, height = (int(n) for n in args.size.split("x"))
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    tag = args.tag or (args.size + ("" if scale in ("", "1") else f"@{scale}x") + ("-dark" if args.dark else ""))
    # one folder every time: the register's path in the status bar is the same in every remake
    folder = Path(tempfile.gettempdir()) / "readiness-screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    demo = build_demo(folder / "demo", today=DEMO_DAY)
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
        QApplication.sendPostedEvents()  # the layouts a page asked for once its data came
        for _ in range(3):
            QApplication.processEvents()

    def save(widget, name: str) -> None:
        path = args.folder / f"{tag}-{name}.png"
        widget.grab().save(str(path))
        if args.small:
            fewer_colours(path)

    dashboard = window.open_page("dashboard")
    done: list[bool] = []
    dashboard.when_complete(lambda: done.append(True))  # its pictures and tiles are drawn
    while not done:
        QApplication.processEvents()

    def wanted(name: str) -> bool:
        return args.only is None or name in args.only

    for key, _page in tour.pages(window):
        settle()
        if wanted(key):
            save(window, key)
    if wanted("dashboard-below"):  # the page scrolls as one: its end, the nine tiles and the next two days
        page = window.open_page("dashboard")
        bar = page.page_scroll.verticalScrollBar()
        bar.setValue(bar.maximum())
        settle()
        save(window, "dashboard-below")
        bar.setValue(0)
    if wanted("evidence-details"):  # the side panel with one inbox item selected
        page = window.open_page("evidence")
        page.apply_filters(status="inbox")
        settle()
        page.table.selectRow(0)
        settle()
        save(window, "evidence-details")
    if wanted("timetable"):
        page = window.open_page("interviews")
        page.view_choice.setCurrentIndex(1)
        page.day.setCurrentIndex(1)
        settle()
        save(window, "timetable")
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
        save(preview, "dialog-preview")
        preview.reject()
    for name, dialog in tour.dialogs(window):
        if not wanted(name):
            dialog.deleteLater()
            continue
        dialog.show()
        settle()
        save(dialog, f"dialog-{name}")
        dialog.reject()
    window.shutdown()
    print(f"saved to {args.folder}")
    return 0


DEMO_DAY = date(2026, 11, 23)


def use_dark_palette(app) -> None:
    """The Fusion style with a system dark mode's palette, before any window is made."""
    from readiness_app.ui.accessibility import dark_palette

    app.setStyle("Fusion")
    app.setPalette(dark_palette())


def fewer_colours(path: Path) -> None:
    """At most 256 colours: a screen of flat colours and text loses nothing a reader sees, and 2/3 of its bytes."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


if __name__ == "__main__":
    raise SystemExit(main())
