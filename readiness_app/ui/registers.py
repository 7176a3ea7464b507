"""The File menu's registers: New, Open, Recent, Close (back to the welcome screen), Register settings.

The main window holds one register; switching goes through the app's
`Launcher` (ui/app.py), which opens the new window before closing the old one,
so the app never quits on the way. A window built on its own (tests) closes
instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from readiness_app.ui import settings
from readiness_app.ui.plain_text import shown_as_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from readiness_app.ui.context import AppContext
    from readiness_app.ui.main_window import MainWindow


def window_title(ctx: AppContext) -> str:
    from readiness_app.register import assessment

    try:
        council = assessment.get(ctx.read)["council"]
    except Exception:  # a damaged register still gets a window title
        council = ""
    return " - ".join(p for p in (council, ctx.register_path.name, "Readiness") if p)


def add_register_actions(window: MainWindow, menu: QMenu) -> None:
    menu.addAction(window._action("New &register...", lambda: new_register(window), "Ctrl+Shift+N", "new_register"))
    menu.addAction(window._action("&Open register...", lambda: open_register(window), "Open", "open_register"))
    recent = menu.addMenu("Recent re&gisters")
    recent.setObjectName("recent_registers")
    recent.aboutToShow.connect(lambda: fill_recent(window, recent))
    fill_recent(window, recent)
    menu.addAction(
        window._action("Register &settings...", window.open_register_settings, "Ctrl+,", "register_settings")
    )
    menu.addSeparator()


def fill_recent(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    paths = [p for p in settings.recent_registers() if Path(p).exists()]
    for path in paths:
        action = menu.addAction(f"{Path(path).name}  ({Path(path).parent})")
        action.setToolTip(shown_as_text(path))
        action.triggered.connect(lambda _=False, p=path: switch_to(window, Path(p)))
    if not paths:
        menu.addAction("(none yet)").setEnabled(False)


def switch_to(window: MainWindow, path: Path) -> None:
    if Path(path).resolve() == window.ctx.register_path:
        return
    if window.launcher is not None:
        window.launcher.open_register(Path(path), parent=window)


def new_register(window: MainWindow) -> None:
    """The welcome screen's create form; the register it makes replaces this one."""
    if window.launcher is not None:
        window.launcher.show_welcome()


def open_register(window: MainWindow) -> None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(
        window, "Open a register", "", "Register (*.readiness *.sqlite);;All files (*)"
    )
    if path:
        switch_to(window, Path(path))


def close_register(window: MainWindow) -> None:
    if window.launcher is not None:
        window.launcher.show_welcome()  # first, so the app does not quit when its last window closes
        window.launcher.window = None
    window.close()


def open_settings(window: MainWindow) -> None:
    from readiness_app.ui.dialogs.settings_dialog import SettingsDialog

    before = window.ctx.evidence_folder()
    dialog = SettingsDialog(window.ctx, window)
    window.settings_dialog = dialog

    def saved() -> None:
        result = dialog.saved_result or {}
        if result.get("evidence"):
            window.ctx.notice.emit(f"Evidence folder moved and checked: {result['evidence']}")
        if window.ctx.evidence_folder() != before:
            restart_watcher(window)
        window.update_title()

    dialog.accepted.connect(saved)
    dialog.open()


def restart_watcher(window: MainWindow) -> None:
    """Watch the new evidence folder: stop the old watcher and start a fresh one (queued on the writer)."""
    from readiness_app.ui.watching import WatcherBridge

    window.watcher.stop()
    window.watcher = WatcherBridge(window.ctx, window)
    window.watcher.state_changed.connect(window._update_watcher_label)
    window.watcher.start()
    window._update_watcher_label()
