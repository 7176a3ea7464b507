"""The main window's menus and shortcuts, and what their actions do (a part of `MainWindow`).

The menu bar's titles are made with the window; its actions once the window is drawn
(see `_build_menus`). A mixin: `MainWindow` is the only class that takes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QApplication, QMainWindow

from readiness_app.logs import log_file
from readiness_app.ui import registers

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu

    from readiness_app.ui.context import AppContext
    from readiness_app.ui.main_window import MainWindow
    from readiness_app.ui.pages import Page
    from readiness_app.ui.sidebar import PageEntry
    from readiness_app.ui.watching import WatcherBridge

    _Window = QMainWindow
else:
    _Window = object


class WindowMenus(_Window):
    if TYPE_CHECKING:  # from MainWindow and its other parts
        ctx: AppContext
        page_types: dict[str, PageEntry]
        watcher: WatcherBridge
        file_menu: QMenu
        edit_menu: QMenu
        go_menu: QMenu
        help_menu: QMenu
        guide: Any
        import_dialog: Any
        shortcuts_dialog: Any
        about_dialog: Any
        search_dialog: Any
        search_field: Any

        def when_shown(self, fn: Callable[[], Any]) -> None: ...
        def open_page(self, key: str, filters: dict[str, Any] | None = None) -> Page: ...
        def current_page(self) -> Page | None: ...
        def close_register(self) -> None: ...

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
        from readiness_app.ui.spreadsheets import EXPORT_TITLES, IMPORT_KINDS, INVITATIONS_TITLE

        file_menu = self.file_menu
        registers.add_register_actions(cast("MainWindow", self), file_menu)  # a part of MainWindow
        file_menu.addAction(self._action("&New item", self._new_item, "New", "new"))
        file_menu.addAction(self._action("&Print...", self._print, "Print", "print"))
        file_menu.addAction(self._action("Print pre&view...", self._print_preview, None, "print_preview"))
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
        export_menu.addAction(self._action(f"{INVITATIONS_TITLE}...", self.export_invitations, None, "invitations"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("Open evidence &folder", self._open_evidence_folder, None, "open_folder"))
        file_menu.addAction(self._action("Check the evidence folder &now", self.watcher_rescan, "F5", "rescan"))
        notify = self._action(
            "Notify me when new evidence &arrives", self._toggle_notifications, None, "notify_evidence"
        )
        notify.setCheckable(True)
        from readiness_app.ui.notifications import notifications_on

        notify.setChecked(notifications_on())
        file_menu.addAction(notify)
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Close register", self.close_register, "Close", "close"))
        file_menu.addAction(self._action("&Quit", self._quit, "Quit", "quit"))
        self.edit_menu.addAction(self._action("&Find", self._find, "Find", "find"))
        self.edit_menu.addAction(
            self._action("&Search everything...", lambda: self.open_search(), "Ctrl+K", "search_everything")
        )
        for n, (key, cls) in enumerate(self.page_types.items()):
            shortcut = page_shortcut(n)
            self.go_menu.addAction(
                self._action(cls.title, lambda _=False, k=key: self.open_page(k), shortcut, f"go_{key}")
            )
        from readiness_app.ui.panels import SHORTCUTS, move_page_divider

        self.go_menu.addSeparator()
        for direction, words in ((-1, "left (or up)"), (1, "right (or down)")):
            self.go_menu.addAction(
                self._action(
                    f"Move the panel divider {words}",
                    lambda _=False, d=direction: move_page_divider(self.current_page(), d),
                    SHORTCUTS[direction],
                    f"divider_{'back' if direction < 0 else 'on'}",
                )
            )
        help_menu = self.help_menu
        help_menu.addAction(self._action("&Guide", lambda: self.show_guide(), "HelpContents", "guide"))
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, None, "shortcuts"))
        help_menu.addSeparator()
        help_menu.addAction(self._action("Open the &log folder", self._open_log_folder, None, "log_folder"))
        help_menu.addAction(self._action("&About Readiness", self.show_about, None, "about"))
        self._add_undo_actions()

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

    def _toggle_notifications(self, on: bool) -> None:
        from readiness_app.ui.notifications import set_notifications

        set_notifications(on)
        self.ctx.notice.emit("Notifications of new evidence " + ("on" if on else "off"))

    def export_invitations(self) -> int | None:
        """File > Export > Meeting invitations: one .ics per session into a folder, for Outlook."""
        from readiness_app.ui import spreadsheets

        return spreadsheets.export_invitations(self.ctx, self)

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

    def open_search(self, text: str = "") -> None:
        """Ctrl+K: the search over every file's words and every record (ui/search.py)."""
        from readiness_app.ui.search import SearchDialog

        self.search_dialog = SearchDialog(self.ctx, self, query=text.strip())
        self.search_dialog.open()
        if self.search_field is not None:
            self.search_field.clear()

    def _print(self) -> None:
        """Ctrl+P: the system print dialog for the current page's document (or the Print page to choose one)."""
        self._print_current(preview=False)

    def _print_preview(self) -> None:
        self._print_current(preview=True)

    def _print_current(self, *, preview: bool) -> None:
        if "print" not in self.page_types:
            return
        from readiness_app.ui.pages.print_page import DOCUMENT_FOR_PAGE, PrintPage

        current = self.current_page()
        document = DOCUMENT_FOR_PAGE.get(current.key) if current is not None else None
        page = self.open_page("print")
        assert isinstance(page, PrintPage)
        if document is not None:
            page.apply_filters(document=document)
        elif current is None or current.key != "print":
            return  # the Print page is open: the user chooses a document there
        if preview:
            page.preview()
        else:
            page.print_document()

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

    def show_guide(self, page: str = "index.md") -> None:
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


def page_shortcut(n: int) -> str | None:
    """The key for the n-th page (from 0): Ctrl+1 ... Ctrl+9, Ctrl+0, then Alt+1 ... Alt+9."""
    if n < 9:
        return f"Ctrl+{n + 1}"
    if n == 9:
        return "Ctrl+0"
    if n < 19:
        return f"Alt+{n - 9}"
    return None  # still in the Go menu
