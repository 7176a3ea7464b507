"""The pages in the sidebar, in order, named so that none is imported before it is opened.

A page's module is imported only when its page is first shown, which keeps start-up
quick. Kept apart from `ui/pages/__init__.py` (the `Page` base class every page
imports), so no page module is imported back by the module that lists it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness_app.ui.pages import Page

# module -> (key, title), in sidebar order, so the sidebar can be drawn without importing every page.
KNOWN_TITLES: dict[str, tuple[str, str]] = {
    "readiness_app.ui.pages.dashboard": ("dashboard", "Dashboard"),
    "readiness_app.ui.pages.quality_statements": ("quality", "Quality statements"),
    "readiness_app.ui.pages.evidence": ("evidence", "Evidence"),
    "readiness_app.ui.pages.gaps": ("gaps", "Gaps"),
    "readiness_app.ui.pages.cases": ("cases", "Case tracking"),
    "readiness_app.ui.pages.interviews": ("interviews", "Interviews"),
    "readiness_app.ui.pages.people": ("people", "People and assessors"),
    "readiness_app.ui.pages.rooms_and_team": ("setup", "Rooms and team"),
    "readiness_app.ui.pages.timeline": ("timeline", "Timeline"),
    "readiness_app.ui.pages.visit_learning": ("learning", "Learning log"),
    "readiness_app.ui.pages.visit_requests": ("requests", "CQC requests"),
    # After the first nine, so the Ctrl+1..9 shortcuts of the pages before them stay as they were.
    "readiness_app.ui.pages.information_return": ("information_return", "Information return"),
    "readiness_app.ui.pages.figures": ("figures", "Figures"),
    "readiness_app.ui.pages.snapshots": ("snapshots", "Snapshots"),
    "readiness_app.ui.pages.visit_accuracy": ("accuracy", "Factual accuracy"),
    "readiness_app.ui.pages.visit_outcome": ("outcome", "Outcome and plan"),
    "readiness_app.ui.pages.findings": ("findings", "Previous report"),
    "readiness_app.ui.pages.print_page": ("print", "Print"),
}


class PageEntry:
    """A sidebar entry: key and title now, the Page class on first use."""

    def __init__(self, module: str, key: str, title: str):
        self.module, self.key, self.title = module, key, title
        self._cls: type[Page] | None = None

    def load(self) -> type[Page]:
        if self._cls is None:
            self._cls = importlib.import_module(self.module).PAGE
        return self._cls


def page_entries() -> list[PageEntry]:
    """The sidebar's pages, in order (no page module is imported here)."""
    return [PageEntry(module, key, title) for module, (key, title) in KNOWN_TITLES.items()]
