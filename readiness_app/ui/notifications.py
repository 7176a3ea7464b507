"""A system notification (the tray on Windows) when new evidence arrives while the window is in the background.

On by default; File > "Notify me when new evidence arrives" turns it off
(setting notify/new_evidence). Nothing is shown while the window is in front:
the status bar already says it there.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from readiness_app.ui.settings import app_settings

SETTING = "notify/new_evidence"
TITLE = "New evidence"


def notifications_on() -> bool:
    value = app_settings().value(SETTING, True)
    return value not in (False, "false", "0", 0)


def set_notifications(on: bool) -> None:
    app_settings().setValue(SETTING, bool(on))


def notify_arrival(window: Any, text: str) -> bool:
    """Show `text` as a system notification if the window is in the background; returns whether it did."""
    if not isinstance(window, QWidget) or window.isActiveWindow() or not notifications_on():
        return False
    if not QSystemTrayIcon.isSystemTrayAvailable() or not QSystemTrayIcon.supportsMessages():
        return False
    tray = getattr(window, "_arrival_tray", None)
    if tray is None:
        from PySide6.QtGui import QIcon

        from readiness_app.paths import resource

        icon = window.windowIcon()
        if icon.isNull():
            icon = QIcon(str(resource("icons", "readiness-64.png")))
        tray = QSystemTrayIcon(icon, window)
        tray.setToolTip("Readiness")
        tray.messageClicked.connect(lambda: _bring_forward(window))
        setattr(window, "_arrival_tray", tray)  # noqa: B010 (one tray per window, made on first use)
    tray.show()
    tray.showMessage(TITLE, text, QSystemTrayIcon.MessageIcon.Information, 8000)
    return True


def _bring_forward(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
