"""Usable by keyboard and screen reader: no keyboard traps, messages that are heard, focus on the field at fault.

Announcements: PySide6 cannot install a QAccessible update handler, so the tests read
`accessibility.announced`, which `announce()` fills as it sends each `QAccessibleAnnouncementEvent`,
and check the accessible object (role, name) a screen reader is given.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from readiness_app.opening import open_register
from readiness_app.paths import resource
from readiness_app.register import sessions
from readiness_app.ui import accessibility
from readiness_app.ui.accessibility import MENU_KEYS

from .conftest import wait_idle
from .keyboard_walk import hidden_label_texts, names_hiding_button_text, spoken_name, tab_walk, unnamed_focusable

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

DAY = "2026-12-15"


def focus(qtbot, widget: QWidget) -> None:
    widget.window().activateWindow()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=3000)


def press(widget_or_none, key, modifier=Qt.KeyboardModifier.NoModifier) -> QWidget | None:
    target = QApplication.focusWidget() if widget_or_none is None else widget_or_none
    QTest.keyClick(target, key, modifier)
    return QApplication.focusWidget()


def inside(widget: QWidget | None, view: QWidget) -> bool:
    return widget is not None and (widget is view or view.isAncestorOf(widget))


def spoken(since: int = 0) -> list[str]:
    return [text for text, _assertive in accessibility.announced[since:]]


def _timetable(window):
    page = window.open_page("interviews")
    page.view_choice.setCurrentIndex(page.view_choice.findData("timetable"))
    page.day.setCurrentIndex(page.day.findData(DAY))
    return page, page.timetable


# ------------------------------------------------------------------ keyboard traps


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    ],
)
def test_the_day_timetable_lets_tab_and_escape_leave(window, qtbot, key, modifier):
    _page, grid = _timetable(window)
    assert grid.rowCount() >= 32 and grid.columnCount() >= 2
    focus(qtbot, grid)
    grid.setCurrentCell(0, 0)
    QTest.keyClick(grid, Qt.Key.Key_Down)  # arrows move inside (past a session's slots at once)
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentRow() > 0 and grid.currentColumn() == 1
    assert grid.hasFocus()
    after = press(grid, key, modifier)
    assert not inside(after, grid), f"{key} kept focus in the timetable"
    assert after is not None and after.isVisible()


def test_the_import_dialog_tables_let_tab_reach_check_and_import(qtbot, demo_dir):
    from readiness_app.ui.dialogs.import_dialog import ImportDialog

    dialog = ImportDialog(None, demo_dir / "register.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentIndex(dialog.kind.findData("cases"))
    dialog.file.setText(str(resource("samples", "cases.csv")))
    dialog.check()
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    assert dialog.results.rowCount() > 0
    focus(qtbot, dialog.results)
    reached = set()
    for _ in range(40):  # forward from the results table only
        widget = press(None, Qt.Key.Key_Tab)
        reached.add(widget)
        if widget is dialog.import_button:
            break
    assert dialog.check_button in reached or dialog.import_button in reached
    assert dialog.import_button in reached
    focus(qtbot, dialog.mapper.rows)
    assert not inside(press(None, Qt.Key.Key_Tab), dialog.mapper.rows)
    dialog.done(0)


# ------------------------------------------------------------------ messages that are heard


def test_a_session_without_a_title_is_announced_and_focus_goes_to_the_title(window, qtbot):
    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.date.setText("15/12/2026")
    dialog.start.setText("11:00")
    dialog.end.setText("10:00")
    focus(qtbot, dialog.people.list)
    before = len(accessibility.announced)
    dialog.save()
    assert dialog.error.isVisible()
    said = accessibility.announced[before:]
    assert said and said[-1][1] is True  # assertive: heard before anything else
    assert "Title is required" in said[-1][0]
    # the label's accessible name is its text, not a generic "Validation message"
    face = QAccessible.queryAccessibleInterface(dialog.error)
    assert "Title is required" in face.text(QAccessible.Text.Name)
    assert face.role() == QAccessible.Role.AlertMessage  # spoken as it shows by screen readers that track alerts
    assert QApplication.focusWidget() is dialog.title_edit
    # read with the field as focus lands on it, for screen readers that ignore announcements
    assert "Title is required" in QAccessible.queryAccessibleInterface(dialog.title_edit).text(
        QAccessible.Text.Description
    )
    QTest.keyClick(dialog.title_edit, Qt.Key.Key_Tab)  # once it is left, the field is described as before
    assert "required" not in dialog.title_edit.accessibleDescription()
    # a second Save with the same problem is heard again
    before = len(accessibility.announced)
    dialog.title_edit.setText("Bad times")
    dialog.save()
    assert "before it starts" in spoken(before)[-1]
    dialog.reject()
    wait_idle(qtbot, window)


def test_the_double_booking_is_announced_in_words_before_save_anyway(window, qtbot, demo_dir):
    reg = open_register(demo_dir / "register.sqlite", readonly=True)
    first = sessions.list_sessions(reg, include_cancelled=False)[0]
    reg.close()
    person = first["people"][0]
    page = window.open_page("interviews")
    page.new_item()
    dialog = page.dialog
    dialog.title_edit.setText("Extra conversation")
    y, m, d = first["date"].split("-")
    dialog.date.setText(f"{d}/{m}/{y}")
    dialog.start.setText(first["start"])
    dialog.end.setText(first["end"])
    before = len(accessibility.announced)
    dialog.people.set_checked([person["id"]])
    dialog.check_conflicts()
    assert any("Double booking" in t and person["name"] in t for t in spoken(before))  # heard as it appears
    before = len(accessibility.announced)
    dialog.save()  # the first Save only explains, and says what clashes
    heard = accessibility.announced[before:]
    assert heard[-1][1] is True
    assert person["name"] in heard[-1][0] and "Save anyway" in heard[-1][0]
    face = QAccessible.queryAccessibleInterface(dialog.conflicts)
    assert person["name"] in face.text(QAccessible.Text.Name) and "<" not in face.text(QAccessible.Text.Name)
    assert face.role() == QAccessible.Role.AlertMessage
    dialog.reject()
    wait_idle(qtbot, window)


def test_a_bad_date_in_a_visit_week_form_is_announced_and_focused(window, qtbot):
    page = window.open_page("requests")
    page.new_item()
    focus(qtbot, page.save_button)
    page.widgets["received_date"].setText("20/12/2026")
    page.widgets["description"].setPlainText("")
    before = len(accessibility.announced)
    page.save()
    wait_idle(qtbot, window)
    assert page.error.isVisible()
    assert spoken(before) and spoken(before)[-1] == " ".join(page.error.text().split())
    assert QApplication.focusWidget() is page.widgets["description"], page.error.text()


def test_saved_and_undone_are_announced(window, qtbot):
    from PySide6.QtGui import QAction

    page = window.open_page("learning")
    page.new_item()
    page.widgets["date"].setText("15/12/2026")
    page.widgets["went_well"].setPlainText("Clear answers on waiting lists")
    before = len(accessibility.announced)
    page.save()
    wait_idle(qtbot, window)
    assert any(t.startswith("Saved") for t in spoken(before)), (spoken(before), page.error.text())
    before = len(accessibility.announced)
    with qtbot.waitSignal(window.ctx.undone, timeout=5000):
        window.findChild(QAction, "undo").trigger()
    wait_idle(qtbot, window)
    assert any(t.startswith("Undone") for t in spoken(before)), spoken(before)
    assert all(not assertive for _t, assertive in accessibility.announced[before:])  # polite: not interrupting
    window.open_page("gaps")
    assert "Gaps page" in spoken(before)
    # a failed job is said at once, and the status bar's labels are read by what they show
    window._on_job_failed("saving the gap", RuntimeError("disk full"))
    assert ("Failed: saving the gap", True) in accessibility.announced[before:]
    assert "Failed: 1" in spoken_name(window.jobs_label)
    assert not hidden_label_texts(window.statusBar())


# ------------------------------------------------------------------ high contrast


@pytest.fixture
def high_contrast(qapp):
    """Windows' High Contrast Black, as Qt gives it to the app: white text on black, cyan selection."""
    from PySide6.QtGui import QColor, QPalette

    before = QPalette(qapp.palette())
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#000000"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Base, "#000000"),
        (QPalette.ColorRole.AlternateBase, "#1a1a1a"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.Button, "#000000"),
        (QPalette.ColorRole.ButtonText, "#ffffff"),
        (QPalette.ColorRole.Highlight, "#1aebff"),
        (QPalette.ColorRole.HighlightedText, "#000000"),
        (QPalette.ColorRole.PlaceholderText, "#c0c0c0"),
        (QPalette.ColorRole.ToolTipBase, "#000000"),
        (QPalette.ColorRole.ToolTipText, "#ffffff"),
        (QPalette.ColorRole.Link, "#ffff00"),
    ):
        palette.setColor(role, QColor(colour))
    qapp.setPalette(palette)
    yield palette
    qapp.setPalette(before)


def _style_colours(style_sheet: str, selector: str) -> dict[str, str]:
    import re

    block = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", style_sheet)
    assert block, selector
    return dict(re.findall(r"(background|color)\s*:\s*(#[0-9a-fA-F]{3,6}|white|black)", block.group(1)))


def _hex(name: str) -> str:
    return {"white": "#ffffff", "black": "#000000"}.get(name, name)


def test_high_contrast_black_keeps_sidebar_rag_rows_and_heat_map_at_4_5_to_1(
    make_window, demo_dir, qtbot, high_contrast, tmp_path
):
    from PySide6.QtCore import Qt as QtNs

    from readiness_app.ui.colours import contrast_ratio

    window = make_window(demo_dir / "register.sqlite")
    checks: list[tuple[str, float]] = []

    sheet = window.sidebar.styleSheet()
    for selector in ("QListWidget#sidebar", "QListWidget#sidebar::item:selected"):
        c = _style_colours(sheet, selector)
        checks.append((f"sidebar {selector}", contrast_ratio(_hex(c["color"]), _hex(c["background"]))))

    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.pictures is not None, timeout=5000)
    coverage = dashboard.pictures.coverage
    for what, ink, ground in coverage.colour_pairs():
        checks.append((f"heat map {what}", contrast_ratio(ink, ground)))
    dashboard.grab().save(str(tmp_path / "high-contrast-dashboard.png"))

    for key in ("quality", "gaps", "interviews", "timeline", "requests"):
        page = window.open_page(key)
        wait_idle(qtbot, window)
        model = page.model
        tinted = 0
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            ground, ink = (
                model.data(index, QtNs.ItemDataRole.BackgroundRole),
                model.data(index, QtNs.ItemDataRole.ForegroundRole),
            )
            if ground is None:
                continue
            tinted += 1
            checks.append((f"{key} row {row}", contrast_ratio(ink.color().name(), ground.color().name())))
        assert tinted or key in ("timeline", "requests"), f"no RAG rows on {key}"
        page.grab().save(str(tmp_path / f"high-contrast-{key}.png"))
    window.grab().save(str(tmp_path / "high-contrast-window.png"))

    low = [(what, round(ratio, 2)) for what, ratio in checks if ratio < 4.5 and "focus ring" not in what]
    assert not low, low
    assert all(ratio >= 3 for what, ratio in checks if "focus ring" in what)
    assert len(checks) > 20
    assert (tmp_path / "high-contrast-quality.png").stat().st_size > 1000


# ------------------------------------------------------------------ the dashboard's links


def test_dashboard_links_are_listed_said_and_followed(window, qtbot):
    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.pictures is not None and hasattr(dashboard, "links_button"), timeout=5000)
    links = dashboard.links()
    words = [text for text, _href in links]
    inbox = window.ctx.read.scalar("SELECT COUNT(*) FROM evidence WHERE status = 'inbox'")
    assert f"{inbox} files in the inbox to sort" in words  # a bare number says what it counts
    assert any(text.startswith("QS1 ") for text in words)
    # the menu a screen reader lists: one entry per link, and choosing one follows it
    menu = dashboard.links_button.menu()
    menu.aboutToShow.emit()
    actions = menu.actions()
    assert [a.text().replace("&&", "&") for a in actions] == words
    target = next(a for a in actions if a.text() == f"{inbox} files in the inbox to sort")
    target.trigger()
    assert window.current_page().key == "evidence"
    # Tab inside the text moves from link to link, each one said, and then leaves the text
    window.open_page("dashboard")
    focus(qtbot, dashboard.view)
    before = len(accessibility.announced)
    for _ in range(3):
        QTest.keyClick(dashboard.view, Qt.Key.Key_Tab)
    assert [t for t in spoken(before) if t.startswith("Link: ")], spoken(before)
    for _ in range(len(links) + 2):
        if not dashboard.view.hasFocus():
            break
        QTest.keyClick(dashboard.view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dashboard.links_button


# ------------------------------------------------------------------ the accessible version of a document


def test_the_print_page_saves_the_accessible_html_version(window, qtbot, tmp_path, opened_urls):
    page = window.open_page("print")
    page.apply_filters(document="timetable", scope="day")
    page.folder.setText(str(tmp_path / "out"))
    page.html_button.click()
    qtbot.waitUntil(lambda: not page.building, timeout=60_000)
    assert page.last_result is not None, page.error.text()
    saved = page.last_result.path
    assert saved.suffix == ".html" and saved.parent == tmp_path / "out"
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<th scope="col">Time</th>' in text
    assert "OFFICIAL-SENSITIVE" in text and "<h1>" in text
    assert "accessible version" in page.result.text()
    assert opened_urls == [str(saved)]
    wait_idle(qtbot, window)


# ------------------------------------------------------------------ zoom


def _rect_in(widget: QWidget, ancestor: QWidget):
    from PySide6.QtCore import QRect

    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("size", [(1000, 560), (1280, 720)])  # 1920x1080 at 200 % and at 150 %
def test_quality_panels_and_evidence_filters_neither_clip_nor_overlap_when_zoomed(window, qtbot, size):
    window.resize(*size)
    quality = window.open_page("quality")
    qtbot.waitUntil(lambda: quality.isVisible())
    panels = quality.findChild(QWidget, "quality_form_scroll").parentWidget()
    while panels is not None and type(panels).__name__ != "PanelsOrTabs":
        panels = panels.parentWidget()
    assert panels is not None
    qtbot.waitUntil(lambda: panels.narrow is not None and panels.narrow == (panels.width() < panels.needed_width()))
    for widget, _title, _stretch in panels.panels:
        if widget.isVisible():  # side by side: none squeezed below what its text needs
            assert widget.width() >= max(widget.minimumSizeHint().width(), widget.minimumWidth()) - 1
    if panels.narrow:
        assert panels.tabs.count() == 3  # as tabs, each whole

    evidence = window.open_page("evidence")
    qtbot.waitUntil(lambda: evidence.isVisible())
    filters = [
        evidence.search,
        evidence.qs_filter,
        evidence.category_filter,
        evidence.status_filter,
        evidence.presence_filter,
        evidence.inbox_button,
    ]
    qtbot.waitUntil(lambda: all(w.isVisible() for w in filters))
    page_rect = evidence.rect()
    rects = [_rect_in(w, evidence) for w in filters]
    for widget, rect in zip(filters, rects, strict=True):
        assert page_rect.contains(rect), f"{widget.accessibleName()} is cut at {size}"
        assert rect.width() >= min(widget.minimumSizeHint().width(), widget.sizeHint().width()) - 1
    for n, one in enumerate(rects):
        assert not any(one.intersects(other) for other in rects[n + 1 :]), "filters overlap"


# ------------------------------------------------------------------ every page and dialog by keyboard


def _actions(root: QWidget) -> list:
    """The buttons a keyboard user must be able to reach: visible, enabled, and for an exclusive
    group (the pipeline's stages) the checked one (arrow keys move within such a group)."""
    out = []
    for button in root.findChildren(QAbstractButton):
        if not button.isVisibleTo(root.window()) or not button.isVisible() or not button.isEnabled():
            continue
        if (
            button.focusPolicy() == Qt.FocusPolicy.NoFocus
            or type(button).__name__ == "QToolButton"
            and not button.text()
        ):
            continue  # scroll-bar arrows, a clear button inside a search box
        group = button.group()
        if group is not None and group.exclusive() and not button.isChecked():
            continue
        out.append(button)
    return out


def _check_walk(root: QWidget, start: QWidget, where: str) -> list[QWidget]:
    forward, back_home = tab_walk(start)
    assert back_home, (
        f"{where}: Tab did not come back round (a trap at {type(forward[-1]).__name__ if forward else '?'})"
    )
    backward, home_again = tab_walk(start, back=True)
    assert home_again, f"{where}: Shift+Tab did not come back round"
    missed = [b.text() or b.objectName() for b in _actions(root) if b not in [start, *forward]]
    assert not missed, f"{where}: Tab never reaches {missed}"
    assert not unnamed_focusable(forward), f"{where}: unnamed: {unnamed_focusable(forward)}"
    assert not hidden_label_texts(root), f"{where}: {hidden_label_texts(root)}"
    assert not names_hiding_button_text(root), f"{where}: {names_hiding_button_text(root)}"
    return forward


def _access_key_clashes(root: QWidget, reserved) -> dict[str, list[str]]:
    from collections import defaultdict

    from PySide6.QtWidgets import QLabel

    from readiness_app.ui.accessibility import access_key

    seen: dict[str, list[str]] = defaultdict(list)
    for button in root.findChildren(QAbstractButton):
        if access_key(button.text()):
            seen[access_key(button.text())].append(button.text())
    for label in root.findChildren(QLabel):
        if label.buddy() is not None and access_key(label.text()):
            seen[access_key(label.text())].append(label.text())
    return {k: v for k, v in seen.items() if len(v) > 1 or k in reserved}


def test_tab_reaches_every_action_and_leaves_every_view_on_every_page(window, qtbot):
    for key in window.page_types:
        page = window.open_page(key)
        wait_idle(qtbot, window)
        if key == "dashboard":
            qtbot.waitUntil(lambda p=page: hasattr(p, "links_button"), timeout=5000)
        focus(qtbot, window.sidebar)
        forward = _check_walk(page, window.sidebar, key)
        assert any(page.isAncestorOf(w) for w in forward), f"{key}: Tab never enters the page"
        assert window.current_page() is page
        clashes = _access_key_clashes(page, MENU_KEYS)
        assert not clashes, f"{key}: Alt+letter used twice or taken from a menu: {clashes}"


def test_tab_reaches_every_action_in_every_dialog(window, qtbot, demo_dir):
    from readiness_app.ui.dialogs.import_dialog import ImportDialog

    dialogs = []
    interviews = window.open_page("interviews")
    interviews.new_item()
    dialogs.append(("session", interviews.dialog))
    gaps = window.open_page("gaps")
    gaps.new_item()
    dialogs.append(("gap", gaps.dialog))
    cases = window.open_page("cases")
    cases.new_item()
    dialogs.append(("case", cases.dialog))
    window.open_register_settings()
    dialogs.append(("register settings", window.settings_dialog))
    window.show_shortcuts()
    dialogs.append(("shortcuts", window.shortcuts_dialog))
    window.show_about()
    dialogs.append(("about", window.about_dialog))
    importer = ImportDialog(window, demo_dir / "register.sqlite", runner=window.ctx.writer)
    importer.open()
    dialogs.append(("import", importer))
    for name, dialog in dialogs:
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        dialog.activateWindow()
        qtbot.waitUntil(
            lambda d=dialog: QApplication.focusWidget() is not None and d.isAncestorOf(QApplication.focusWidget())
        )
        first = QApplication.focusWidget()
        if hasattr(dialog, "form"):  # an edit dialog opens on its first field
            assert first is not None and not isinstance(first, QAbstractButton), f"{name} opens on {first}"
        _check_walk(dialog, first, name)
        if name == "session":  # and the new room dialog it opens
            dialog.new_room()
            dialogs.insert(dialogs.index((name, dialog)) + 1, ("new room", dialog.new_room_dialog))
            continue
        dialog.done(0)
    wait_idle(qtbot, window)


def test_pictures_and_headings_have_their_roles(window, qtbot):
    dashboard = window.open_page("dashboard")
    qtbot.waitUntil(lambda: dashboard.pictures is not None, timeout=5000)
    pictures = dashboard.pictures
    roles = {
        name: QAccessible.queryAccessibleInterface(widget).role()
        for name, widget in (("map", pictures.coverage), ("countdown", pictures.countdown), ("chart", pictures.chart))
    }
    assert roles == {
        "map": QAccessible.Role.Graphic,
        "countdown": QAccessible.Role.Graphic,
        "chart": QAccessible.Role.Chart,
    }
    face = QAccessible.queryAccessibleInterface(pictures.coverage)
    assert face.text(QAccessible.Text.Name) and face.text(QAccessible.Text.Description).startswith("QS1")
    printing = window.open_page("print")
    from PySide6.QtWidgets import QLabel

    headings = [
        label
        for label in printing.findChildren(QLabel)
        if QAccessible.queryAccessibleInterface(label).role() == QAccessible.Role.Heading
    ]
    assert [QAccessible.queryAccessibleInterface(h).text(QAccessible.Text.Name) for h in headings] == ["Documents"]


def test_tab_leaves_a_multi_line_field(window, qtbot):
    page = window.open_page("learning")
    page.new_item()
    notes = page.widgets["went_well"]
    focus(qtbot, notes)
    QTest.keyClick(notes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not notes
    assert "\t" not in notes.toPlainText()


def test_columns_sort_from_the_keyboard(window, qtbot):
    page = window.open_page("gaps")
    table = page.table
    focus(qtbot, table)
    column = next(n for n, c in enumerate(page.model.columns) if c.title == "Severity")
    table.setCurrentIndex(page.model.index(0, column))
    down, up = table.actions()[:2]
    assert "A to Z" in down.text() and "Z to A" in up.text()
    up.trigger()  # what the menu key's menu runs
    values = [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]
    assert values == sorted(values, reverse=True) and len(set(values)) > 1
    assert table.horizontalHeader().sortIndicatorSection() == column


def test_a_focused_table_text_box_and_check_box_show_a_ring_of_3_to_1(window, qtbot):
    from PySide6.QtGui import QPalette

    from readiness_app.ui.colours import contrast_ratio

    app = QApplication.instance()
    assert accessibility.FOCUS_STYLE in app.styleSheet()
    palette = app.palette()
    ring = palette.color(QPalette.ColorRole.Highlight).name()
    for ground in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert contrast_ratio(ring, palette.color(ground).name()) >= 3
    page = window.open_page("gaps")
    focus(qtbot, page.open_only)
    before = page.open_only.grab().toImage()
    focus(qtbot, page.table)
    after = page.open_only.grab().toImage()
    assert before != after  # the ring is drawn only with focus


def _combos_without_label(root: QWidget) -> list[str]:
    """Combo boxes a screen reader would name by their current value alone (AT-SPI names a combo
    box by its value and relations): no label points at them, and they are not a filter whose
    first choice says what it filters ("Any severity", "All days")."""
    from PySide6.QtWidgets import QComboBox, QLabel

    labelled = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    return [
        box.accessibleName() or box.currentText()
        for box in root.findChildren(QComboBox)
        if box.isVisibleTo(root)
        and id(box) not in labelled
        and not (box.count() and box.itemText(0).startswith(("Any ", "All ")))
    ]


def test_every_combo_box_on_every_page_is_related_to_its_label(window, qtbot):
    unlabelled = {}
    for key in window.page_types:
        page = window.open_page(key)
        wait_idle(qtbot, window)
        if missing := _combos_without_label(page):
            unlabelled[key] = missing
    assert not unlabelled, f"combo boxes with no label pointing at them: {unlabelled}"
