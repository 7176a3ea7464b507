"""GUI fixtures: a main window on a private copy of the demo, shut down after each test.

No modal dialog ever runs: dialogs are opened with open() and driven directly,
QFileDialog / QInputDialog are monkeypatched, and QDesktopServices.openUrl is
recorded instead of launching a viewer.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QDesktopServices


@pytest.fixture
def opened_urls(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: urls.append(url.toLocalFile()) or True))
    return urls


@pytest.fixture
def make_window(qtbot, opened_urls):
    from readiness_app.ui.app import build_main_window

    windows = []

    def make(register_path, *, watch: bool = False):
        window = build_main_window(register_path, watch=watch)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        # as a user's first click comes after the first paint, which fills the menus
        qtbot.waitUntil(lambda: window.drawn, timeout=5000)
        wait_idle(qtbot, window)  # and the work that follows it (the backup on open)
        return window

    yield make
    for window in windows:
        window.shutdown()
        for runner in window.ctx.runners():
            assert runner._thread.isFinished()


@pytest.fixture
def window(make_window, demo_dir):
    return make_window(demo_dir / "register.sqlite")


def wait_idle(qtbot, window, timeout: int = 10_000) -> None:
    """Until every queued job has finished and its result reached the GUI thread."""
    qtbot.waitUntil(lambda: all(r.pending == 0 for r in window.ctx.runners()), timeout=timeout)
