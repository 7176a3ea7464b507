"""Every page and every edit dialog of an open window, for the fit checks and the screenshots.

A new page is found through the sidebar; a new dialog is added to `DIALOGS`
with a function that builds it (not shown) from the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from readiness_app.ui.main_window import MainWindow
from readiness_app.ui.pages import Page


def _session_dialog(window: MainWindow) -> QDialog:
    from readiness_app.register import sessions
    from readiness_app.ui.dialogs.session_dialog import SessionDialog

    rows = sessions.list_sessions(window.ctx.read)
    return SessionDialog(window.ctx, sessions.get(window.ctx.read, rows[0]["id"]) if rows else None)


def _new_session_dialog(window: MainWindow) -> QDialog:
    from readiness_app.ui.dialogs.session_dialog import SessionDialog

    return SessionDialog(window.ctx)


def _gap_dialog(window: MainWindow) -> QDialog:
    from readiness_app.register import gaps
    from readiness_app.ui.dialogs.gap_dialog import GapDialog

    rows = gaps.list_gaps(window.ctx.read)
    return GapDialog(window.ctx, rows[0] if rows else None)


def _close_gap_dialog(window: MainWindow) -> QDialog | None:
    from readiness_app.register import gaps
    from readiness_app.ui.dialogs.gap_dialog import CloseGapDialog

    rows = gaps.list_gaps(window.ctx.read, open_only=True)
    return CloseGapDialog(window.ctx, rows[0]) if rows else None


def _person_dialog(window: MainWindow) -> QDialog:
    from readiness_app.ui.pages.people import PersonDialog

    return PersonDialog(window.ctx)


def _case_dialog(window: MainWindow) -> QDialog:
    from readiness_app.ui.pages.cases import NewCaseDialog

    return NewCaseDialog(window.ctx)


def _import_dialog(window: MainWindow) -> QDialog:
    window.import_spreadsheet()  # File > Import, as a user opens it
    return window.import_dialog


MIN_FIELD_WIDTH = 64  # pixels: about eight letters

DIALOGS: dict[str, Callable[[MainWindow], QDialog | None]] = {
    "session": _session_dialog,
    "new-session": _new_session_dialog,
    "gap": _gap_dialog,
    "close-gap": _close_gap_dialog,
    "person": _person_dialog,
    "case": _case_dialog,
    "import": _import_dialog,
}


def pages(window: MainWindow) -> Iterator[tuple[str, Page]]:
    """Open each page in sidebar order and yield it (key, page) while it is the one shown."""
    for key in list(window.page_types):
        yield key, window.open_page(key)


def dialogs(window: MainWindow) -> Iterator[tuple[str, QDialog]]:
    """Build each edit dialog; the caller shows and closes it."""
    for name, build in DIALOGS.items():
        dialog = build(window)
        if dialog is not None:
            yield name, dialog


def misfits(top: QWidget) -> list[str]:
    """What a user could not see or reach in `top` (a window or dialog) at its present size.

    A visible widget must lie inside `top`, unless it sits in a scroll area (then it can be
    scrolled to, and the scroll area itself is checked). A button or a label that does not
    wrap must be wide enough for its text.
    """
    problems: list[str] = []
    bounds = top.rect()
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.isWindow() or _in_scroll_area(widget, top):
            continue
        name = _name(widget)
        box = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
        if not box.isEmpty() and not bounds.contains(box):  # a 0x0 helper (a table's corner button) shows nothing
            problems.append(f"{name} lies outside the window ({_rect(box)} not in {_rect(bounds)})")
        if _cut(widget):
            problems.append(f"{name} is cut: {widget.width()} px wide, needs {widget.sizeHint().width()} px")
    return problems


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QAbstractScrollArea) and parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False


def _cut(widget: QWidget) -> bool:
    if isinstance(widget, QAbstractButton) and not isinstance(widget, QCheckBox | QRadioButton):
        return widget.width() + 2 < widget.minimumSizeHint().width()
    if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text() and widget.pixmap().isNull():
        return widget.width() + 2 < widget.minimumSizeHint().width()
    if isinstance(widget, QCheckBox | QRadioButton):
        return widget.width() + 2 < widget.sizeHint().width()
    if isinstance(widget, QLineEdit | QComboBox):  # a box a few letters wide ("ning" for "Planning lead")
        return widget.width() < MIN_FIELD_WIDTH
    return False


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    label = text() if callable(text) else ""
    return f"{type(widget).__name__} {widget.objectName() or widget.accessibleName()!r} {label!r}"


def _rect(r: QRect) -> str:
    return f"{r.x()},{r.y()} {r.width()}x{r.height()}"


def visible_texts(top: QWidget, rows: int = 300) -> list[tuple[str, str]]:
    """(where, text) for every label, button, header and table cell the user can see in `top`.

    Editable fields are left out (they show the dd/mm/yyyy form on purpose); combo boxes give
    every choice, since a user sees them all when the list opens.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QHeaderView, QListWidget, QTabWidget, QTextBrowser

    out: list[tuple[str, str]] = [(f"{_name(top)} title", top.windowTitle())]
    for widget in [top, *top.findChildren(QWidget)]:
        if not widget.isVisibleTo(top) and widget is not top:
            continue
        name = _name(widget)
        if isinstance(widget, QLabel):
            out.append((name, _plain(widget.text())))
        elif isinstance(widget, QAbstractButton):
            out.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            out.append((name, widget.title()))
        elif isinstance(widget, QComboBox):
            out += [(name, widget.itemText(n)) for n in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            out += [(name, widget.tabText(n)) for n in range(widget.count())]
        elif isinstance(widget, QTextBrowser):
            out.append((name, widget.toPlainText()))
        elif isinstance(widget, QListWidget):
            out += [(name, widget.item(n).text()) for n in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QListWidget | QHeaderView):
            model = widget.model()
            if model is None:
                continue
            for col in range(model.columnCount()):
                out.append((f"{name} header", str(model.headerData(col, Qt.Orientation.Horizontal) or "")))
            for row in range(min(model.rowCount(), rows)):
                for col in range(model.columnCount()):
                    value = model.data(model.index(row, col))
                    if value not in (None, ""):
                        out.append((f"{name} row {row + 1}", str(value)))
    return out


def _plain(text: str) -> str:
    """What a label shows: rich text without its tags and attributes."""
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt namespace
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(text).toPlainText() if GuiQt.mightBeRichText(text) else text


def raw_keys() -> dict[str, str]:
    """Every stored choice key whose label differs from it (key -> label), from register.vocabulary."""
    from readiness_app.register import accuracy, improvement, requests, vocabulary

    keys: dict[str, str] = {}
    for source in (vocabulary, improvement, accuracy, requests):
        for value in vars(source).values():
            if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
                keys.update({k: v for k, v in value.items() if k and isinstance(v, str) and k != v})
    return keys


def raw_key_problems(texts: list[tuple[str, str]]) -> list[str]:
    """Texts that show a stored key instead of its label: "in_progress" anywhere, or a cell that is just "inbox"."""
    import re

    from readiness_app.register.vocabulary import CRITERIA

    keys = raw_keys()
    plain_keys = {k for k in keys if k not in CRITERIA}  # "carer" is also a council's own criterion tag
    joined = [k for k in keys if "_" in k]
    pattern = re.compile(r"(?<![\w/.])(" + "|".join(map(re.escape, joined)) + r")(?![\w/.])")
    # a bare key in brackets after a name, as "Case study 036 [accepted]" once was
    bracketed = re.compile(r"[\[(](" + "|".join(map(re.escape, sorted(plain_keys))) + r")[\])]")
    record_id = re.compile(r"(?<![&\w])#\d+")  # "#6": users never see record ids
    problems = []
    for where, text in texts:
        plain = text.strip()
        if (
            pattern.search(text)
            or bracketed.search(text)
            or record_id.search(text)
            or (plain in plain_keys and plain.islower())
        ):
            problems.append(f"{where}: {text[:80]!r}")
    return problems
