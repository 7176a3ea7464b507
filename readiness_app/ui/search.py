"""Search everything (Ctrl+K): evidence files by what they say, and every record's text.

`SearchDialog` runs each query on the reader thread (never on the GUI thread),
shows the results grouped by kind with the matched words in bold, and opens the
chosen one with Enter: the record on its page, or (Open file) the evidence file
itself. Opened from a CQC request or an information-return item ("Find
evidence"), it searches the evidence with the record's words and links the
results the lead ticks to that record.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readiness_app.register import search
from readiness_app.ui.context import AppContext

HIT_ROLE = Qt.ItemDataRole.UserRole
DELAY_MS = 200  # typing pause before a search runs
SELECT_RETRY_MS, SELECT_TRIES = 100, 100  # a page that loads its rows in the background: look again
# Where each kind of result opens, and the page filter that selects it.
PAGE_OF = {
    "evidence": "evidence",
    "request": "requests",
    "return_item": "information_return",
    "gap": "gaps",
    "self_assessment": "quality",
    "session": "interviews",
    "learning": "learning",
    "accuracy": "accuracy",
    "improvement": "outcome",
}


def snippet_html(hit: search.Hit) -> str:
    """The snippet as rich text built here: the file's words escaped, the matched ones in bold."""
    text = html.escape(hit.snippet)
    return text.replace(search.MARK_START, "<b>").replace(search.MARK_END, "</b>")


def plain_snippet(hit: search.Hit) -> str:
    return hit.snippet.replace(search.MARK_START, "").replace(search.MARK_END, "")


class SearchDialog(QDialog):
    """One box for everything; `link_to=("request", 3)` makes it the "Find evidence" dialog."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        query: str = "",
        link_to: tuple[str, int] | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.link_to = link_to
        self.kinds: Sequence[str] | None = ["evidence"] if link_to else None
        self.hits: list[search.Hit] = []
        self.searched = ""  # the query the results shown are for
        self.setWindowTitle("Find evidence" if link_to else "Search everything")
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.box = QLineEdit(query)
        self.box.setPlaceholderText('Words in files and records: "a phrase", transit*, carers OR LD')
        self.box.setAccessibleName("Search everything")
        self.box.setToolTip(self.box.placeholderText())
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._enter)
        layout.addWidget(self.box)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName("Search summary")
        layout.addWidget(self.summary)
        self.results = QTreeWidget()
        self.results.setObjectName("search_results")
        self.results.setAccessibleName("Search results")
        self.results.setHeaderLabels(["Result", "Where the words are"])
        self.results.setColumnWidth(0, 300)
        self.results.setRootIsDecorated(False)
        self.results.setWordWrap(True)
        self.results.itemActivated.connect(lambda item, _col: self.open_item(item))
        layout.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the record on its page (Enter)")
        self.open_button.clicked.connect(lambda: self.open_item(self.results.currentItem()))
        self.file_button = QPushButton("Open the &file")
        self.file_button.setToolTip("Open the evidence file in its own program")
        self.file_button.clicked.connect(self.open_file)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.file_button)
        if link_to:
            self.link_button = QPushButton("&Link the ticked files")
            self.link_button.setToolTip("Link the ticked evidence to this record")
            self.link_button.clicked.connect(self.link_ticked)
            buttons.addWidget(self.link_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self._pending_open = False
        if query:
            self.run_search()

    # ------------------------------------------------------------ searching (on the reader thread)

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def run_search(self) -> None:
        self._timer.stop()
        text = self.box.text().strip()
        if not text:
            self._show(text, [])
            return
        kinds = self.kinds

        def find(reg) -> list[search.Hit]:
            return search.search(reg, text, kinds=kinds, limit=60)

        self.ctx.read_later(find, lambda hits: self._show(text, hits), description="searching")

    def _show(self, text: str, hits: list[search.Hit]) -> None:
        if text != self.box.text().strip():
            return  # an older search finishing after the user typed on
        self.hits, self.searched = hits, text
        self.results.clear()
        first = None
        for kind, group in search.grouped(hits):
            header = QTreeWidgetItem([f"{search.KINDS[kind]} ({len(group)})"])
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = header.font(0)
            font.setBold(True)
            header.setFont(0, font)
            self.results.addTopLevelItem(header)
            for hit in group:
                item = QTreeWidgetItem(header, [hit.title, ""])
                item.setData(0, HIT_ROLE, hit)
                where = ("In the file: " if hit.in_file else "") + plain_snippet(hit)
                item.setToolTip(0, hit.rel_path or hit.title)
                item.setToolTip(1, where)
                label = QLabel(("In the file: " if hit.in_file else "") + snippet_html(hit))
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setWordWrap(True)
                label.setAccessibleName(where)
                self.results.setItemWidget(item, 1, label)
                if self.link_to and hit.kind == "evidence":
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                first = first or item
            header.setExpanded(True)
        if first is not None:
            self.results.setCurrentItem(first)
        self.summary.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if text else "Type words to look for")
        if not hits and text:
            self.summary.setText(f"Nothing found for {text}")
        if self._pending_open:
            self._pending_open = False
            self.open_item(self.results.currentItem())

    # ------------------------------------------------------------ opening and linking

    def _enter(self) -> None:
        """Enter in the box: open the best result (once the search for what was typed is back)."""
        if self._timer.isActive() or self.searched != self.box.text().strip():
            self._pending_open = True
            self.run_search()
            return
        self.open_item(self.results.currentItem())

    def current_hit(self) -> search.Hit | None:
        item = self.results.currentItem()
        return item.data(0, HIT_ROLE) if item is not None else None

    def open_item(self, item: QTreeWidgetItem | None) -> None:
        hit = item.data(0, HIT_ROLE) if item is not None else None
        if hit is None:
            return
        open_record(self.ctx, hit)
        if not self.link_to:
            self.accept()

    def open_file(self) -> None:
        hit = self.current_hit()
        folder = self.ctx.evidence_folder()
        if hit is None or not hit.rel_path or folder is None:
            return
        from readiness_app.ui.opening import open_path

        open_path(self, Path(folder) / hit.rel_path, "the evidence file")

    def ticked(self) -> list[int]:
        found = []
        for item in self._hit_items():
            if item.checkState(0) == Qt.CheckState.Checked:
                found.append(int(item.data(0, HIT_ROLE).record))
        return found

    def _hit_items(self) -> list[QTreeWidgetItem]:
        items = []
        for n in range(self.results.topLevelItemCount()):
            header = self.results.topLevelItem(n)
            for m in range(header.childCount() if header is not None else 0):
                child = header.child(m) if header is not None else None
                if child is not None:
                    items.append(child)
        return items

    def link_ticked(self) -> None:
        ids = self.ticked()
        if not ids or self.link_to is None:
            return
        kind, record = self.link_to

        def link(reg) -> int:
            return link_evidence(reg, kind, record, ids)

        def done(count: int) -> None:
            self.summary.setText(f"Linked {count} file{'s' if count != 1 else ''}")
            self.ctx.notice.emit(f"Linked {count} evidence file{'s' if count != 1 else ''}")

        self.ctx.write(link, "linking evidence found by search", done)


def link_evidence(reg, kind: str, record: int, evidence_ids: list[int]) -> int:
    """Link found evidence to a CQC request or an information-return item; returns how many were new."""
    from readiness_app.register import information_return, requests

    if kind == "request":
        have = [e["id"] for e in requests.get(reg, record)["evidence"]]
        new = [i for i in evidence_ids if i not in have]
        if new:
            requests.update(reg, record, evidence=have + new)
        return len(new)
    answered = {a["evidence_id"] for a in information_return.answers(reg, [record]).get(record, [])}
    new = [i for i in evidence_ids if i not in answered]
    with reg.transaction():
        for evidence_id in new:
            information_return.add_answer(reg, record, "evidence", evidence=evidence_id)
    return len(new)


def open_record(ctx: AppContext, hit: search.Hit) -> None:
    """Show the record on its page, selected (its filters cleared so it is in the list)."""
    window = ctx.window
    key = PAGE_OF[hit.kind]
    if window is None or key not in window.page_types:
        return
    filters: dict[str, Any] = {"open": "0"} if key == "gaps" else {}
    if key == "interviews":
        filters["session"] = hit.record
    if key == "quality":
        filters["qs"] = hit.record
    page = window.open_page(key, filters)
    tries = [SELECT_TRIES]

    def select() -> None:
        """Select the record's row; a page still loading its rows (off the GUI thread) is asked again."""
        from PySide6.QtWidgets import QTableView

        for view in page.findChildren(QTableView):
            model = view.model()
            row_of_id = getattr(model, "row_of_id", None)
            if row_of_id is None:
                continue
            row = row_of_id(hit.record)
            if row >= 0:
                view.selectRow(row)
                view.scrollTo(model.index(row, 0))
                view.setFocus()
                return
        tries[0] -= 1
        if tries[0] > 0 and not ctx.closed:
            QTimer.singleShot(SELECT_RETRY_MS, select)

    page.when_complete(select)


class IndexingBar(QWidget):
    """In the status bar while files are read for search: how far, and Pause / Go on."""

    def __init__(self, watcher: Any, parent: QWidget | None = None):
        from PySide6.QtWidgets import QProgressBar

        super().__init__(parent)
        self.watcher = watcher
        self.paused = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("Reading files for search")
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Files read for search")
        self.progress.setMaximumWidth(160)
        self.button = QPushButton("Pause")
        self.button.setAccessibleName("Pause reading files for search")
        self.button.clicked.connect(self.toggle)
        for widget in (self.label, self.progress, self.button):
            layout.addWidget(widget)

    def show_progress(self, done: int, total: int, paused: bool) -> None:
        self.setVisible(total > 0)
        self.paused = paused
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} of {total}")
        self.label.setText("Reading files for search (paused)" if paused else "Reading files for search")
        self.button.setText("Go on" if paused else "Pause")

    def toggle(self) -> None:
        self.paused = not self.paused
        self.watcher.pause_indexing(self.paused)
        self.button.setText("Go on" if self.paused else "Pause")
        self.label.setText("Reading files for search (paused)" if self.paused else "Reading files for search")


def find_evidence(ctx: AppContext, parent: QWidget, kind: str, record: int, words: str) -> SearchDialog:
    """ "Find evidence" from a CQC request or an information-return item: a search with its words."""
    dialog = SearchDialog(ctx, parent, query=" OR ".join(_words(words)), link_to=(kind, record))
    dialog.open()
    return dialog


STOP_WORDS = frozenset(
    "a an and any are as at be by for from in is it of on or our the this to we with your you all "
    "please send copy copies latest current details".split()
)


def _words(text: str) -> list[str]:
    """The telling words of a request ("your carers' strategy" -> carers, strategy)."""
    import re

    words = [w for w in re.findall(r"\w+", text.lower()) if w not in STOP_WORDS and len(w) > 1]
    return list(dict.fromkeys(words))[:12]
