"""A one-line label that shortens long text with "…" in the middle instead of widening the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QWidget

from readiness_app.ui.plain_text import plain_label, shown_as_text


class ElidedLabel(QLabel):
    """A path or name that may be long: shown whole when it fits, else "C:\\Users\\…\\register.sqlite";
    the tooltip always has it all. Its minimum width is small, so it never sets the window's.

    Eliding needs Qt's namespace (about 15 ms to load), so the window calls `start_eliding()`
    after its first paint; until then a long text is only clipped.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._mode: Any = None  # a Qt.TextElideMode once eliding starts (Qt loads lazily here)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        self.full_text = text
        self.setToolTip(shown_as_text(text))
        if "<" in text:  # a path or name is text: never let Qt take it for HTML
            plain_label(self)
        super().setText(text)
        self._elide()

    def start_eliding(self) -> None:
        from PySide6.QtCore import Qt

        self._mode = Qt.TextElideMode.ElideMiddle
        self._elide()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 120), hint.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        if self._mode is None:
            return
        shown = self.fontMetrics().elidedText(self.full_text, self._mode, max(self.contentsRect().width(), 0))
        if shown != self.text():
            super().setText(shown)
