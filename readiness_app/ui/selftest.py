"""`readiness --self-test`: check a build without a person at the screen.

IT and CI run it on a fresh install (frozen or from source). In a temporary
folder it builds the demo register, opens the main window offscreen, prints one
PDF, reconciles the evidence folder once, uses each feature a trimmed bundle
could lose (selftest_features.py) and checks that the folder watcher sees a
new file. It prints one line per step and exits 0, or 1 with a one-line reason
(the full traceback goes to the log file for whoever supports the app).

Nothing touches the user's own data: the data folder and settings are pointed
at the temporary folder for the run and put back afterwards. The window is
drawn offscreen unless QT_QPA_PLATFORM names a real display (e.g. xcb).
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from readiness_app import __version__
from readiness_app.logs import get_logger
from readiness_app.ui import selftest_features
from readiness_app.ui.selftest_features import SelfTestFailure

log = get_logger("readiness_app.selftest")

WINDOW_TIMEOUT = 30.0  # seconds for the main window to appear (a cold laptop with antivirus is slow)
WATCH_TIMEOUT = 10.0  # seconds for the watcher to report a new file
PROBE_NAME = "Self-test probe.txt"


def run_self_test() -> int:
    """Run every check; print what happened; 0 if all passed, else 1."""
    from readiness_app.logs import setup_logging

    setup_logging()  # before the data folder is redirected: the log stays in the user's own log folder
    started = time.perf_counter()
    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    _say(f"readiness-app {__version__} self-test ({frozen}, Python {platform.python_version()}, {sys.platform})")
    with tempfile.TemporaryDirectory(prefix="readiness-selftest-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        state: dict[str, Any] = {}
        steps: list[tuple[str, Callable[[Path, dict[str, Any]], str]]] = [
            ("resources", _check_resources),
            ("demo register", _build_demo),
            ("main window", _open_main_window),
            ("PDF", _build_pdf),
            ("print preview", _preview_pdf),
            ("evidence reconcile", _reconcile_evidence),
            ("search", _search_contents),
            *selftest_features.STEPS,
            ("folder watcher", _watch_folder),
        ]
        with _private_user_folders(work):
            for name, step in steps:
                step_started = time.perf_counter()
                try:
                    detail = step(work, state)
                except SelfTestFailure as exc:
                    return _failed(name, str(exc))
                except Exception as exc:  # any other error is a fault in the build: log it in full
                    log.exception("self-test step %r failed", name)
                    return _failed(name, f"{type(exc).__name__}: {exc}")
                _say(f"  ok  {name}: {detail} ({time.perf_counter() - step_started:.2f} s)")
    _say(f"self-test passed in {time.perf_counter() - started:.1f} s")
    log.info("self-test passed")
    return 0


# ------------------------------------------------------------------ steps


def _check_resources(work: Path, state: dict[str, Any]) -> str:
    from readiness_app.framework import current
    from readiness_app.paths import resources_dir, user_guide_dir

    folder = resources_dir()
    if not folder.is_dir():
        raise SelfTestFailure(f"resources folder missing: {folder}")
    fonts = sorted(p.name for p in (folder / "fonts").glob("*.ttf"))
    if not fonts:
        raise SelfTestFailure(f"no fonts in {folder / 'fonts'}")
    statements = current().statements
    if len(statements) != 9:
        raise SelfTestFailure(f"framework has {len(statements)} quality statements, expected 9")
    if not (user_guide_dir() / "index.md").is_file():  # Help > Guide shows docs/user-guide/
        raise SelfTestFailure(f"the guide is missing: {user_guide_dir()}")
    return f"framework with 9 quality statements, {len(fonts)} fonts, the guide, in {folder}"


def _build_demo(work: Path, state: dict[str, Any]) -> str:
    from readiness_app.demo import build_demo

    result = build_demo(work / "demo")
    state["register"] = result.register
    state["evidence"] = result.evidence
    return ", ".join(f"{v} {k}" for k, v in result.counts.items())


def _open_main_window(work: Path, state: dict[str, Any]) -> str:
    from PySide6.QtWidgets import QApplication

    from readiness_app.ui.app import build_main_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = build_main_window(state["register"], watch=False)
    try:
        window.show()
        _wait_for(lambda: window.isVisible() and _exposed(window), WINDOW_TIMEOUT, app, "the main window to show")
        shot = window.grab()
        if shot.isNull() or shot.width() < 200 or shot.height() < 200:
            raise SelfTestFailure(f"the main window painted nothing ({shot.width()}x{shot.height()})")
        shot.save(str(work / "main-window.png"))
        title = window.windowTitle()
    finally:
        window.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    return f"{title!r}, {shot.width()}x{shot.height()}"


def _build_pdf(work: Path, state: dict[str, Any]) -> str:
    from pypdf import PdfReader

    from readiness_app.ui.selftest_features import checklist_pdf

    output = work / "readiness-checklist.pdf"
    council, result = checklist_pdf(state, output)
    if not output.is_file() or output.read_bytes()[:5] != b"%PDF-":
        raise SelfTestFailure(f"no PDF written at {output}")
    state["pdf"] = output
    reader = PdfReader(output)
    first_page = reader.pages[0].extract_text() or ""
    if council and council not in first_page:
        raise SelfTestFailure(f"the PDF's first page does not name the council {council!r}")
    return f"readiness checklist, {result.pages} pages, {output.stat().st_size // 1024} KB"


def _preview_pdf(work: Path, state: dict[str, Any]) -> str:
    """The bundled PDFium (pypdfium2) draws the first page, as the print preview does."""
    from readiness_app.ui.preview import PdfPages

    if "pdf" not in state:
        raise SelfTestFailure("no PDF was built to preview")
    pages = PdfPages(state["pdf"].read_bytes())
    try:
        count, image = len(pages), pages.image(0, 0.5)
    finally:
        pages.close()
    if image.isNull() or image.width() < 200:
        raise SelfTestFailure("the print preview could not draw the first page")
    return f"page 1 of {count} drawn at {image.width()}x{image.height()}"


def _reconcile_evidence(work: Path, state: dict[str, Any]) -> str:
    from readiness_app.evidence.reconcile import reconcile
    from readiness_app.opening import open_register
    from readiness_app.register import evidence

    probe = Path(state["evidence"]) / PROBE_NAME
    probe.write_text("A file dropped into the evidence folder by the self-test.\n", encoding="utf-8")
    reg = open_register(state["register"], source="app")
    try:
        result = reconcile(reg, Path(state["evidence"]), source="app")
        items = evidence.list_items(reg)
    finally:
        reg.close()
    if not any(Path(item["rel_path"]).name == PROBE_NAME for item in items):
        raise SelfTestFailure(f"the reconcile did not take in the new file {PROBE_NAME!r} ({result.summary()})")
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in result.counts().items() if n) or "no changes"
    return f"{counts}; {len(items)} items in the register"


def _search_contents(work: Path, state: dict[str, Any]) -> str:
    """The files' text is read (PDFium, the Office XML, calamine) and found through FTS5."""
    from readiness_app.evidence.indexing import index_contents
    from readiness_app.opening import open_register
    from readiness_app.register import search

    reg = open_register(state["register"], source="app")
    try:
        result = index_contents(reg, Path(state["evidence"]))
        hits = search.search(reg, "prepared OR month", kinds=["evidence"], limit=500)
    finally:
        reg.close()
    kinds = {Path(h.rel_path or "").suffix for h in hits if h.in_file}
    missing = {".pdf", ".docx", ".xlsx", ".txt"} - kinds
    if missing:
        raise SelfTestFailure(f"no text found inside the {', '.join(sorted(missing))} files ({result.summary()})")
    return f"{result.summary()}; {len(hits)} found by a word inside them"


def _watch_folder(work: Path, state: dict[str, Any]) -> str:
    """The native watcher backend loads and reports a new file (a missing backend breaks live updates)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    seen = threading.Event()
    target = work / "watched"
    target.mkdir()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if not event.is_directory and Path(str(event.src_path)).name == "arrived.txt":
                seen.set()

    observer = Observer()
    observer.schedule(Handler(), str(target), recursive=True)
    observer.start()
    try:
        (target / "arrived.txt").write_text("new\n", encoding="utf-8")
        if not seen.wait(WATCH_TIMEOUT):
            raise SelfTestFailure(f"the {type(observer).__name__} saw no event within {WATCH_TIMEOUT:.0f} s")
    finally:
        observer.stop()
        observer.join(5)
    return f"{type(observer).__name__} saw a new file"


# ------------------------------------------------------------------ helpers


def _say(line: str) -> None:
    # A windowed Windows build has no stdout; print() then does nothing, and the log still gets the line.
    print(line, flush=True)
    log.info("%s", line.strip())


def _failed(step: str, reason: str) -> int:
    line = f"self-test FAILED at {step}: {reason}"
    print(line, file=sys.stderr, flush=True)
    log.error("%s", line)
    return 1


def _exposed(window) -> bool:
    handle = window.windowHandle()
    return handle is not None and handle.isExposed()


def _wait_for(condition: Callable[[], bool], timeout: float, app, what: str) -> None:
    """Run the event loop until condition() holds; fail after timeout seconds."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestFailure(f"timed out after {timeout:.0f} s waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


@contextlib.contextmanager
def _private_user_folders(work: Path) -> Iterator[None]:
    """Point the data folder, settings and Qt platform at the run's own folder; restore them after."""
    changes = {
        "READINESS_DATA_DIR": str(work / "appdata"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "XDG_DATA_HOME": str(work / "data"),
        # Offscreen: no window on anyone's screen, and no display needed at all. Setting
        # QT_QPA_PLATFORM (xcb, wayland, windows, cocoa) tests the real display path instead.
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen",
    }
    saved = {key: os.environ.get(key) for key in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
