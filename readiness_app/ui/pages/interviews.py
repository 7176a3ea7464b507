"""Interviews: the session list and a day timetable (rooms across, time down).

Double bookings (a person, assessor or room in two overlapping sessions) are
highlighted in both views; the session dialog explains them before saving.
The timetable is a calendar (see `timetable.py`): sessions are dragged or
moved with Ctrl+arrows, each move checked for double bookings and asked about
before it is kept, and an empty slot double-clicked becomes a new session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
)

from readiness_app.operations import sessions as session_operations
from readiness_app.register import assessment, cases, people, sessions
from readiness_app.register.conflicts import find_conflicts
from readiness_app.register.reads import tables_read
from readiness_app.ui.colours import RAG_COLOURS, WARNING_TEXT
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page, day_label
from readiness_app.ui.pages.timetable import TimetableGrid, hhmm, minutes
from readiness_app.ui.plain_text import plain_label
from readiness_app.ui.widgets import SearchBox, combo, make_table, selected_ids, set_combo
from readiness_app.ui.wording import counted, shown_count

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session


class SessionRow(NamedTuple):
    """One line of the timetable: display text, then the keys the filters use; `id` is the session id."""

    id: int
    date: str
    start: str
    end: str
    room: str
    title: str
    kind: str
    status: str
    people: str
    assessors: str
    qs: str
    conflict: str
    date_key: str
    qs_set: frozenset[str]
    conflicted: bool
    cancelled: bool


col = SessionRow._fields.index  # the column number of a field, for `Column`
CONFLICT_COLOUR = RAG_COLOURS["red"]


MOVED = ("date", "start", "end", "room_id")  # what a drag on the timetable changes


class InterviewsPage(Page):
    key = "interviews"
    title = "Interviews"
    # What its queries read (declared beside their SQL): the case table too, for "case ... is withdrawn".
    tables = tables_read(
        sessions.list_sessions, find_conflicts, cases.sessions_on_withdrawn, assessment.visit_days, people.list_rooms
    )

    def __init__(self, ctx, parent=None):
        from readiness_app.framework import current

        super().__init__(ctx, parent)
        self.sessions: list[Session] = []
        self.conflict_text: dict[int, list[str]] = {}
        self._accepted_clashes: dict[int, set[str]] = {}
        self._held = self._conflicts = 0  # session id -> double bookings the lead accepted
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        bar = QHBoxLayout()
        view_label = QLabel("View")
        self.view_choice = combo([("list", "List"), ("timetable", "Day timetable")], "View")
        view_label.setBuddy(self.view_choice)  # its items alone ("List") do not say what they choose
        self.view_choice.currentIndexChanged.connect(self._switch_view)
        bar.addWidget(view_label)
        bar.addWidget(self.view_choice)
        self.day = combo([], "Day", blank="All days")
        self.day.currentIndexChanged.connect(self._apply)
        bar.addWidget(self.day)
        self.search = SearchBox("Search title, room, people")
        self.search.textChanged.connect(self._apply)
        bar.addWidget(self.search, 2)
        self.qs_filter = combo([(q.id, q.label) for q in current().statements], "Filter by QS", blank="Any QS")
        self.qs_filter.currentIndexChanged.connect(self._apply)
        bar.addWidget(self.qs_filter, 1)
        self.conflicts_only = QCheckBox("Double bookings only")
        self.conflicts_only.setAccessibleDescription("Show double-booked sessions only")
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
            b.setAccessibleDescription(name)  # its name is the words on it (WCAG 2.5.3)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        self.debrief_button = b
        b.setToolTip("Open the learning log with a new entry for this session (date and QS filled in)")
        buttons.addStretch(1)
        self.summary = QLabel()
        self.summary.setAccessibleDescription("Sessions and double bookings")
        buttons.addWidget(self.summary)
        layout.addLayout(buttons)

        self.model: RowsModel[SessionRow] = RowsModel(
            [
                Column("Date", col("date"), width=125),  # room for "Wed 16 Dec 2026"
                Column("Start", col("start"), width=50),
                Column("End", col("end"), width=50),
                Column("Room", col("room"), width=190),
                Column("Title", col("title"), width=260),
                # beside the title, so the words are in sight at 1366 px, not only the row's red
                Column("Double booking", col("conflict"), width=300),
                Column("Kind", col("kind"), width=110),
                Column("Status", col("status"), width=75),
                Column("People", col("people"), width=200),
                Column("Assessors", col("assessors"), width=160),
                Column("QS", col("qs"), width=90),
            ],
            search_fields=[col(f) for f in ("title", "room", "people", "assessors", "qs", "kind")],
            background=lambda r: CONFLICT_COLOUR if r.conflicted else ("#eeeeee" if r.cancelled else None),
        )
        self.table = make_table(self.model, "sessions_table")
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.timetable = TimetableGrid()
        self.timetable.open_requested.connect(self.edit)
        self.timetable.create_requested.connect(self.new_at)
        self.timetable.move_requested.connect(self.move_session)
        self.timetable.hint.connect(lambda text: self.ctx.notice.emit(text) if text else None)
        self._select_after: int | None = None  # the session to keep selected once the page has reloaded

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.timetable)
        layout.addWidget(self.stack, 1)

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import assessment, cases, sessions
        from readiness_app.register.conflicts import find_conflicts
        from readiness_app.register.vocabulary import SESSION_KIND, SESSION_STATUS

        reg = self.ctx.read
        self.sessions = sessions.list_sessions(reg)
        self.by_id = {s["id"]: s for s in self.sessions}
        self.conflict_text = {}
        conflicts = find_conflicts(reg)
        for c in conflicts:  # one block per resource: each of its sessions names a few of the others
            for sid in c.session_ids:
                self.conflict_text.setdefault(sid, []).append(c.others(sid))
        for w in cases.sessions_on_withdrawn(reg):  # a withdrawn case's session must be re-linked or cancelled
            self.conflict_text.setdefault(w["id"], []).append(f"case {w['code']} is withdrawn")
        rows = []
        for s in self.sessions:
            rows.append(
                SessionRow(
                    s["id"],
                    day_label(s["date"]),
                    s["start"],
                    s["end"],
                    s["room"] or "",
                    ("⚠ " if s["id"] in self.conflict_text else "") + s["title"],  # marked by more than colour
                    SESSION_KIND.get(s["kind"], s["kind"]),
                    SESSION_STATUS.get(s["status"], s["status"]),
                    ", ".join(p["name"] for p in s["people"]),
                    ", ".join(a["name"] for a in s["assessors"]),
                    " ".join(s["qs"]),
                    ("⚠ " if s["id"] in self.conflict_text else "") + "; ".join(self.conflict_text.get(s["id"], [])),
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
        self._held = sum(1 for s in self.sessions if s["status"] != "cancelled")
        self._conflicts = len(conflicts)
        self.summary.setStyleSheet(f"color: {WARNING_TEXT}; font-weight: 600;" if conflicts else "")
        self._apply()

    def _show_summary(self) -> None:
        """The counts, and how many rows the filters leave shown (so the count follows the filter)."""
        if not self.sessions:
            self.summary.setText("No sessions yet: New session, or File > Import from a spreadsheet")
            return
        shown, total = self.model.rowCount(), self.model.total
        sessions = shown_count(shown, total, "session") if shown != total else counted(self._held, "session")
        self.summary.setText(f"{sessions}; {counted(self._conflicts, 'double booking')}")

    def _apply(self) -> None:
        self.model.set_search(self.search.text())
        day, qs, only = self.day.currentData(), self.qs_filter.currentData(), self.conflicts_only.isChecked()
        self.model.set_predicate(
            lambda r: (
                (day is None or r.date_key == day) and (qs is None or qs in r.qs_set) and (not only or r.conflicted)
            )
        )
        self._show_summary()
        self._fill_timetable()

    def _switch_view(self) -> None:
        timetable = self.view_choice.currentData() == "timetable"
        if timetable and self.day.currentData() is None and self.day.count() > 1:
            # a timetable is per day: pick the first day with sessions
            self.day.setCurrentIndex(1)
        self.stack.setCurrentWidget(self.timetable if timetable else self.table)
        self._fill_timetable()

    def _fill_timetable(self) -> None:
        from readiness_app.register import people

        day = self.day.currentData()
        shown = {r.id for r in self.model.shown_rows}
        todays = [s for s in self.sessions if s["date"] == day and s["status"] != "cancelled" and s["id"] in shown]
        self.timetable.show_day(day, todays, people.list_rooms(self.ctx.read), self.conflict_text)
        if self._select_after is not None and self.timetable.select_session(self._select_after):
            self._select_after = None

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
            return self.timetable.selected_session()
        ids = selected_ids(self.table)
        return ids[0] if ids else None

    def new_item(self) -> None:
        """New session (Ctrl+N): in the timetable's selected empty slot, if there is one, with its room and time."""
        from readiness_app.ui.dialogs.session_dialog import SessionDialog

        slot = self.timetable.selected_slot() if self.stack.currentWidget() is self.timetable else None
        if slot is not None:
            self.new_at(*slot)
            return
        self.dialog = SessionDialog(self.ctx, day=self.day.currentData())
        self.dialog.open()

    def new_at(self, start: int, room_id: int | None) -> None:
        """A new session in an empty timetable slot: that day, time and room filled in."""
        from readiness_app.ui.dialogs.session_dialog import SessionDialog

        self.dialog = SessionDialog(self.ctx, day=self.timetable.day, start=hhmm(start), room_id=room_id)
        self.dialog.open()

    def move_session(self, session_id: int, start: int, room_id: int | None) -> None:
        """A drag or Ctrl+arrow on the timetable: explain any double booking and ask before keeping it."""
        from PySide6.QtWidgets import QMessageBox

        from readiness_app.register.conflicts import check_proposed

        session = self.by_id[session_id]
        length = minutes(session["end"]) - minutes(session["start"])
        values = {"start": hhmm(start), "end": hhmm(start + length), "room_id": room_id}
        if start < 0 or start + length > 24 * 60:
            self.ctx.notice.emit("A session cannot move past midnight")
            return
        clashes = check_proposed(
            self.ctx.read,
            date=session["date"],
            people=[p["id"] for p in session["people"]],
            assessors=[a["id"] for a in session["assessors"]],
            session_id=session_id,
            start=hhmm(start),
            end=hhmm(start + length),
            room_id=room_id,
        )
        room = next((name for rid, name in self.timetable.rooms if rid == room_id), "no room")
        where = f"{values['start']}-{values['end']} in {room}"
        accepted = self._accepted_clashes.get(session_id, set())
        if not clashes or set(clashes) <= accepted:
            # the double booking the lead already accepted for this session: a move through it
            # (Ctrl+arrow, a slot at a time) asks once, not at every step
            self._move(session_id, values, where)
            return
        self._accepted_clashes = {}
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Double booking",
            f"Moving '{session['title']}' to {where} would double-book:\n"
            + "\n".join(f"• {c}" for c in clashes)
            + "\n\nMove it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        plain_label(box)  # it quotes session titles
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAccessibleName("Confirm a move that double-books")

        def answered(button: Any) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._accepted_clashes = {session_id: accepted | set(clashes)}
                self._move(session_id, values, where)
            else:
                self.ctx.notice.emit("Not moved: the session stays where it was")

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()

    def _move(self, session_id: int, values: dict[str, Any], where: str, loaded: dict[str, Any] | None = None) -> None:
        """Write the move: only the fields it changes, only if nobody moved the session since it was shown."""
        from readiness_app.register.changed_since import ChangedWhileOpen, same

        session = cast(dict[str, Any], self.by_id[session_id])
        title = session["title"]
        shown = loaded if loaded is not None else {k: session[k] for k in MOVED}
        changes = {k: v for k, v in values.items() if not same(shown.get(k), v)}
        self._select_after = session_id

        def failed(error: BaseException) -> None:
            if isinstance(error, ChangedWhileOpen):
                self._moved_meanwhile(session_id, error, values, where)
            else:
                self.ctx.show_error(error, "Moving the session")

        self.ctx.run(
            session_operations.move(session_id, shown=shown, **changes),
            on_done=lambda _r: self.ctx.notice.emit(f"Moved '{title}' to {where}"),
            on_error=failed,
        )

    def _moved_meanwhile(self, session_id: int, error: Any, values: dict[str, Any], where: str) -> None:
        """Another program moved (or deleted) the session since the timetable showed it: keep theirs or mine."""
        from readiness_app.ui.changed_outside import KeepWhichDialog

        if error.theirs is None:
            self.ctx.notice.emit("Someone deleted this session since; not moved")
            self.ctx.data_changed.emit()
            return
        rooms = dict(self.timetable.rooms)
        labels = {"date": "Date", "start": "Start", "end": "End", "room_id": "Room"}

        def shown(key: str, value: Any) -> str:
            return (rooms.get(value) or "no room") if key == "room_id" else str(value or "")

        box = KeepWhichDialog(self, error, values, labels, shown)
        self.keep_which = box

        def chosen(choice: dict[str, str]) -> None:
            mine = {k: v for k, v in values.items() if k not in error.clashes or choice.get(k) == "mine"}
            if all(choice.get(k) == "theirs" for k in error.clashes):
                self.ctx.notice.emit("Not moved: the session keeps the other program's change")
                self.ctx.data_changed.emit()
                return
            self._move(session_id, mine, where, loaded=error.theirs)

        box.chosen.connect(chosen)
        box.open()

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
        plain_label(box)  # it quotes the session title
        box.setAccessibleName("Confirm delete")

        def answered(button) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self.ctx.run(
                    session_operations.remove(session_id),
                    on_done=lambda _r: self.ctx.notice.emit(f"Deleted session '{title}'"),
                )

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()

    def focus_search(self) -> None:
        self.search.setFocus()


PAGE = InterviewsPage
