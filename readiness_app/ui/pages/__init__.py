"""The `Page` base class the sidebar's pages share (their list, in order, is `ui/sidebar.py`).

Adding a page (e.g. the visit-week pages)
-----------------------------------------
1. Write `readiness_app/ui/pages/<name>.py` with a `Page` subclass and a module
   attribute `PAGE = YourPage`.
2. Add its module, key and title to `KNOWN_TITLES` in `ui/sidebar.py`, in sidebar order. The
   module is imported only when its page is first opened, which keeps start-up
   quick.

A page gets `self.ctx` (an `AppContext`): `ctx.read` is a read-only register
for quick queries on the GUI thread; `ctx.write(fn, "what it does", on_done)`
runs `fn(register)` on the single writer thread, then every visible page is
refreshed; `ctx.read_later(fn, on_done)` runs a big read off the GUI thread;
`ctx.navigate(key, **filters)` opens another page with filters;
`ctx.notice.emit(text)` shows a short status-bar message; `ctx.settings` is the
app's QSettings; `ctx.undo_stack` the window's one undo history.

Override `refresh()` to (re)load data: it is called when the page is first
shown and after a change to a table it shows while it is visible (pages that
are hidden are refreshed when next shown). Set `tables` to the register tables
the page shows (None: any change reloads it), and override
`show_changes(changes)` to reload only the rows touched (see the evidence
page). Undo and redo need nothing from a page: every `ctx.write` can be
undone. Override `apply_filters(**filters)` to accept links from the
dashboard. Set `key` (stable, used in settings and links), `title`
(sidebar text) and optionally `new_item()` (Ctrl+N) and `focus_search()` (Ctrl+F).
Never write SQL here: call `readiness_app.register.*`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from readiness_app.ui.context import AppContext


class Page(QWidget):
    key = "page"
    title = "Page"
    # register tables shown here; a change elsewhere does not reload the page (None: any change does)
    tables: frozenset[str] | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Load or reload the page's data from `self.ctx.read`."""

    def show_changes(self, changes: Any) -> None:
        """A committed change touched `tables` (a `register.changes.Changes`): reload (default: all of it)."""
        self.refresh()

    def apply_filters(self, **filters: Any) -> None:
        """Show only what a dashboard link asked for (unknown filters are ignored)."""

    def new_item(self) -> None:
        """Ctrl+N on this page (default: nothing to create)."""

    def focus_search(self) -> None:
        """Ctrl+F on this page: focus its search box if it has one."""

    def save_state(self) -> None:
        """Remember column widths etc. in ctx.settings (called on close)."""

    def when_complete(self, fn: Callable[[], Any]) -> None:
        """Call `fn` once the page is wholly drawn (most pages: at the next turn of the event loop).

        The window starts its after-paint work (menus, watcher, backup) from here, so a page
        that draws in two steps (the dashboard) finishes drawing first.
        """
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, fn)


def day_label(iso: str) -> str:
    """A visit day as the pages show it: 'Tue 15 Dec 2026' (the one date style of tables and labels)."""
    from readiness_app.register.validation import long_date

    return long_date(iso)
