"""User and file text shown as text, never as HTML: the one way for tooltips, labels and messages.

Qt guesses: a tooltip, a QLabel left at AutoText and a QMessageBox render their
text as HTML when it *looks* like HTML (`Qt.mightBeRichText`). A session title
or an evidence file name holding `<img src="...">` would then make the app load
that file (on Windows a `//host/share` path goes over the network; a FIFO
freezes the window) just because the pointer rested on a row. So:

- a tooltip or AutoText text that holds user or file text goes through `shown_as_text`;
- HTML the app builds itself escapes every piece of user text with `escape`;
- a label or message box that only ever shows user text is set to plain text
  with `plain_label` / `Qt.TextFormat.PlainText`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["escape", "plain_label", "shown_as_text"]


def shown_as_text(text: str) -> str:
    """`text` as Qt will show it literally: unchanged if Qt would not take it for HTML, escaped if it would."""
    if "<" not in text:  # no tag, no HTML: the common case never loads Qt's namespace (start-up time)
        return text
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace

    if GuiQt.mightBeRichText(text):
        return GuiQt.convertFromPlainText(text, GuiQt.WhiteSpaceMode.WhiteSpaceNormal)
    return text


def plain_label(label: Any) -> Any:
    """Make a QLabel (or QMessageBox) show its text as text, whatever it holds. Returns it."""
    from PySide6.QtCore import Qt

    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def escape(text: object) -> str:
    """User text to put inside HTML the app builds (a rich label, a dashboard tile).

    Four replacements by hand: importing the `html` module costs start-up time.
    """
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
