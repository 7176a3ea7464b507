"""Help: the built-in guide (docs/user-guide, shown offline), the shortcuts list and About."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from readiness_app import __version__, paths
from readiness_app.logs import log_file
from readiness_app.paths import user_data_dir, user_guide_dir


def guide_pages() -> list[str]:
    """The guide's pages (Markdown files in docs/user-guide/), the contents page first."""
    names = sorted(p.name for p in user_guide_dir().glob("*.md"))
    return ["index.md", *(n for n in names if n != "index.md")]


class GuideWindow(QDialog):
    """The guide in a QTextBrowser: the Markdown pages of docs/user-guide, links between them, no network."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Readiness guide")
        self.setAccessibleName("Readiness guide")
        self.setModal(False)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("Guide text")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(False)  # a guide page opens here, anything else (a picture) in its own program
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(user_guide_dir())])
        layout.addWidget(self.browser)
        self.note = QLabel()  # a link the installed guide cannot open, said here rather than silently ignored
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        contents = buttons.addButton("&Contents", QDialogButtonBox.ButtonRole.ActionRole)
        contents.clicked.connect(lambda: self.show_page("index.md"))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _follow(self, url: QUrl) -> None:
        target = self.browser.source().resolved(url)
        self.note.hide()
        if target.isLocalFile() and target.path().endswith(".md"):
            self.browser.setSource(target)  # another page of the guide (or an anchor in this one)
        elif target.isLocalFile() and not Path(target.toLocalFile()).exists():
            # the installed app leaves the guide's screenshots out (packaging/readiness.spec)
            self.note.setText(f"{url.fileName()} is not installed with the app: see the guide's screenshots folder.")
            self.note.show()
        else:
            QDesktopServices.openUrl(target)  # a screenshot: the picture viewer shows it whole

    def show_page(self, page: str = "index.md") -> None:
        # The .md suffix makes QTextBrowser read the page (and every page linked from it) as Markdown.
        self.browser.setSource(QUrl.fromLocalFile(str(user_guide_dir() / page)))


def show_guide(parent: QWidget, page: str = "index.md") -> GuideWindow:
    guide = parent.findChild(GuideWindow)
    if guide is None:
        guide = GuideWindow(parent)
    guide.show_page(page)
    guide.show()
    guide.raise_()
    return guide


def shortcuts(window: QWidget) -> list[tuple[str, str]]:
    """(key, what it does) for every action of the window that has a shortcut, in menu order."""
    rows = []
    for action in window.findChildren(QAction):
        key = action.shortcut().toString(action.shortcut().SequenceFormat.NativeText)
        if key and action.text():
            rows.append((key, action.text().replace("&", "").rstrip(".")))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "What they do"])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab reaches Close; arrows read the rows
        for n, (key, text) in enumerate(rows):
            self.table.setItem(n, 0, QTableWidgetItem(key))
            self.table.setItem(n, 1, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("In lists the arrow keys move and Tab leaves the list."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 520)


def about_text(register_path) -> str:
    from PySide6 import __version__ as qt_version

    from readiness_app.ui.plain_text import escape

    return (
        f"<h3>Readiness {__version__}</h3>"
        "<p>Gets an adult social care department ready for the CQC on-site assessment.</p>"
        "<table cellpadding='2'>"
        f"<tr><td><b>Register</b></td><td>{escape(register_path)}</td></tr>"
        f"<tr><td><b>Data folder</b></td><td>{escape(user_data_dir())}</td></tr>"
        f"<tr><td><b>Log folder</b></td><td>{escape(log_file().parent)}</td></tr>"
        f"<tr><td><b>Built on</b></td><td>Python {platform.python_version()}, Qt for Python {qt_version}</td></tr>"
        f"<tr><td><b>Licences</b></td><td>{escape(_licences_line())}</td></tr>"
        "</table>"
    )


def _licences_line() -> str:
    folder = paths.licences_folder()
    if folder is None:
        return "run from source: each package's licence is in its own installed files"
    return f"every bundled component's licence (Qt under the LGPL, with how to relink) is in {folder}"


def licences_text() -> str:
    """The index of bundled components and their licences, or '' when run from source."""
    folder = paths.licences_folder()
    index = folder / "README.txt" if folder else None
    return index.read_text(encoding="utf-8") if index and index.is_file() else ""


class AboutDialog(QDialog):
    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setWindowTitle("About Readiness")
        self.setAccessibleName("About Readiness")
        layout = QVBoxLayout(self)
        register = getattr(getattr(window, "ctx", None), "register_path", "none open")
        self.text = QLabel(about_text(register))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleDescription("Version and folders")
        layout.addWidget(self.text)
        listing = licences_text()
        self.licences = QTextBrowser()
        self.licences.setAccessibleName("Licences of the bundled components")
        self.licences.setPlainText(listing)
        self.licences.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self.licences.setVisible(bool(listing))
        layout.addWidget(self.licences)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 460 if listing else 240)
