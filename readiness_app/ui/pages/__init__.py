"""The pages in the sidebar, in order, and the `Page` base class they share.

Adding a page (e.g. the visit-week pages)
-----------------------------------------
1. Write `readiness_app/ui/pages/<name>.py` with a `Page` subclass and a module
   attribute `PAGE = YourPage`.
2. Make sure its module name is in `PAGE_MODULES` below (the visit-week modules
   are listed already; a module that does not exist yet is skipped). Modules
   listed in `KNOWN_TITLES` are imported only when their page is first opened,
   which keeps start-up quick; others are imported at start-up.

A page gets `self.ctx` (an `AppContext`): `ctx.read` is a read-only register
for quick queries on the GUI thread; `ctx.write(fn, "what it does", on_done)`
runs `fn(register)` on the single writer thread, then every visible page is
refreshed; `ctx.read_later(fn, on_done)` runs a big read off the GUI thread;
`ctx.navigate(key, **filters)` opens another page with filters;
`ctx.notice.emit(text)` shows a short status-bar message; `ctx.settings` is the
app's QSettings; `ctx.watcher` the evidence watcher (or None).

Override `refresh()` to (re)load data: it is called when the page is first
shown and after every change while it is visible (pages that are hidden are
refreshed when next shown). Override `apply_filters(**filters)` to accept
links from the dashboard. Set `key` (stable, used in settings and links),
`title` (sidebar text) and optionally `new_item()` (Ctrl+N) and `find()`
(Ctrl+F). Never write SQL here: call `readiness_app.register.*`.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QWidget

from readiness_app.logs import get_logger
from readiness_app.ui.context import AppContext

log = get_logger("readiness_app.ui")

PAGE_MODULES: list[str] = [
    "readiness_app.ui.pages.dashboard",
    "readiness_app.ui.pages.quality_statements",
    "readiness_app.ui.pages.evidence",
    "readiness_app.ui.pages.gaps",
    "readiness_app.ui.pages.cases",
    "readiness_app.ui.pages.interviews",
    "readiness_app.ui.pages.people",
    "readiness_app.ui.pages.visit_learning",
    "readiness_app.ui.pages.visit_requests",
    "readiness_app.ui.pages.visit_accuracy",
    "readiness_app.ui.pages.visit_outcome",
    "readiness_app.ui.pages.print_page",
]


# module -> (key, title), so the sidebar can be drawn without importing every page.
KNOWN_TITLES: dict[str, tuple[str, str]] = {
    "readiness_app.ui.pages.dashboard": ("dashboard", "Dashboard"),
    "readiness_app.ui.pages.quality_statements": ("quality", "Quality statements"),
    "readiness_app.ui.pages.evidence": ("evidence", "Evidence"),
    "readiness_app.ui.pages.gaps": ("gaps", "Gaps"),
    "readiness_app.ui.pages.cases": ("cases", "Case tracking"),
    "readiness_app.ui.pages.interviews": ("interviews", "Interviews"),
    "readiness_app.ui.pages.people": ("people", "People and assessors"),
    "readiness_app.ui.pages.visit_learning": ("learning", "Learning log"),
    "readiness_app.ui.pages.visit_requests": ("requests", "CQC requests"),
    "readiness_app.ui.pages.visit_accuracy": ("accuracy", "Factual accuracy"),
    "readiness_app.ui.pages.visit_outcome": ("outcome", "Outcome and plan"),
    "readiness_app.ui.pages.print_page": ("print", "Print"),
}


class Page(QWidget):
    key = "page"
    title = "Page"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Load or reload the page's data from `self.ctx.read`."""

    def apply_filters(self, **filters: Any) -> None:
        """Show only what a dashboard link asked for (unknown filters are ignored)."""

    def new_item(self) -> None:
        """Ctrl+N on this page (default: nothing to create)."""

    def find(self) -> None:
        """Ctrl+F on this page: focus its search box if it has one."""

    def save_state(self) -> None:
        """Remember column widths etc. in ctx.settings (called on close)."""


class PageEntry:
    """A sidebar entry: key and title now, the Page class on first use."""

    def __init__(self, module: str, key: str, title: str, cls: type[Page] | None = None):
        self.module, self.key, self.title, self._cls = module, key, title, cls

    def load(self) -> type[Page]:
        if self._cls is None:
            self._cls = importlib.import_module(self.module).PAGE
        return self._cls


def page_entries() -> list[PageEntry]:
    """The pages whose modules exist, in sidebar order, importing only pages not in KNOWN_TITLES."""
    import os

    # One listing of this folder instead of a module search per page (~0.3 ms of start-up); a frozen
    # build has no .py files here, so a module not listed is still looked for the usual way.
    try:
        here = set(os.listdir(os.path.dirname(__file__)))
    except OSError:
        here = set()
    entries: list[PageEntry] = []
    for name in PAGE_MODULES:
        if name in KNOWN_TITLES:
            if f"{name.rpartition('.')[2]}.py" not in here and not _module_exists(name):
                continue
            key, title = KNOWN_TITLES[name]
            entries.append(PageEntry(name, key, title))
            continue
        for cls in _import_pages([name]):
            entries.append(PageEntry(name, cls.key, cls.title, cls))
    return entries


def _module_exists(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def page_classes() -> list[type[Page]]:
    """The page classes whose modules exist, in sidebar order (imports them all)."""
    return _import_pages(PAGE_MODULES)


def _import_pages(names: list[str]) -> list[type[Page]]:
    """The page classes whose modules exist, in sidebar order."""
    found: list[type[Page]] = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        page = getattr(module, "PAGE", None)
        if page is None:
            log.warning("page module %s has no PAGE", name)
            continue
        found.append(page)
    return found


# For callers that want the list itself (e.g. the self-test); computed on first use.
def __getattr__(name: str) -> Any:
    if name == "PAGES":
        return page_classes()
    raise AttributeError(name)
