"""Interviews: the session list and a day timetable (rooms across, time down).

Double bookings (a person, assessor or room in two overlapping sessions) are
highlighted in both views; the session dialog explains them before saving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page, day_label
from readiness_app.ui.widgets import SearchBox, combo, make_table, selected_ids, set_combo, wrapped

(
    ID,
    DATE,
    START,
    END,
    ROOM,
    TITLE,
    KIND,
    STATUS,
    PEOPLE,
    ASSESSORS,
    QS,
    CONFLICT,
    DATE_KEY,
    QS_SET,
    CONFLICTED,
    CANCELLED,
) = range(16)
CONFLICT_COLOUR = RAG_COLOURS["red"]
SLOT_MINUTES = 15


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class InterviewsPage(Page):
    key = "interviews"
    title = "Interviews"
    tables = frozenset(
        {"session", "session_qs", "session_person", "session_assessor", "session_evidence"}
        | {"room", "person", "assessor", "visit_day"}
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current

        super().__init__(ctx, parent)
        self.sessions: list[dict] = []
        self.conflict_text: dict[int, list[str]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        bar = QHBoxLayout()
        self.view_choice = combo([("list", "List"), ("timetable", "Day timetable")], "View")
        self.view_choice.currentIndexChanged.connect(self._switch_view)
        bar.addWidget(self.view_choice)
        self.day = combo([], "Day", blank="All days")
        self.day.currentIndexChanged.connect(self._apply)
        bar.addWidget(self.day)
        self.search = SearchBox("Search sessions (title, room, people)")
        self.search.textChanged.connect(self._apply)
        bar.addWidget(self.search, 2)
        self.qs_filter = combo([(q.id, q.label) for q in current().statements], "Filter by QS", blank="Any QS")
        self.qs_filter.currentIndexChanged.connect(self._apply)
        bar.addWidget(self.qs_filter, 1)
        self.conflicts_only = QCheckBox("Double bookings only")
        self.conflicts_only.setAccessibleName("Show double-booked sessions only")
        self.conflicts_only.toggled.connect(self._apply)
        bar.addWidget(self.conflicts_only)
        layout.addLayout(bar)

        buttons = QHBoxLayout()
        for text, slot, name in (
            ("&New session", self.new_item, "Create a session"),
            ("&Edit session", self.edit_selected, "Edit the selected session"),
            ("&Delete session", self.delete_selected, "Delete the selected session"),
            ("De&brief", self.debrief_selected, "Write a learning log entry for the selected session"),
        ):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.debrief_button = b
        b.setToolTip("Open the learning log with a new entry for this session (date and QS filled in)")
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setAccessibleName("Sessions and double bookings")
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)

        self.model = RowsModel(
            [
                Column("Date", DATE, width=125),  # room for "Wed 16 Dec 2026"
                Column("Start", START, width=50),
                Column("End", END, width=50),
                Column("Room", ROOM, width=190),
                Column("Title", TITLE, width=260),
                Column("Kind", KIND, width=110),
                Column("Status", STATUS, width=75),
                Column("People", PEOPLE, width=200),
                Column("Assessors", ASSESSORS, width=160),
                Column("QS", QS, width=90),
                Column("Double booking", CONFLICT, width=300),
            ],
            search_fields=[TITLE, ROOM, PEOPLE, ASSESSORS, QS, KIND],
            background=lambda r: CONFLICT_COLOUR if r[CONFLICTED] else ("#eeeeee" if r[CANCELLED] else None),
        )
        self.table = make_table(self.model, "sessions_table")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.timetable = QTableWidget()
        self.timetable.setObjectName("timetable")
        self.timetable.setAccessibleName("Day timetable: rooms across, time down")
        self.timetable.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timetable.setWordWrap(True)
        self.timetable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.timetable.verticalHeader().setDefaultSectionSize(22)
        self.timetable.cellDoubleClicked.connect(self._timetable_open)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.timetable)
        layout.addWidget(self.stack, 1)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import assessment, sessions
        from readiness_app.register.conflicts import find_conflicts
        from readiness_app.register.vocabulary import SESSION_KIND, SESSION_STATUS

        reg = self.ctx.read
        self.sessions = sessions.list_sessions(reg)
        self.by_id = {s["id"]: s for s in self.sessions}
        self.conflict_text = {}
        conflicts = find_conflicts(reg)
        for c in conflicts:  # the other session named by its time and title, as the timetable shows it
            kind = c.kind.capitalize()
            self.conflict_text.setdefault(c.first, []).append(
                f"{kind} {c.who} also in {c.second_time} {c.second_title}"
            )
            self.conflict_text.setdefault(c.second, []).append(f"{kind} {c.who} also in {c.first_time} {c.first_title}")
        rows = []
        for s in self.sessions:
            rows.append(
                (
                    s["id"],
                    day_label(s["date"]),
                    s["start"],
                    s["end"],
                    s["room"] or "",
                    s["title"],
                    SESSION_KIND.get(s["kind"], s["kind"]),
                    SESSION_STATUS.get(s["status"], s["status"]),
                    ", ".join(p["name"] for p in s["people"]),
                    ", ".join(a["name"] for a in s["assessors"]),
                    " ".join(s["qs"]),
                    "; ".join(self.conflict_text.get(s["id"], [])),
                    s["date"],
                    frozenset(s["qs"]),
                    s["id"] in self.conflict_text,
                    s["status"] == "cancelled",
                )
            )
        self.model.set_rows(rows)
        days = sorted({s["date"] for s in self.sessions} | {d["date"] for d in assessment.visit_days(reg)})
        current = self.day.currentData()
        self.day.blockSignals(True)
        self.day.clear()
        self.day.addItem("All days", None)
        for d in days:
            self.day.addItem(day_label(d), d)
        set_combo(self.day, current)
        self.day.blockSignals(False)
        self.summary.setText(
            f"{sum(1 for s in self.sessions if s['status'] != 'cancelled')} sessions; "
            f"{len(conflicts)} double booking{'s' if len(conflicts) != 1 else ''}"
        )
        self.summary.setStyleSheet(f"color: {WARNING_TEXT}; font-weight: 600;" if conflicts else "")
        self._apply()

    def _apply(self) -> None:
        self.model.set_search(self.search.text())
        day, qs, only = self.day.currentData(), self.qs_filter.currentData(), self.conflicts_only.isChecked()
        self.model.set_predicate(
            lambda r: (
                (day is None or r[DATE_KEY] == day) and (qs is None or qs in r[QS_SET]) and (not only or r[CONFLICTED])
            )
        )
        self._fill_timetable()

    def _switch_view(self) -> None:
        timetable = self.view_choice.currentData() == "timetable"
        if timetable and self.day.currentData() is None and self.day.count() > 1:
            # a timetable is per day: pick the first day with sessions
            self.day.setCurrentIndex(1)
        self.stack.setCurrentWidget(self.timetable if timetable else self.table)
        self._fill_timetable()

    def _fill_timetable(self) -> None:
        day = self.day.currentData()
        table = self.timetable
        table.clearSpans()
        table.clear()
        shown = {r[ID] for r in self.model.shown_rows}
        todays = [s for s in self.sessions if s["date"] == day and s["status"] != "cancelled" and s["id"] in shown]
        if day is None or not todays:
            table.setRowCount(0)
            table.setColumnCount(1)
            table.setHorizontalHeaderLabels(
                ["Choose a day with sessions"] if day is None else ["No sessions on this day"]
            )
            return
        rooms = sorted({s["room"] or "(no room)" for s in todays}, key=lambda r: (r == "(no room)", r))
        first = min(_minutes(s["start"]) for s in todays) // 60 * 60
        last = -(-max(_minutes(s["end"]) for s in todays) // 60) * 60
        slots = (last - first) // SLOT_MINUTES
        table.setColumnCount(len(rooms))
        table.setRowCount(slots)
        table.setHorizontalHeaderLabels(wrapped(rooms))
        for col, room in enumerate(rooms):
            table.horizontalHeaderItem(col).setToolTip(room)
        table.setVerticalHeaderLabels(
            [f"{(first + n * SLOT_MINUTES) // 60:02d}:{(first + n * SLOT_MINUTES) % 60:02d}" for n in range(slots)]
        )
        taken: dict[tuple[int, int], QTableWidgetItem] = {}
        for s in todays:
            col = rooms.index(s["room"] or "(no room)")
            top = (_minutes(s["start"]) - first) // SLOT_MINUTES
            span = max(1, -(-(_minutes(s["end"]) - _minutes(s["start"])) // SLOT_MINUTES))
            clash = s["id"] in self.conflict_text
            text = f"{s['start']}-{s['end']} {s['title']}"
            if clash:
                text = "⚠ " + text
            existing = next((taken[(r, col)] for r in range(top, top + span) if (r, col) in taken), None)
            if existing is not None:  # overlapping sessions in one room: show both in one cell
                existing.setText(existing.text() + "\n" + text)
                existing.setBackground(QBrush(QColor(CONFLICT_COLOUR)))
                continue
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, s["id"])
            item.setToolTip(
                text
                + "\n"
                + "\n".join(self.conflict_text.get(s["id"], []))
                + "\nPeople: "
                + ", ".join(p["name"] for p in s["people"])
            )
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            item.setBackground(QBrush(QColor(CONFLICT_COLOUR if clash else "#dbe8f5")))
            table.setItem(top, col, item)
            for r in range(top, top + span):
                taken[(r, col)] = item
            if span > 1:
                table.setSpan(top, col, span, 1)

    def _timetable_open(self, row: int, column: int) -> None:
        item = self.timetable.item(row, column)
        if item is not None and item.data(Qt.ItemDataRole.UserRole):
            self.edit(item.data(Qt.ItemDataRole.UserRole))

    def apply_filters(self, **filters: Any) -> None:
        self.search.clear()
        for box, name in ((self.day, "day"), (self.qs_filter, "qs")):
            box.blockSignals(True)
            set_combo(box, filters.get(name))
            box.blockSignals(False)
        self.conflicts_only.blockSignals(True)
        self.conflicts_only.setChecked(bool(filters.get("conflicts")))
        self.conflicts_only.blockSignals(False)
        self._apply()
        if filters.get("session"):
            session_id = int(filters["session"])
            row = self.model.row_of_id(session_id)
            if row >= 0:
                self.table.selectRow(row)
            self.edit(session_id)

    # ------------------------------------------------------------ actions

    def _selected(self) -> int | None:
        if self.stack.currentWidget() is self.timetable:
            item = self.timetable.currentItem()
            return item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        ids = selected_ids(self.table)
        return ids[0] if ids else None

    def new_item(self) -> None:
        from readiness_app.ui.dialogs.session_dialog import SessionDialog

        self.dialog = SessionDialog(self.ctx, day=self.day.currentData())
        self.dialog.open()

    def edit(self, session_id: int) -> None:
        from readiness_app.register import sessions
        from readiness_app.ui.dialogs.session_dialog import SessionDialog

        self.dialog = SessionDialog(self.ctx, sessions.get(self.ctx.read, session_id))
        self.dialog.open()

    def edit_selected(self) -> None:
        session_id = self._selected()
        if session_id is not None:
            self.edit(session_id)

    def debrief_selected(self) -> None:
        """One click from the timetable to the learning log, pre-filled for the selected session."""
        session_id = self._selected()
        if session_id is None:
            self.ctx.notice.emit("Choose a session first, then Debrief")
            return
        self.ctx.navigate("learning", session=session_id)

    def delete_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from readiness_app.register import sessions

        session_id = self._selected()
        if session_id is None:
            return
        title = self.by_id[session_id]["title"]
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Delete session",
            f"Delete the session '{title}'?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setAccessibleName("Confirm delete")

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.ctx.write(
                    lambda reg: sessions.delete(reg, session_id),
                    "deleting the session",
                    undo="Delete session",
                    on_done=lambda _r: self.ctx.notice.emit(f"Deleted session '{title}'"),
                )

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()

    def find(self) -> None:
        self.search.setFocus()


PAGE = InterviewsPage
