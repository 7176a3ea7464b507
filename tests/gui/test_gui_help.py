"""Help: the offline guide, About with version and folders, shortcuts for every page, no silent failures."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMessageBox

from readiness_app import __version__
from readiness_app.logs import log_file
from readiness_app.paths import user_data_dir, user_guide_dir
from readiness_app.ui import help as guide
from readiness_app.ui import opening

from .conftest import wait_idle

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]


def _menu_action(window, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def test_guide_pages_open_offline_and_link_to_each_other(window, qtbot):
    wait_idle(qtbot, window)
    _menu_action(window, "guide").trigger()
    browser = window.guide.browser
    assert window.guide.isVisible()
    assert "Getting started" in browser.toPlainText()
    pages = guide.guide_pages()
    assert sorted(pages) == sorted(p.name for p in user_guide_dir().glob("*.md")) and pages[0] == "index.md"
    for page in pages:
        window.guide.show_page(page)
        text = browser.toPlainText()
        title = (user_guide_dir() / page).read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
        # the same page as docs/user-guide holds, read as Markdown: its title, and no Markdown marks on screen
        assert text.startswith(title) and len(text) > 300, page
        assert "**" not in text and "](" not in text, page
    window.guide.show_page("index.md")
    browser.setSource(browser.source().resolved(browser.source().fromLocalFile("visit-week.md")))
    assert "Debrief" in browser.toPlainText() and "**" not in browser.toPlainText()
    window.guide.show_page("shortcuts.md")
    assert "Ctrl+0" in browser.toPlainText()
    window.guide.close()


def test_every_guide_page_is_linked_from_the_contents():
    contents = (user_guide_dir() / "index.md").read_text(encoding="utf-8")
    assert [p for p in guide.guide_pages()[1:] if f"({p})" not in contents] == []


def test_about_shows_version_register_data_and_log_folders(window, qtbot):
    _menu_action(window, "about").trigger()
    text = window.about_dialog.text.text()
    assert __version__ in text
    assert str(window.ctx.register_path) in text
    assert str(user_data_dir()) in text and str(log_file().parent) in text
    window.about_dialog.reject()


def test_about_shows_the_bundled_licences(window, qtbot, tmp_path, monkeypatch):
    import sys

    from readiness_app import paths

    exe = tmp_path / "readiness-app" / "readiness"  # a frozen bundle's layout, as the build makes it
    (exe.parent / "licenses").mkdir(parents=True)
    (exe.parent / "licenses" / "README.txt").write_text("Qt   LGPL-3.0-only\nreportlab   BSD\n", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.licences_folder() == exe.parent / "licenses"
    _menu_action(window, "about").trigger()
    dialog = window.about_dialog
    assert str(exe.parent / "licenses") in dialog.text.text() and "LGPL" in dialog.text.text()
    assert dialog.licences.isVisibleTo(dialog) and "reportlab   BSD" in dialog.licences.toPlainText()
    dialog.reject()


def test_every_page_has_a_key_and_a_go_menu_entry(window, qtbot):
    wait_idle(qtbot, window)
    keys = {}
    for key in window.page_types:
        action = _menu_action(window, f"go_{key}")
        keys[key] = action.shortcut().toString()
        action.trigger()
        assert window.current_page().key == key
    assert keys["dashboard"] == "Ctrl+1" and keys["accuracy"] and keys["outcome"]
    assert all(keys.values()) and len(set(keys.values())) == len(keys)
    window.show_shortcuts()
    table = window.shortcuts_dialog.table
    listed = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert listed[keys["accuracy"]] == "Factual accuracy" and listed["F1"] == "Guide" and "Ctrl+Z" in listed
    window.shortcuts_dialog.reject()


def test_no_viewer_or_file_manager_is_said_with_the_path(window, qtbot, monkeypatch):
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    opening.not_opened.clear()
    _menu_action(window, "open_folder").trigger()
    box = window.findChild(QMessageBox, "")
    folder = window.ctx.evidence_folder()
    assert opening.not_opened and "no file manager" in opening.not_opened[-1] and str(folder) in opening.not_opened[-1]
    shown = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert shown and str(folder) in shown[-1].informativeText()
    for b in shown:
        b.close()
    assert box is not None


def test_the_guide_links_its_screenshots_and_opens_one_in_the_picture_viewer(window, qtbot, opened_urls):
    from PySide6.QtCore import QUrl

    page = (user_guide_dir() / "screens.md").read_text(encoding="utf-8")
    shots = sorted((user_guide_dir() / "screenshots").glob("*.png"))
    names = {p.name for p in shots}
    for size in ("1024x600-", "1366x768-", "1366x768@2x-", "1366x768-dark-"):
        assert any(n.startswith(size) for n in names), size
    assert [n for n in names if f"screenshots/{n}" not in page] == []  # every picture is linked
    assert sum(p.stat().st_size for p in shots) < 4_000_000
    _menu_action(window, "guide").trigger()
    guide_window = window.guide
    guide_window.show_page("screens.md")
    browser = guide_window.browser
    assert "Dark mode" in browser.toPlainText()
    browser.anchorClicked.emit(QUrl("screenshots/1024x600-dashboard.png"))
    assert opened_urls == [str(user_guide_dir() / "screenshots" / "1024x600-dashboard.png")]
    assert "Dark mode" in browser.toPlainText()  # the page stays
    assert guide_window.note.isHidden()
    # the installed app leaves the pictures out: a link to one says so instead of doing nothing
    browser.anchorClicked.emit(QUrl("screenshots/not-installed.png"))
    assert guide_window.note.isVisibleTo(guide_window) and "not installed" in guide_window.note.text()
    assert len(opened_urls) == 1
    browser.anchorClicked.emit(QUrl("index.md"))
    assert "Getting started" in browser.toPlainText() and guide_window.note.isHidden()
    guide_window.close()
