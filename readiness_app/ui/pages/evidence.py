"""Evidence: the library and the inbox (triage), with search as you type.

Rows are loaded on the reader thread and shown through `RowsModel`, so the
page stays quick with tens of thousands of items. Triage changes run on the
writer thread in one transaction per action (one item or a bulk selection).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.evidence.names import os_name, shown
from readiness_app.operations import evidence as evidence_operations
from readiness_app.register import evidence
from readiness_app.register.reads import tables_read
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import palette_is_dark
from readiness_app.ui.colours import adapt
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.opening import open_path
from readiness_app.ui.pages import Page
from readiness_app.ui.pages.evidence_details import PRESENCE_COLOURS, EvidenceDetails, colour_key_html
from readiness_app.ui.widgets import (
    CheckList,
    SearchBox,
    WrappingRow,
    combo,
    field_error_label,
    make_table,
    scrolling,
    selected_ids,
    set_combo,
)
from readiness_app.ui.wording import counted, shown_count


class ItemRow(NamedTuple):
    """One line of the evidence table: display text, then the keys the filters use; `id` is the item id."""

    id: int
    ref: str
    title: str
    qs: str
    category: str
    status: str
    presence: str
    date: str
    path: str
    owner: str
    status_key: str
    presence_key: str
    category_key: str | None
    qs_set: frozenset[str]


col = ItemRow._fields.index  # the column number of a field, for `Column`


def load_rows(reg, ids=None) -> list[ItemRow]:
    """Every evidence item (or those `ids`) as a table row (on the reader thread, or a few on the GUI)."""
    from readiness_app.framework import current
    from readiness_app.register import evidence
    from readiness_app.register.vocabulary import EVIDENCE_STATUS, PRESENCE

    categories = {c.id: c.name for c in current().categories}
    status_label, presence_label = EVIDENCE_STATUS.get, PRESENCE.get
    empty: frozenset[str] = frozenset()
    return [
        ItemRow(
            item_id,
            reference or "",
            title,
            qs or "",
            categories.get(category, ""),
            status_label(status, status),
            presence_label(presence, presence),
            document_date or "",
            rel_path,
            owner,
            status,
            presence,
            category,
            frozenset(qs.split()) if qs else empty,
        )
        for item_id, reference, title, qs, category, status, presence, document_date, rel_path, owner in (
            evidence.table_rows(reg, ids)
        )
    ]


def _in_inbox(row: ItemRow | None) -> bool:
    return row is not None and row.status_key == "inbox" and row.presence_key != "missing"


# A change to at most this many items updates those rows in place (read on the GUI thread, ~1 ms).
ROW_UPDATE_LIMIT = 500


class EvidencePage(Page):
    key = "evidence"
    title = "Evidence"
    tables = tables_read(evidence.table_rows)

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current
        from readiness_app.register import vocabulary

        super().__init__(ctx, parent)
        fw = current()
        self.loading = False
        self.loaded_once = False
        self.inbox_count = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)

        bar = WrappingRow()  # the filters wrap onto a second line at 150-200 % rather than clip
        self.search = SearchBox("Search evidence")
        self.search.textChanged.connect(self._on_search)
        bar.addWidget(self.search)
        self.qs_filter = combo([(q.id, q.label) for q in fw.statements], "Filter by quality statement", blank="Any QS")
        self.category_filter = combo(
            [(c.id, c.name) for c in fw.categories], "Filter by category", blank="Any category"
        )
        self.category_filter.addItem("No category yet", "")
        self.status_filter = combo(vocabulary.EVIDENCE_STATUS.items(), "Filter by status", blank="Any status")
        self.presence_filter = combo(vocabulary.PRESENCE.items(), "Filter by presence", blank="Any presence")
        for box in (self.qs_filter, self.category_filter, self.status_filter, self.presence_filter):
            box.currentIndexChanged.connect(self._apply_filters)
            bar.addWidget(box)
        self.inbox_button = QPushButton("Inbox")
        self.inbox_button.setAccessibleDescription("Show the inbox")
        self.inbox_button.setToolTip("New files waiting to be sorted")
        self.inbox_button.clicked.connect(lambda: self.apply_filters(status="inbox"))
        bar.addWidget(self.inbox_button)
        clear = QPushButton("Show all")
        clear.setAccessibleDescription("Clear the filters")
        clear.clicked.connect(self.clear_filters)
        bar.addWidget(clear)
        layout.addLayout(bar)

        self.count_label = QLabel()
        self.count_label.setAccessibleDescription("How many items are shown")
        layout.addWidget(self.count_label)

        self.model: RowsModel[ItemRow] = RowsModel(
            [
                # status early: on a narrow screen the columns at the right are the ones scrolled off
                Column("Ref", col("ref"), width=80),
                Column("Title", col("title"), width=230),
                Column("Status", col("status"), width=125),  # "Submitted to CQC" whole
                Column("QS", col("qs"), width=70),
                Column("Category", col("category"), width=150),
                Column("Presence", col("presence"), width=80),
                Column("Date", col("date"), width=115, date=True),
                Column("Owner", col("owner"), width=120),
                Column("File", col("path"), width=300),
            ],
            search_fields=[col(f) for f in ("ref", "title", "qs", "category", "path", "owner")],
            background=lambda row: PRESENCE_COLOURS.get(row.presence_key),
        )
        self.table = make_table(self.model, "evidence_table", multi=True)
        self.table.doubleClicked.connect(lambda _i: self.open_files())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())

        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table, 1)
        self.colour_key = QLabel(colour_key_html(palette_is_dark()))
        self.colour_key.setWordWrap(True)
        self.colour_key.setAccessibleDescription("What the row colours mean")
        column.addWidget(self.colour_key)
        panel = QWidget()
        side = QVBoxLayout(panel)
        side.setContentsMargins(0, 0, 0, 0)
        self.details = EvidenceDetails(ctx)
        self.details.hide()
        side.addWidget(self.details)
        side.addWidget(self._triage_panel(), 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(listing)
        splitter.addWidget(scrolling(panel, "evidence_panel_scroll"))
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([860, 330])
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------ triage panel

    def _triage_panel(self) -> QWidget:
        from readiness_app.framework import current

        fw = current()
        box = QGroupBox("Sort the selected items")
        box.setMinimumWidth(280)
        layout = QVBoxLayout(box)
        self.selection_label = QLabel("Nothing selected")
        self.selection_label.setWordWrap(True)
        layout.addWidget(self.selection_label)
        layout.addWidget(QLabel("Quality statements"))
        self.qs_picker = CheckList([(q.id, q.label) for q in fw.statements], "Quality statements for the selection")
        layout.addWidget(self.qs_picker, 1)
        category_label = QLabel("Category")
        layout.addWidget(category_label)
        self.category = combo([(c.id, c.name) for c in fw.categories], "Category for the selection", blank="(choose)")
        category_label.setBuddy(self.category)  # a screen reader names the box by its label, not its value
        layout.addWidget(self.category)
        self.triage_error = field_error_label()
        layout.addWidget(self.triage_error)
        row = QHBoxLayout()
        self.accept_button = QPushButton("&Accept")
        self.accept_button.setAccessibleDescription("Accept the selected items with these tags")
        self.accept_button.clicked.connect(lambda: self.triage("accepted"))
        self.save_tags_button = QPushButton("Save &tags")
        self.save_tags_button.setAccessibleDescription("Save the tags without changing the status")
        self.save_tags_button.clicked.connect(lambda: self.triage(None))
        self.withdraw_button = QPushButton("&Withdraw")
        self.withdraw_button.setAccessibleDescription("Withdraw the selected items")
        self.withdraw_button.clicked.connect(lambda: self.triage("withdrawn"))
        for b in (self.accept_button, self.save_tags_button, self.withdraw_button):
            row.addWidget(b)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.open_button = QPushButton("&Open file")
        self.open_button.setAccessibleDescription("Open the selected file in its own program")
        self.open_button.clicked.connect(self.open_files)
        self.folder_button = QPushButton("Show in &folder")
        self.folder_button.setAccessibleDescription("Show the selected file in its folder")
        self.folder_button.clicked.connect(self.show_in_folder)
        row.addWidget(self.open_button)
        row.addWidget(self.folder_button)
        layout.addLayout(row)
        hint = QLabel("Tip: drop files anywhere on this window to copy them into the evidence folder's inbox.")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {adapt('#555', palette_is_dark())};")
        layout.addWidget(hint)
        self._on_selection()
        return box

    def _on_selection(self) -> None:
        ids = selected_ids(self.table)
        self.triage_error.hide()
        for b in (
            self.accept_button,
            self.save_tags_button,
            self.withdraw_button,
            self.open_button,
            self.folder_button,
        ):
            b.setEnabled(bool(ids))
        self.details.show_item(ids[0] if len(ids) == 1 else None)
        if not ids:
            self.selection_label.setText("Select one or more items to tag, accept or withdraw them.")
            return
        rows = [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]
        if len(rows) == 1:
            row = rows[0]
            title, name = html.escape(row.title), html.escape(shown(row.path))  # whoever saved it chose the name
            self.selection_label.setText(f"<b>{title}</b><br>{name}<br>{row.status}, {row.presence}")
            self.qs_picker.set_checked(row.qs_set)
            set_combo(self.category, row.category_key)
        else:
            self.selection_label.setText(f"{len(rows)} items selected: tags you set here apply to all of them.")
            common = frozenset.intersection(*[r.qs_set for r in rows])
            self.qs_picker.set_checked(common)
            cats = {r.category_key for r in rows}
            set_combo(self.category, cats.pop() if len(cats) == 1 else None)

    def triage(self, status: str | None) -> None:
        """Apply the picked QS and category (and a new status) to every selected item, in one transaction."""
        ids = selected_ids(self.table)
        if not ids:
            return
        qs = self.qs_picker.checked()
        category = self.category.currentData()
        if status == "accepted" and (not qs or not category):
            missing = "a quality statement" if not qs else "a category"
            self.triage_error.setText(f"Choose {missing} before accepting.")
            self.triage_error.show()
            return
        self.triage_error.hide()

        if status == "accepted":
            operation = evidence_operations.accept(ids, qs=qs, category=category)
        else:
            operation = evidence_operations.tag(ids, qs, category, withdraw=status == "withdrawn")
        verb = {"accepted": "accepted", "withdrawn": "withdrew", None: "tagged"}[status]

        def done(result: evidence_operations.Sorted) -> None:
            n, offers = result
            self.ctx.notice.emit(f"{verb.capitalize()} {n} item{'s' if n != 1 else ''}")
            if offers:
                self.offer_gaps(offers)

        self.ctx.run(operation, on_done=done)

    def offer_gaps(self, offers: list[evidence_operations.GapOffer]) -> None:
        """Accepted evidence may fill 'no evidence' gaps: ask (without blocking) whether to close them."""
        from PySide6.QtWidgets import QMessageBox

        unique = {gap["id"]: (item_id, gap) for item_id, gap in offers}
        lines = "\n".join(f"• {gap['qs']}: {gap['description']}" for _i, gap in unique.values())
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Close gaps?",
            f"The accepted evidence may fill {counted(len(unique), 'open gap')}:\n{lines}\n\nClose them now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAccessibleName("Close the gaps this evidence fills")

        def answered(button) -> None:
            if box.standardButton(button) != QMessageBox.StandardButton.Yes:
                return

            self.ctx.run(
                evidence_operations.close_gaps(offers),
                on_done=lambda closed: self.ctx.notice.emit(f"Closed {counted(len(closed), 'gap')}"),
            )

        box.buttonClicked.connect(answered)
        self.gap_offer = box
        box.open()

    def _paths(self) -> list[Path]:
        folder = self.ctx.evidence_folder()
        if folder is None:
            feedback.show_error(self, ReadinessError("this register has no evidence folder set"))
            return []
        rows = [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]
        return [folder / os_name(row.path) for row in rows]  # a name stored with \xNN bytes opens as itself

    def open_files(self) -> None:
        for path in self._paths()[:10]:  # never open hundreds of windows by accident
            if not path.exists():
                feedback.show_error(self, ReadinessError(f"{path.name} is not in the evidence folder any more"))
                continue
            open_path(self, path, path.name)

    def show_in_folder(self) -> None:
        paths = self._paths()
        if paths:
            open_path(self, paths[0].parent, "the folder")

    # ------------------------------------------------------------ loading and filtering

    def refresh(self) -> None:
        if self.loading:
            self.stale = True  # one more load once this one is back
            return
        self.loading = True
        self.count_label.setText(self.count_label.text() or "Loading...")
        model = self.model

        def load(reg) -> tuple[list[ItemRow], list[str]]:
            rows = load_rows(reg)
            return rows, model.search_text(rows)  # both off the GUI thread

        self.ctx.read_later(load, self._loaded, "loading evidence")

    def show_changes(self, changes) -> None:
        """A few items changed (an Accept, a tag): fetch and redraw just those rows; else reload all."""
        ids = changes.ids("evidence") | changes.ids("evidence_qs")
        if changes.everything or self.loading or not self.loaded_once or len(ids) > ROW_UPDATE_LIMIT:
            self.refresh()
            return
        keep = selected_ids(self.table)
        shown = self.model.rowCount()
        before = [self.model.row_by_id(i) for i in ids]
        rows = load_rows(self.ctx.read, ids)
        self.model.update_rows(set(ids), rows)
        if self.model.rowCount() != shown or selected_ids(self.table) != keep:
            self._reselect(keep)
        self._count_inbox(self.inbox_count - sum(map(_in_inbox, before)) + sum(map(_in_inbox, rows)))
        self._update_count()
        if keep:
            self._on_selection()  # the side panel shows the item as it is now

    def _count_inbox(self, count: int | None = None) -> None:
        if count is None:
            count = sum(map(_in_inbox, self.model.base_rows))
        self.inbox_count = count
        self.inbox_button.setText(f"Inbox ({count})")

    def _loaded(self, loaded: tuple[list[ItemRow], list[str]]) -> None:
        rows, search_text = loaded
        self.loading = False
        keep = selected_ids(self.table)
        self.model.set_rows(rows, search_text)
        self.loaded_once = True
        self._count_inbox()
        self._apply_filters()
        self._reselect(keep)
        if self.stale and self.isVisible():
            self.stale = False
            self.refresh()

    def _reselect(self, ids: list[Any]) -> None:
        from PySide6.QtCore import QItemSelectionModel

        selection = self.table.selectionModel()
        for item_id in ids:
            row = self.model.row_of_id(item_id)
            if row >= 0:
                selection.select(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
                )

    def _on_search(self, text: str) -> None:
        self.model.set_search(text)
        self._update_count()

    def _apply_filters(self) -> None:
        qs = self.qs_filter.currentData()
        category = self.category_filter.currentData()
        status = self.status_filter.currentData()
        presence = self.presence_filter.currentData()
        if qs is None and category is None and status is None and presence is None:
            self.model.set_predicate(None)
        else:

            def keep(row: Any) -> bool:  # an ItemRow
                return (
                    (qs is None or qs in row.qs_set)
                    and (category is None or (row.category_key or "") == category)
                    and (status is None or row.status_key == status)
                    and (presence is None or row.presence_key == presence)
                )

            self.model.set_predicate(keep)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        if total == 0:  # a new register: say where evidence comes from
            self.count_label.setText(
                "No evidence yet: files saved in the evidence folder, or dropped on this window, arrive in the inbox"
            )
            return
        self.count_label.setText(shown_count(shown, total, "item"))

    def apply_filters(self, **filters: Any) -> None:
        boxes = {
            "qs": self.qs_filter,
            "category": self.category_filter,
            "status": self.status_filter,
            "presence": self.presence_filter,
        }
        for name, box in boxes.items():
            box.blockSignals(True)
            set_combo(box, filters.get(name))
            box.blockSignals(False)
        self.search.clear()
        self._apply_filters()

    def clear_filters(self) -> None:
        self.apply_filters()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


PAGE = EvidencePage
