"""The main window: sidebar of pages, status bar, menus and shortcuts.

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

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from readiness_app import clock
from readiness_app.logs import get_logger, log_file
from readiness_app.ui import registers, startup
from readiness_app.ui.colours import WARNING_TEXT
from readiness_app.ui.context import AppContext
from readiness_app.ui.elided import ElidedLabel
from readiness_app.ui.pages import Page, page_entries
from readiness_app.ui.plain_text import shown_as_text
from readiness_app.ui.watching import WatcherBridge
from readiness_app.ui.wording import counted

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent

log = get_logger("readiness_app.ui")

INBOX_FOLDER = "00 Inbox - to sort"
SHOWN_FALLBACK_MS = 1500
# Small enough for a 1024x600 netbook screen; pages, dialogs and side panels scroll below it.
MINIMUM_SIZE = (1000, 560)
FIRST_SIZE = (1280, 760)
USER_ROLE = 256  # Qt.ItemDataRole.UserRole, without loading the Qt namespace before the first paint


JOBS_SHOWN_AFTER_MS = 400  # work shorter than this is not announced in the status bar


class MainWindow(QMainWindow):
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
        # 11pt, the dashboard's headline size: each extra font size costs the first paint ~0.5 ms
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: #f1f4f8; border: none; font-size: 11pt; }"
            "QListWidget#sidebar::item { padding: 7px 10px; }"
            "QListWidget#sidebar::item:selected { background: #1d6fb8; color: white; }"
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
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        self.sidebar.currentRowChanged.connect(self._on_sidebar)
        ctx.changed.connect(self._on_changed)
        ctx.data_changed.connect(self.update_title)
        ctx.navigate_requested.connect(self.open_page)
        ctx.notice.connect(lambda text: self.statusBar().showMessage(text, 8000))
        for runner in (ctx.writer, ctx.reader):
            self._watch_runner(runner)
        ctx.runner_added.connect(self._watch_runner)

        self.watcher = WatcherBridge(ctx, self)
        self.watcher.state_changed.connect(self._update_watcher_label)
        self._restore_geometry()
        if watch:
            # after the window is up: the first scan of a big folder must not delay it
            self.when_shown(self.watcher.start)
        self.when_shown(self._load_bank_holidays)
        self._update_watcher_label()
        # A window that is never drawn (minimised at start) still gets its watcher and backup.
        QTimer.singleShot(SHOWN_FALLBACK_MS, self._run_after_shown)

    def _tidy_sidebar(self) -> None:
        """No sideways scroll bar under the sidebar: a long title elides (its tooltip has it all)."""
        from PySide6.QtCore import Qt  # after the first paint: the Qt namespace costs start-up time

        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sidebar.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.path_label.start_eliding()

    @property
    def drawn(self) -> bool:
        """The window has been drawn once and its after-paint work (menus, shortcuts, watcher) has run."""
        return self._drawn

    def when_shown(self, fn: Callable[[], Any]) -> None:
        """Run `fn` on the GUI thread once the window has first been drawn (at once if it has)."""
        if self._drawn:
            QTimer.singleShot(0, fn)
        else:
            self._after_shown.append(fn)

    def _run_after_shown(self) -> None:
        self._drawn = True
        jobs, self._after_shown = self._after_shown, []
        for fn in jobs:
            if not self._closed:
                fn()

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
        return page

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
        if self.sidebar.currentRow() != keys.index(key):
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(keys.index(key))
            self.sidebar.blockSignals(False)
        self.stack.setCurrentWidget(page)
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

    # ------------------------------------------------------------ menus and shortcuts

    def _action(self, text: str, slot, shortcut: str | None = None, name: str = "") -> QAction:
        """A window action; `shortcut` is a key ("F5", "Ctrl+1") or a standard key's name ("Quit")."""
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if shortcut is not None:
            # only after the first paint (see _build_menus): QAction.setShortcut loads PySide6's whole Qt namespace
            standard = getattr(QKeySequence.StandardKey, shortcut, None)
            action.setShortcut(QKeySequence(standard if standard is not None else shortcut))
        action.triggered.connect(slot)
        action.setObjectName(name or text.replace("&", "").replace(" ", "_").lower())
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar's titles now; their ~40 actions once the window is drawn (~5 ms of start-up).

        Nobody can open a menu or press a shortcut before the first paint, and a window that is
        never drawn still gets them from the fallback timer.
        """
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")  # Undo and Redo join it with the shortcuts
        self.go_menu = bar.addMenu("&Go")
        self.help_menu = bar.addMenu("&Help")
        self.when_shown(self._fill_menus)

    def _fill_menus(self) -> None:
        from readiness_app.ui.spreadsheets import EXPORT_TITLES, IMPORT_KINDS

        file_menu = self.file_menu
        registers.add_register_actions(self, file_menu)
        file_menu.addAction(self._action("&New item", self._new_item, "New", "new"))
        file_menu.addAction(self._action("&Print...", self._print, "Print", "print"))
        file_menu.addSeparator()
        import_menu = file_menu.addMenu("&Import from a spreadsheet")
        for kind, label in IMPORT_KINDS.items():
            import_menu.addAction(
                self._action(f"{label}...", lambda _=False, k=kind: self.import_spreadsheet(k), None, f"import_{kind}")
            )
        export_menu = file_menu.addMenu("&Export")
        for key, label in EXPORT_TITLES.items():
            export_menu.addAction(
                self._action(f"{label}...", lambda _=False, k=key: self.export(k), None, f"export_{key}")
            )
        file_menu.addSeparator()
        file_menu.addAction(self._action("Open evidence &folder", self._open_evidence_folder, None, "open_folder"))
        file_menu.addAction(self._action("Check the evidence folder &now", self.watcher_rescan, "F5", "rescan"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Close register", self.close_register, "Close", "close"))
        file_menu.addAction(self._action("&Quit", self._quit, "Quit", "quit"))
        self.edit_menu.addAction(self._action("&Find", self._find, "Find", "find"))
        for n, (key, cls) in enumerate(self.page_types.items()):
            shortcut = page_shortcut(n)
            self.go_menu.addAction(
                self._action(cls.title, lambda _=False, k=key: self.open_page(k), shortcut, f"go_{key}")
            )
        help_menu = self.help_menu
        help_menu.addAction(self._action("&Guide", lambda: self.show_guide(), "HelpContents", "guide"))
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, None, "shortcuts"))
        help_menu.addSeparator()
        help_menu.addAction(self._action("Open the &log folder", self._open_log_folder, None, "log_folder"))
        help_menu.addAction(self._action("&About Readiness", self.show_about, None, "about"))
        self._add_undo_actions()

    # ------------------------------------------------------------ registers (File menu; see ui/registers.py)

    def update_title(self) -> None:
        """'Northmoor County Council - register.sqlite - Readiness'."""
        self.setWindowTitle(registers.window_title(self.ctx))

    def close_register(self) -> None:
        """Ctrl+W: close this register and go back to the welcome screen (the app keeps running)."""
        registers.close_register(self)

    def open_register_settings(self) -> None:
        registers.open_settings(self)

    def _load_bank_holidays(self) -> None:
        from readiness_app.ui import next_milestone

        next_milestone.preload(self.ctx, self._redraw_dashboard)

    def _redraw_dashboard(self) -> None:
        """Only the dashboard shows working days left; other pages keep their state (and forms)."""
        page = self.pages.get("dashboard")
        if page is not None:
            page.stale = True
            if self.current_page() is page:
                page.stale = False
                page.refresh()

    def _add_undo_actions(self) -> None:
        """Edit > Undo / Redo: the stack's own actions read "Undo Next stage", greyed when there is none."""
        from PySide6.QtGui import QKeySequence

        stack = self.ctx.undo_stack
        first = self.edit_menu.actions()[0] if self.edit_menu.actions() else None
        for action, key, name in (
            (stack.createUndoAction(self, "&Undo"), QKeySequence.StandardKey.Undo, "undo"),
            (stack.createRedoAction(self, "&Redo"), QKeySequence.StandardKey.Redo, "redo"),
        ):
            action.setObjectName(name)
            action.setShortcut(QKeySequence(key))
            self.addAction(action)
            if first is None:
                self.edit_menu.addAction(action)
            else:
                self.edit_menu.insertAction(first, action)

    # ------------------------------------------------------------ import and export

    def import_spreadsheet(self, kind: str | None = None) -> None:
        """File > Import: the check-then-import dialog, run through the register's one writer."""
        from readiness_app.ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self, self.ctx.register_path, runner=self.ctx.writer)
        if kind is not None:
            dialog.kind.setCurrentIndex(max(0, dialog.kind.findData(kind)))
        dialog.changes_imported.connect(self._imported)
        self.import_dialog = dialog
        dialog.open()  # window-modal but not blocking: the watcher keeps running

    def _imported(self) -> None:
        self.ctx.notice.emit("Import finished; every page shows the new rows")
        self.ctx.data_changed.emit()

    def export(self, key: str) -> int | None:
        """File > Export: ask where, then write the file on the reader thread."""
        from readiness_app.ui import spreadsheets

        return spreadsheets.export(self.ctx, self, key)

    def _new_item(self) -> None:
        page = self.current_page()
        if page is not None:
            page.new_item()

    def _find(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_search()

    def _print(self) -> None:
        if "print" in self.page_types:
            self.open_page("print")

    def _quit(self) -> None:
        self.close()
        QApplication.quit()

    def _open_evidence_folder(self) -> None:
        from readiness_app.ui.opening import open_path

        folder = self.ctx.evidence_folder()
        if folder is not None:
            open_path(self, folder, "the evidence folder")

    def _open_log_folder(self) -> None:
        from readiness_app.ui.opening import open_path

        open_path(self, log_file().parent, "the log folder")

    def show_guide(self, page: str = "index.html") -> None:
        from readiness_app.ui import help as guide

        self.guide = guide.show_guide(self, page)

    def show_shortcuts(self) -> None:
        from readiness_app.ui import help as guide

        self.shortcuts_dialog = guide.ShortcutsDialog(self)
        self.shortcuts_dialog.open()

    def show_about(self) -> None:
        from readiness_app.ui import help as guide

        self.about_dialog = guide.AboutDialog(self)
        self.about_dialog.open()

    def watcher_rescan(self) -> None:
        self.watcher.rescan()

    # ------------------------------------------------------------ status bar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # elided in the middle: a long OneDrive path must not make the window wider than a small screen
        self.path_label = ElidedLabel(str(self.ctx.register_path))
        self.path_label.setAccessibleName("Register file")
        self.watcher_label = QLabel()
        self.watcher_label.setAccessibleName("Evidence folder watcher")
        self.jobs_label = QLabel()
        self.jobs_label.setAccessibleName("Background work")
        self.warnings: list[str] = []
        self.warning_label = QLabel()
        self.warning_label.setAccessibleName("Register warnings")
        self.warning_label.hide()  # styled when the first warning shows (a style sheet costs start-up time)
        bar.addPermanentWidget(self.warning_label)
        bar.addPermanentWidget(self.jobs_label)
        bar.addPermanentWidget(self.watcher_label)
        bar.addPermanentWidget(self.path_label)

    def _update_watcher_label(self) -> None:
        self.watcher_label.setText(self.watcher.describe())

    def _update_jobs_label(self, _count: int = 0) -> None:
        pending = sum(r.pending for r in self.ctx.runners())
        parts = []
        if pending:
            saving = self.ctx.writer is not None and self.ctx.writer.pending
            parts.append(f"{'Saving' if saving else 'Working'}\u2026 ({pending})")
        if self._failed_jobs:
            parts.append(f"Failed: {len(self._failed_jobs)} (last: {self._failed_jobs[-1]})")
        self.jobs_label.setText("  ".join(parts))
        style = f"color: {WARNING_TEXT};" if self._failed_jobs else ""
        if self.jobs_label.styleSheet() != style:  # the watcher's ticks call this twice a second
            self.jobs_label.setStyleSheet(style)

    def _on_job_failed(self, description: str, error: BaseException) -> None:
        from readiness_app.errors import ValidationErrors

        if isinstance(error, ValidationErrors):  # problems in the user's rows, listed where they were checked
            return
        self._failed_jobs.append(description)
        self._update_jobs_label()

    def add_warning(self, text: str) -> None:
        """A register warning from opening (synced folder, damaged backup ...): status bar + tooltip."""
        self.warnings.append(text)
        if not self.warning_label.styleSheet():
            self.warning_label.setStyleSheet("color: #8a5300; font-weight: 600;")
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

    # ------------------------------------------------------------ geometry and shutdown

    def _restore_geometry(self) -> None:
        geometry = self.ctx.settings.value("window/geometry")
        if geometry is not None:
            from PySide6.QtCore import QByteArray  # only with a saved geometry (~0.3 ms to load)

            if isinstance(geometry, QByteArray | bytes) and not self.restoreGeometry(geometry):
                log.info("saved window geometry ignored")
                geometry = None
        if geometry is None:
            self.resize(*FIRST_SIZE)
        self.fit_to_screen(centre=geometry is None)

    def fit_to_screen(self, free: QRect | None = None, *, centre: bool = False) -> None:
        """Keep the whole window (frame included) on the screen's free area, above the taskbar."""
        if free is None:
            screen = self.screen() or QApplication.primaryScreen()
            if screen is None:
                return
            free = screen.availableGeometry()
        # the frame (title bar, borders) is known once shown; before that allow for a typical one
        frame = self.frameGeometry()
        frame_w, frame_h = frame.width() - self.width(), frame.height() - self.height()
        if frame_w <= 0 and frame_h <= 0:
            frame_w, frame_h = 16, 40
        # below the minimum only on a screen smaller than it (then the pages scroll)
        self.setMinimumSize(min(MINIMUM_SIZE[0], free.width() - frame_w), min(MINIMUM_SIZE[1], free.height() - frame_h))
        width = max(min(self.width(), free.width() - frame_w), self.minimumWidth())
        height = max(min(self.height(), free.height() - frame_h), self.minimumHeight())
        self.resize(width, height)
        x, y = frame.x(), frame.y()  # move() places the frame's top-left corner
        if centre:
            x = free.left() + (free.width() - width - frame_w) // 2
            y = free.top() + (free.height() - height - frame_h) // 2
        x = max(min(x, free.right() + 1 - width - frame_w), free.left())
        y = max(min(y, free.bottom() + 1 - height - frame_h), free.top())
        self.move(x, y)

    def initial_page(self) -> str:
        key = str(self.ctx.settings.value("window/page") or "dashboard")
        return key if key in self.page_types else next(iter(self.page_types))

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

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if not self._paint_seen:
            self._paint_seen = True
            # the zero timer runs once this first drawing of the whole window is finished
            QTimer.singleShot(0, self._first_drawn)

    def _first_drawn(self) -> None:
        startup.mark("window_shown")
        # The first page finishes drawing (the dashboard adds its tiles and pictures right after its first
        # paint) before the menus, the watcher and the backup start.
        page = self.current_page()
        if page is None:
            QTimer.singleShot(0, self._run_after_shown)
        else:
            page.when_complete(self._run_after_shown)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.shutdown()
        event.accept()


def _open_in_system(path: Path) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def page_shortcut(n: int) -> str | None:
    """The key for the n-th page (from 0): Ctrl+1 ... Ctrl+9, Ctrl+0, then Alt+1 ... Alt+9."""
    if n < 9:
        return f"Ctrl+{n + 1}"
    if n == 9:
        return "Ctrl+0"
    if n < 19:
        return f"Alt+{n - 9}"
    return None  # still in the Go menu
