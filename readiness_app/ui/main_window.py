"""The main window: sidebar of pages, status bar, dropped files.

Its other parts are mixins beside it: `window_menus` (menus, shortcuts and their actions),
`window_startup` (what waits for the first paint; size and place on the screen) and
`window_registers` (its register's title, closing and settings).

Pages are built the first time they are shown, so the window appears at once
and the dashboard loads right after. Every register change (from a page, the
watcher or an import) ends in `ctx.changed(Changes)`: the visible page reloads
if it shows a table that changed (only those rows where it can), hidden pages
that show one reload when next shown, and the others are left alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from readiness_app import clock
from readiness_app.logs import get_logger
from readiness_app.ui import colours
from readiness_app.ui.colours import WARNING_TEXT
from readiness_app.ui.context import AppContext
from readiness_app.ui.elided import ElidedLabel
from readiness_app.ui.pages import Page
from readiness_app.ui.plain_text import shown_as_text
from readiness_app.ui.sidebar import page_entries
from readiness_app.ui.watching import WatcherBridge
from readiness_app.ui.window_menus import WindowMenus, page_shortcut
from readiness_app.ui.window_registers import WindowRegisters
from readiness_app.ui.window_startup import MINIMUM_SIZE, SHOWN_FALLBACK_MS, WindowStartup
from readiness_app.ui.wording import counted

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent

log = get_logger("readiness_app.ui")

INBOX_FOLDER = "00 Inbox - to sort"
INDEXING_SHOWN_FROM = 10  # a batch of files to read for search this big shows its progress
USER_ROLE = 256  # Qt.ItemDataRole.UserRole, without loading the Qt namespace before the first paint


JOBS_SHOWN_AFTER_MS = 400  # work shorter than this is not announced in the status bar
PAGE_HEADING_PT = 12  # the heading above every page: bigger than the sidebar's 11pt, no taller than the menu bar


class MainWindow(WindowMenus, WindowStartup, WindowRegisters, QMainWindow):
    """The window: its pages, status bar and drops; its menus, start-up and register are its parts."""

    def __init__(self, ctx: AppContext, *, watch: bool = True):
        super().__init__()
        from readiness_app.ui import wheel_guard

        wheel_guard.install()  # the wheel scrolls pages, not fields
        self.ctx = ctx
        ctx.window = self
        self._closed = False
        self._failed_jobs: list[str] = []
        # Work that must not delay the first drawing of the window (watcher, backup ...).
        self._paint_seen = False
        self._drawn = False
        self._after_shown: list[Callable[[], Any]] = []
        self.launcher: Any = None  # the app's Launcher, which switches registers (None in tests of one window)
        self.settings_dialog: Any = None  # File > Register settings, while it is open
        self.outside_changes: Any = None  # ui.outside_changes.OutsideChanges, once watching
        self.update_title()
        self.setAcceptDrops(True)
        self.setMinimumSize(MINIMUM_SIZE[0], MINIMUM_SIZE[1])

        self.page_types = {entry.key: entry for entry in page_entries()}
        self.pages: dict[str, Page] = {}

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setFixedWidth(190)
        self._after_shown.append(self._tidy_sidebar)
        # 11pt, the dashboard's headline size: each extra font size costs the first paint ~0.5 ms.
        # Its colours are set with its text, so a dark or high-contrast palette keeps 4.5:1.
        dark = self.palette().window().color().lightness() < 128
        panel, text = (colours.adapt(colours.PANEL, dark), self.palette().windowText().color().name())
        self.sidebar.setStyleSheet(
            f"QListWidget#sidebar {{ background: {panel}; color: {text}; border: none; font-size: 11pt; }}"
            "QListWidget#sidebar::item { padding: 7px 10px; }"
            f"QListWidget#sidebar::item:selected {{ background: {colours.SELECTED}; color: white; }}"
            # no sideways scroll bar even in the first paint (long titles are elided just after it)
            "QListWidget#sidebar QScrollBar:horizontal { height: 0px; }"
        )
        for n, (key, cls) in enumerate(self.page_types.items()):
            item = QListWidgetItem(cls.title)
            item.setData(USER_ROLE, key)
            key_name = page_shortcut(n)
            item.setToolTip(f"{cls.title} ({key_name})" if key_name else cls.title)
            self.sidebar.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(0)
        left.addWidget(self.sidebar, 1)
        self.left_column = left  # the search box joins it after the first paint (_add_search_field)
        self.search_field: QLineEdit | None = None
        self._after_shown.append(self._add_search_field)
        layout.addLayout(left)
        self.page_heading: QLabel | None = None  # the page's name above it (_show_page_name)
        self._after_shown.append(self._show_page_name)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        ctx.changed.connect(self._on_changed)
        ctx.data_changed.connect(self.update_title)
        ctx.navigate_requested.connect(self.open_page)
        ctx.notice.connect(self._notice)
        for runner in (ctx.writer, ctx.reader):
            self._watch_runner(runner)
        ctx.runner_added.connect(self._watch_runner)

        self.watcher = WatcherBridge(ctx, self)
        self.watcher.state_changed.connect(self._update_watcher_label)
        self.watcher.indexing.connect(self._show_indexing)
        self._restore_geometry()
        if watch:
            # after the window is up: the first scan of a big folder must not delay it
            self.when_shown(self.watcher.start)
        self.when_shown(self._load_bank_holidays)
        self.when_shown(self._install_accessibility)
        self._update_watcher_label()
        # A window that is never drawn (minimised at start) still gets its watcher and backup.
        QTimer.singleShot(SHOWN_FALLBACK_MS, self._run_after_shown)

    def _show_page_name(self, title: str | None = None) -> None:
        """Every page's name as a heading above it, made here once for all pages: a screen reader's
        heading key lands on it, and a sighted reader sees where they are. It sits in the menu bar's
        empty right-hand end, so it costs no height (at 1024x600 every line counts); it is made after
        the first paint, as the Qt namespace it needs costs start-up time."""
        from PySide6.QtCore import Qt

        from readiness_app.ui.widgets import heading

        if title is None:
            page = self.current_page()
            title = page.title if page is not None else ""
        if self.page_heading is None:
            self.page_heading = heading(title, PAGE_HEADING_PT)
            self.page_heading.setObjectName("page_heading")
            self.page_heading.setContentsMargins(12, 0, 12, 0)
        self.page_heading.setText(title)
        self.page_heading.setAccessibleName(title)  # its spoken name is its text
        # the menu bar sizes its corner only when given it: give it again, as wide as the new name
        self.menuBar().setCornerWidget(self.page_heading, Qt.Corner.TopRightCorner)
        self.page_heading.show()  # a corner given to a menu bar already on screen starts hidden

    def _add_search_field(self) -> None:
        """One search box for everything above the page list (Ctrl+K too): Enter opens the results.

        Added after the first paint, so the window's first focus and first paint stay as they were.
        """
        field = QLineEdit()
        field.setObjectName("search_everything")
        field.setPlaceholderText("Search everything (Ctrl+K)")
        field.setAccessibleName("Search everything: files and records")
        field.setToolTip("Words in evidence files and in every record; Enter shows the results")
        field.setFixedWidth(self.sidebar.width())
        field.returnPressed.connect(lambda: self.open_search(field.text()))
        self.left_column.insertWidget(0, field)
        self.search_field = field

    def _tidy_sidebar(self) -> None:
        """No sideways scroll bar under the sidebar: a long title elides (its tooltip has it all)."""
        from PySide6.QtCore import Qt  # after the first paint: the Qt namespace costs start-up time

        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.path_label.start_eliding()

    def _install_accessibility(self) -> None:
        from readiness_app.ui import accessibility

        app = QApplication.instance()
        if isinstance(app, QApplication):
            accessibility.install(app)

    def _dark(self) -> bool:
        return self.palette().window().color().lightness() < 128

    def _notice(self, text: str) -> None:
        """A status message (saved, copied, undone): shown in the status bar and said by a screen reader."""
        from readiness_app.ui.accessibility import announce

        self.statusBar().showMessage(text, 8000)
        announce(self.statusBar(), text)

    def _watch_runner(self, runner) -> None:
        runner.busy_changed.connect(self._jobs_changed)
        runner.job_failed.connect(self._on_job_failed)
        runner.job_succeeded.connect(self._on_job_succeeded)

    def _jobs_changed(self, _count: int = 0) -> None:
        # Work that ends within a moment (a filter, a quick save) never flashes "Working" in the
        # status bar; only what is still going a little later is shown.
        if any(r.pending for r in self.ctx.runners()):
            QTimer.singleShot(JOBS_SHOWN_AFTER_MS, self._update_jobs_label)
        else:
            self._update_jobs_label()

    def _on_job_succeeded(self, description: str) -> None:
        """The same work done later clears its failure: no red "Failed" beside a later "Saved"."""
        if description in self._failed_jobs:
            self._failed_jobs = [d for d in self._failed_jobs if d != description]
            self._update_jobs_label()

    # ------------------------------------------------------------ pages

    def page(self, key: str) -> Page:
        """The page for `key`, built on first use."""
        page = self.pages.get(key)
        if page is None:
            page = self.page_types[key].load()(self.ctx)
            page.setObjectName(f"page_{key}")
            self.pages[key] = page
            self.stack.addWidget(page)
            self.when_shown(partial(self._restore_page_columns, page))
            if self._drawn:  # at once, before the page is first seen; at start-up after the first paint
                self._unique_access_keys(page)
            else:
                self.when_shown(partial(self._unique_access_keys, page))
        return page

    def _unique_access_keys(self, page: Page) -> None:
        from readiness_app.ui.accessibility import tab_in_reading_order, unique_access_keys

        unique_access_keys(page)  # Alt+S is Save or Status, never both; Alt+F, E, G, H stay the menus'
        tab_in_reading_order(page)  # Tab goes down and across the page as it reads, whatever was made first

    def _restore_page_columns(self, page: Page) -> None:
        from PySide6.QtWidgets import QTableView

        from readiness_app.ui.widgets import restore_columns

        for view in page.findChildren(QTableView):
            if view.objectName():
                restore_columns(view, self.ctx.settings)

    def open_page(self, key: str, filters: dict[str, Any] | None = None) -> Page:
        if key not in self.page_types:
            raise KeyError(key)
        page = self.page(key)
        keys = list(self.page_types)
        if self.page_heading is not None and self.page_heading.text() != page.title:
            self._show_page_name(page.title)
        if self.sidebar.currentRow() != keys.index(key):
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(keys.index(key))
            self.sidebar.blockSignals(False)
        if self.stack.currentWidget() is not page:
            self.stack.setCurrentWidget(page)
            if self._drawn:  # a page switch is heard (not the first page, which the window title names)
                from readiness_app.ui.accessibility import announce

                announce(self.stack, f"{page.title} page")
        if page.stale:
            page.stale = False
            page.refresh()
        if filters:
            page.apply_filters(**filters)
        return page

    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def _on_sidebar(self, row: int) -> None:
        if row >= 0:
            self.open_page(list(self.page_types)[row])

    def _on_changed(self, changes) -> None:
        current = self.current_page()
        for page in self.pages.values():
            if not changes.touches(page.tables):
                continue
            if page is current:
                page.stale = False
                page.show_changes(changes)
            else:
                page.stale = True

    # ------------------------------------------------------------ status bar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # elided in the middle: a long OneDrive path must not make the window wider than a small screen
        self.path_label = ElidedLabel(str(self.ctx.register_path))
        # a label's spoken name is its text (OFFLINE, Failed ...): what each one is goes in its description
        self.path_label.setAccessibleDescription("Register file")
        self.watcher_label = QLabel()
        self.watcher_label.setAccessibleDescription("Evidence folder watcher")
        self.jobs_label = QLabel()
        self.jobs_label.setAccessibleDescription("Background work")
        self.warnings: list[str] = []
        self.warning_label = QLabel()
        self.warning_label.setAccessibleDescription("Register warnings")
        self.warning_label.hide()  # styled when the first warning shows (a style sheet costs start-up time)
        bar.addPermanentWidget(self.warning_label)
        bar.addPermanentWidget(self.jobs_label)
        self.indexing_bar: Any = None  # reading files for search: a progress bar and Pause, made when needed
        bar.addPermanentWidget(self.watcher_label)
        bar.addPermanentWidget(self.path_label)

    def _show_indexing(self, done: int, total: int, paused: bool) -> None:
        """Files being read for search: a progress bar with Pause while a batch of some size runs."""
        if self.indexing_bar is None:
            if total < INDEXING_SHOWN_FROM:
                return
            from readiness_app.ui.search import IndexingBar

            self.indexing_bar = IndexingBar(self.watcher)
            self.statusBar().insertPermanentWidget(0, self.indexing_bar)
        self.indexing_bar.show_progress(done, total, paused)

    def _update_watcher_label(self) -> None:
        text, before = self.watcher.describe(), self.watcher_label.text()
        self.watcher_label.setText(text)
        if before and text != before and self._drawn:  # "OFFLINE", back on line: heard, not only seen
            from readiness_app.ui.accessibility import announce

            announce(self.watcher_label, text)

    def _update_jobs_label(self, _count: int = 0) -> None:
        pending = sum(r.pending for r in self.ctx.runners())
        parts = []
        if pending:
            saving = self.ctx.writer is not None and self.ctx.writer.pending
            parts.append(f"{'Saving' if saving else 'Working'}\u2026 ({pending})")
        if self._failed_jobs:
            parts.append(f"Failed: {len(self._failed_jobs)} (last: {self._failed_jobs[-1]})")
        self.jobs_label.setText("  ".join(parts))
        style = f"color: {colours.adapt(WARNING_TEXT, self._dark())};" if self._failed_jobs else ""
        if self.jobs_label.styleSheet() != style:  # the watcher's ticks call this twice a second
            self.jobs_label.setStyleSheet(style)

    def _on_job_failed(self, description: str, error: BaseException) -> None:
        from readiness_app.errors import ValidationErrors

        if isinstance(error, ValidationErrors):  # problems in the user's rows, listed where they were checked
            return
        from readiness_app.ui.accessibility import announce

        self._failed_jobs.append(description)
        self._update_jobs_label()
        from readiness_app.errors import ReadinessError

        if not (isinstance(error, ReadinessError) and error.field):  # a field's problem is said beside its form
            announce(self.jobs_label, f"Failed: {description}", assertive=True)

    def add_warning(self, text: str) -> None:
        """A register warning from opening (synced folder, damaged backup ...): status bar + tooltip."""
        self.warnings.append(text)
        if not self.warning_label.styleSheet():
            self.warning_label.setStyleSheet(f"color: {colours.adapt('#8a5300', self._dark())}; font-weight: 600;")
        self.warning_label.setText(f"Warnings: {len(self.warnings)}")
        self.warning_label.setToolTip(shown_as_text("\n".join(self.warnings)))
        self.warning_label.show()
        self.statusBar().showMessage(text, 15000)

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.is_file()]
        if files:
            event.acceptProposedAction()
            self.copy_into_evidence(files)

    def copy_into_evidence(self, files: list[Path]) -> None:
        """Copy files into the evidence folder's inbox (off the GUI thread); the watcher takes them in."""
        folder = self.ctx.evidence_folder()
        if folder is None or not folder.is_dir():
            from readiness_app.errors import ReadinessError

            self.ctx.show_error(
                ReadinessError("the evidence folder is not set or not reachable", "check the folder in the register")
            )
            return
        inbox = folder / INBOX_FOLDER if (folder / INBOX_FOLDER).is_dir() else folder

        def copy(_reg) -> list[Path]:
            import shutil  # here: it drags in the compression modules, which start-up does not need

            from readiness_app.output_files import move_to_free_name

            copied = []
            for n, source in enumerate(files):
                # Ignored by the watcher until moved into place; the process id keeps colleagues' copies apart.
                temp = inbox / f"~$copying-{os.getpid()}-{n}-{source.name}"
                shutil.copy2(source, temp)
                copied.append(move_to_free_name(temp, inbox / source.name))
            return copied

        def done(copied: list[Path]) -> None:
            self.ctx.notice.emit(
                f"Copied {counted(len(copied), 'file')} into {inbox.name}; they will appear in the inbox"
            )
            self.watcher.rescan_soon()

        self.ctx.reader.submit(
            copy,
            description="copying files into the evidence folder",
            on_done=done,
            on_error=self.ctx.show_error,
        )

    # ------------------------------------------------------------ shutdown

    def shutdown(self) -> None:
        """Stop the watcher and the workers (joining their threads) and close the register."""
        if self._closed:
            return
        self._closed = True
        self.ctx.closed = True
        settings = self.ctx.settings
        try:
            settings.setValue("window/geometry", self.saveGeometry())
            page = self.current_page()
            if page is not None:
                settings.setValue("window/page", page.key)
            from PySide6.QtWidgets import QTableView

            from readiness_app.ui.widgets import save_columns

            for page in self.pages.values():
                page.save_state()
                for view in page.findChildren(QTableView):
                    if view.objectName():
                        save_columns(view, settings)
            settings.sync()
        except Exception:
            log.exception("saving window settings failed")
        from PySide6.QtWidgets import QDialog

        for dialog in self.findChildren(QDialog):
            dialog.done(QDialog.DialogCode.Rejected)
        self.watcher.stop()
        for runner in self.ctx.runners():
            runner.stop()
        self.ctx.read.close()
        log.info("register closed at %s", clock.now().isoformat(timespec="seconds"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        event.accept()


def _open_in_system(path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
