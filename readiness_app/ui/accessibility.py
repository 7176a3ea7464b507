"""Usable by keyboard and screen reader: spoken announcements, message lines that are heard,
focus sent to the field at fault, and Tab that always leaves a table or a multi-line field.

Screen readers hear an announcement through Qt's `QAccessibleAnnouncementEvent` (AT-SPI's
"announcement" on Linux, a UI Automation notification on Windows). PySide6 exposes no
way to watch QAccessible events from Python, so every announcement is also kept in
`announced` (newest last), which the tests read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.ui.colours import SELECTED, WARNING_TEXT, adapt
from readiness_app.ui.wording import field_label, say_all

# Every announcement made, newest last: (text, assertive). Tests read it; nothing else does.
announced: list[tuple[str, bool]] = []
_KEEP = 200


def announce(source: QObject, text: str, *, assertive: bool = False) -> None:
    """Have a screen reader say `text` without moving focus (WCAG 4.1.3 status messages).

    Assertive interrupts (a problem the user must hear before going on); polite waits its turn
    (saved, new evidence, undone).
    """
    text = " ".join(text.split())
    if not text:
        return
    announced.append((text, assertive))
    del announced[:-_KEEP]
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive if assertive else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)


class AlertLabel(QLabel):
    """The red line under a form: its accessible name is its text, and each message it shows is
    announced at once (assertively), so a Save that did nothing is heard, not only seen."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setStyleSheet(f"color: {adapt(WARNING_TEXT, palette_is_dark())};")
        self.setWordWrap(True)
        self.setAccessibleDescription("Problem with the form")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_role(self, QAccessible.Role.AlertMessage)  # an alert: screen readers speak it as it shows
        self.hide()

    def setText(self, text: str) -> None:  # noqa: N802  (QLabel's name, called by every form)
        super().setText(text)
        if self.isVisible():  # the same problem again after a second Save is said again
            self._say()

    def setVisible(self, visible: bool) -> None:  # noqa: N802  (show() and hide() come through here)
        was = self.isVisible()
        super().setVisible(visible)
        if visible and not was:
            self._say()

    def _say(self) -> None:
        if self.text():
            announce(self, _plain(self.text()), assertive=True)


def _plain(text: str) -> str:
    if "<" not in text:
        return text
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


# ------------------------------------------------------------------ the field at fault


def _bare(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(":").strip().casefold()


def field_named(root: QWidget, label: str) -> QWidget | None:
    """The focusable field that `root` labels `label` (a form label's buddy, or the accessible name)."""
    wanted = _bare(label)
    if not wanted:
        return None
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            shown = item.widget() if item is not None else None
            text = shown.text() if isinstance(shown, QLabel) else ""
            if field is not None and _bare(text) == wanted:
                widget = field.widget() or _first_focusable(field.layout())
                if widget is not None:
                    return widget
    for widget in root.findChildren(QWidget):
        if _bare(widget.accessibleName()) == wanted and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return widget
    return None


def _first_focusable(layout) -> QWidget | None:
    if layout is None:
        return None
    for n in range(layout.count()):
        widget = layout.itemAt(n).widget()
        if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return widget
    return None


def focus_field(root: QWidget, error: BaseException, labels: Mapping[str, str] | None = None) -> QWidget | None:
    """Move focus to the field an error names (the first problem's, for several); None when it names none."""
    if isinstance(error, ValidationErrors):
        fields = [p.field for p in error.problems if p.field]
    elif isinstance(error, ReadinessError):
        fields = [error.field] if error.field else []
    else:
        fields = []
    for key in fields:
        widget = field_named(root, field_label(key, labels))
        if widget is not None and widget.isVisibleTo(root) and widget.isEnabled():
            # a screen reader that does not speak announcements (Orca 43, older NVDA and JAWS) reads the
            # field's description as focus lands on it: the problem goes there until focus moves on
            if isinstance(error, ReadinessError):
                _describe_until_left(widget, "; ".join(say_all(error, labels)))
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return widget
    return None


def _describe_until_left(widget: QWidget, problem: str) -> None:
    own = widget.property("readiness_description")
    if own is None:
        own = widget.accessibleDescription()
        widget.setProperty("readiness_description", own)
    widget.setAccessibleDescription(problem)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return

    def left(old: QWidget | None, _new: QWidget | None) -> None:
        if old is widget:
            widget.setAccessibleDescription(widget.property("readiness_description") or "")
            widget.setProperty("readiness_description", None)
            app.focusChanged.disconnect(left)

    app.focusChanged.connect(left)


# ------------------------------------------------------------------ colours


def palette_is_dark(widget: QWidget | None = None) -> bool:
    """The palette in use is dark (High Contrast Black, a dark theme): colours take their dark partners."""
    palette = widget.palette() if widget is not None else QApplication.palette()
    return palette.window().color().lightness() < 128


# Windows 11's dark mode as Qt 6 gives it to an app (macOS's is alike): light text on near-black.
# The screenshots of the guide and the dark-mode tests use it; the app itself follows whatever
# palette the system gives it.
DARK_PALETTE = {
    "Window": "#202020",
    "WindowText": "#ffffff",
    "Base": "#2b2b2b",
    "AlternateBase": "#323232",
    "Text": "#ffffff",
    "Button": "#2d2d2d",
    "ButtonText": "#ffffff",
    "BrightText": "#ffffff",
    "Highlight": "#0078d4",
    "HighlightedText": "#ffffff",
    "PlaceholderText": "#a0a0a0",
    "ToolTipBase": "#2b2b2b",
    "ToolTipText": "#ffffff",
    "Link": "#4cc2ff",
    "LinkVisited": "#b4a0ff",
    "Light": "#3c3c3c",
    "Midlight": "#343434",
    "Mid": "#2a2a2a",
    "Dark": "#151515",
    "Shadow": "#000000",
}


def dark_palette() -> QPalette:
    """A system dark mode's palette (see DARK_PALETTE); greyed-out controls stay readable, and look it."""
    palette = QPalette()
    for role, colour in DARK_PALETTE.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in ("WindowText", "Text", "ButtonText"):
        palette.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, role), QColor("#7a7a7a"))
    return palette


# ------------------------------------------------------------------ Tab always moves on


def tab_leaves(widget: QWidget) -> None:
    """Tab and Shift+Tab move to the next control: tables move inside with the arrow keys,
    multi-line fields keep Tab for leaving (a tab character is never needed in these notes)."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not isinstance(widget, QTextBrowser):
        widget.setTabChangesFocus(True)


def _focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
    # applied as focus arrives, before the first key press: every table and text box in every
    # window and dialog, including ones built later, without a filter on every event
    if new is None:
        return
    tab_leaves(new)
    parent = new.parentWidget()  # a view's viewport or a cell editor: the view itself
    if isinstance(parent, QAbstractScrollArea):
        tab_leaves(parent)
    elif parent is not None:
        view = parent.parentWidget()
        if isinstance(view, QAbstractItemView):
            tab_leaves(view)


def install(app: QApplication) -> None:
    """Once per application: Tab leaves every table and multi-line field."""
    if app.property("readiness_accessibility"):
        return
    app.setProperty("readiness_accessibility", True)
    app.focusChanged.connect(_focus_changed)
    readable_placeholders(app)
    app.setStyleSheet(app.styleSheet() + FOCUS_STYLE + CHECKED_STYLE)


# A focus ring in the palette's highlight colour (3:1 or more against the window in the default and
# high-contrast palettes) where the platform style shows little or none: tables, lists, text boxes,
# check boxes. Only the focused state is styled; every other state keeps the platform's look.
FOCUS_STYLE = """
QAbstractItemView:focus, QPlainTextEdit:focus, QTextEdit:focus { border: 2px solid palette(highlight); }
QCheckBox:focus, QRadioButton:focus { border: 2px solid palette(highlight); border-radius: 3px; padding: 1px; }
"""
# A toggle button that is on (the case stage shown) in the sidebar's selected blue with white words:
# 5:1 for the words, and at least 3:1 against the window and the buttons that are off, on a light
# or a dark palette (the platform's own "pressed" shade was about 1.2:1). Its focus ring is the
# window's text colour, so it shows on either palette.
CHECKED_STYLE = (
    f"QPushButton:checked {{ background: {SELECTED}; color: white; font-weight: 600;"
    f" border: 1px solid {SELECTED}; border-radius: 3px; padding: 3px 8px; }}\n"
    "QPushButton:checked:focus { border: 2px solid palette(window-text); padding: 2px 7px; }\n"
)


def readable_placeholders(app: QApplication) -> None:
    """Hint text in empty fields at 4.5:1 against the field (Qt's default grey is about 3.9:1)."""
    from PySide6.QtGui import QColor, QPalette

    from readiness_app.ui.colours import contrast_ratio

    palette = app.palette()
    base = palette.color(QPalette.ColorRole.Base).name()
    hint = palette.color(QPalette.ColorRole.PlaceholderText)
    if hint.alpha() == 255 and contrast_ratio(hint.name(), base) >= 4.5:
        return
    for grey in ("#666666", "#595959", "#b3b3b3", "#cccccc"):
        if contrast_ratio(grey, base) >= 4.5:
            palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(grey))
            app.setPalette(palette)
            return


# ------------------------------------------------------------------ access keys

MENU_KEYS = frozenset("fegh")  # File, Edit, Go, Help: Alt+ these opens the menu, never a field


def access_key(text: str) -> str | None:
    """The letter after a single '&' ("&Save" -> "s"), or None."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def unique_access_keys(root: QWidget, reserved: frozenset[str] = MENU_KEYS) -> None:
    """No two controls in `root` share an Alt+letter, and none takes a menu's: buttons keep theirs
    first, then each field's label keeps its own or moves to another letter of its words (the
    start of a word first), or has none."""
    from PySide6.QtWidgets import QAbstractButton

    used = set(reserved)
    buttons = [b for b in root.findChildren(QAbstractButton) if access_key(b.text())]
    labels = [label for label in root.findChildren(QLabel) if label.buddy() is not None and access_key(label.text())]
    widgets: list[Any] = [*buttons, *labels]
    for widget in widgets:
        text = widget.text()
        key = access_key(text)
        if key is not None and key not in used:
            used.add(key)
            continue
        bare = text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
        starts = [m.start() for m in re.finditer(r"\b\w", bare)]
        others = [n for n, ch in enumerate(bare) if ch.isalnum() and n not in starts]
        for n in [*starts, *others]:
            if bare[n].casefold() not in used and bare[n] != "&":
                used.add(bare[n].casefold())
                widget.setText(bare[:n] + "&" + bare[n:])
                break
        else:
            widget.setText(bare)


# ------------------------------------------------------------------ roles for drawn widgets

ROLE_PROPERTY = "accessible_role"


def set_role(widget: QWidget, role: QAccessible.Role) -> None:
    """Give a drawn widget (the heat map, the countdown, the chart) or a heading label its proper
    role; `install_roles()` makes Qt's accessibility layer report it."""
    widget.setProperty(ROLE_PROPERTY, int(role.value))


def install_roles() -> None:
    """Once per application, before windows are shown: the factory that reports `set_role` roles."""
    from PySide6.QtWidgets import QAccessibleWidget

    if getattr(install_roles, "done", False):
        return

    class WithRole(QAccessibleWidget):
        def text(self, kind: QAccessible.Text) -> str:  # a heading label is named by its text
            widget = self.widget()
            if kind == QAccessible.Text.Name and not widget.accessibleName() and isinstance(widget, QLabel):
                return _plain(widget.text())
            return super().text(kind)

    def factory(_class_name: str, obj: QObject) -> QAccessibleWidget | None:
        if not isinstance(obj, QWidget) or obj.property(ROLE_PROPERTY) is None:
            return None
        return WithRole(obj, QAccessible.Role(obj.property(ROLE_PROPERTY)))

    QAccessible.installFactory(factory)
    install_roles.done = True  # type: ignore[attr-defined]


# ------------------------------------------------------------------ Tab in reading order

# Controls Tab stops on as one (their insides are theirs to order)
_ONE_STOP = ("QAbstractItemView", "QAbstractSpinBox", "QComboBox", "QLineEdit", "QAbstractButton", "QAbstractSlider",
             "QTabBar", "QTextEdit", "QPlainTextEdit")  # fmt: skip


def reading_order(root: QWidget) -> list[QWidget]:
    """`root`'s Tab stops in the order the screen reads: each layout's rows top to bottom, a row
    left to right, a form's label then its field, a splitter's panels in turn. Qt's own order is
    the order widgets were made, which a page that adds its filters after its form gets wrong."""
    from PySide6.QtWidgets import QBoxLayout, QGridLayout, QScrollArea, QSplitter, QStackedWidget, QTabWidget

    seen: set[int] = set()
    out: list[QWidget] = []

    def widget(w: QWidget) -> None:
        if id(w) in seen or (w.isWindow() and w is not root):  # a dialog of its own keeps its own order
            return
        seen.add(id(w))
        if any(cls.__name__ in _ONE_STOP for cls in type(w).__mro__):
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
                out.append(w)
            return
        inner = w.widget() if isinstance(w, QScrollArea) else None
        if inner is not None:
            widget(inner)
        elif isinstance(w, QSplitter | QStackedWidget):
            for n in range(w.count()):
                child = w.widget(n)
                if child is not None:
                    widget(child)
        elif isinstance(w, QTabWidget):
            bar = w.tabBar()
            if bar is not None:
                widget(bar)
            for n in range(w.count()):
                page = w.widget(n)
                if page is not None:
                    widget(page)
        elif w.layout() is not None:
            if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
                out.append(w)
            layout(w.layout())
        elif w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            out.append(w)
        # children placed by hand, outside any layout, after those in it
        for child in w.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not isinstance(w, QAbstractScrollArea) or child is getattr(w, "widget", lambda: None)():
                widget(child)

    def layout(lay) -> None:
        if isinstance(lay, QFormLayout):
            items = [
                lay.itemAt(row, role)
                for row in range(lay.rowCount())
                for role in (
                    QFormLayout.ItemRole.LabelRole,
                    QFormLayout.ItemRole.FieldRole,
                    QFormLayout.ItemRole.SpanningRole,
                )
            ]
        elif isinstance(lay, QGridLayout):

            def place(n: int) -> tuple[int, int]:
                position: Any = lay.getItemPosition(n)  # (row, column, rows, columns)
                return int(position[0]), int(position[1])

            items = [lay.itemAt(n) for n in sorted(range(lay.count()), key=place)]
        else:
            items = [lay.itemAt(n) for n in range(lay.count())]
            if isinstance(lay, QBoxLayout) and lay.direction() in (
                QBoxLayout.Direction.RightToLeft,
                QBoxLayout.Direction.BottomToTop,
            ):
                items.reverse()
        for item in items:
            if item is None:
                continue
            child, nested = item.widget(), item.layout()
            if child is not None:
                widget(child)
            elif nested is not None:
                layout(nested)

    widget(root)
    return [w for w in out if w is not root]


def tab_in_reading_order(root: QWidget) -> None:
    """Chain `root`'s Tab stops in reading order (Shift+Tab goes back along the same chain)."""
    from PySide6.QtWidgets import QScrollArea, QScrollBar, QTabWidget

    for area in root.findChildren(QScrollArea):
        inner = area.widget()
        # a panel of fields is reached through its fields (it scrolls to the one with focus), as
        # widgets.scrolling() has it; one whose fields came after it was made is a stop no more
        if inner is not None and any(
            child.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(child, QScrollBar)
            for child in inner.findChildren(QWidget)
        ):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for tabs in root.findChildren(QTabWidget):
        # the box around the tabs hands focus to its bar (its focus proxy): left in Tab's chain once
        # the bar has moved, Tab would go round from the last panel's field to the bar for ever
        bar = tabs.tabBar()
        if bar is not None and tabs.focusProxy() is bar:
            policy = bar.focusPolicy()
            tabs.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes nullptr: no proxy
            tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.setFocusPolicy(policy)
    stops = reading_order(root)
    for first, second in zip(stops, stops[1:], strict=False):
        QWidget.setTabOrder(first, second)
