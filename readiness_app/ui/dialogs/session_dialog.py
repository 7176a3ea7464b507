"""Create or edit an interview session; double bookings are explained before saving.

The conflict check (`register.conflicts.check_proposed`) re-runs as the date,
time, room, people or assessors change. If there is a clash the first Save
only shows it; saving again keeps the session as it is (plans are often
mid-change), and the timetable highlights it until it is resolved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.register.validation import parse_date, parse_time, required_text, uk_date
from readiness_app.ui.accessibility import announce, palette_is_dark, set_role
from readiness_app.ui.colours import adapt
from readiness_app.ui.dates import DateField
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.widgets import CheckList, combo, set_combo

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session


class SessionDialog(EditDialog):
    noun = "session"

    def __init__(
        self,
        ctx,
        session: Session | None = None,
        *,
        day: str | None = None,
        start: str | None = None,
        room_id: int | None = None,
        parent=None,
    ):
        from readiness_app.framework import current
        from readiness_app.register import cases, people, sessions
        from readiness_app.register.vocabulary import SESSION_KIND, SESSION_PURPOSE, SESSION_STATUS

        super().__init__(ctx, "Edit session" if session else "New session", parent)
        self.session = session
        self.confirmed_conflicts: list[str] | None = None
        reg = ctx.read
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Session title")
        self.date = DateField("Date", required=True)
        self.start = QLineEdit()
        self.start.setAccessibleName("Start time")
        self.start.setPlaceholderText("hh:mm")  # a hint, not a value that looks typed in
        self.end = QLineEdit()
        self.end.setAccessibleName("End time")
        self.end.setPlaceholderText("hh:mm")
        when = QHBoxLayout()
        for label, widget in (("Date", self.date), ("from", self.start), ("to", self.end)):
            if label != "Date":
                when.addWidget(QLabel(label))
            when.addWidget(widget)
        self.room = combo([(r["id"], r["name"]) for r in people.list_rooms(reg)], "Room", blank="(no room yet)")
        self.kind = combo(SESSION_KIND.items(), "Kind of session")
        self.status = combo(SESSION_STATUS.items(), "Status")
        self.case = combo([(c["id"], c["code"]) for c in cases.list_cases(reg)], "Tracked case", blank="(none)")
        self.briefing_owner = QLineEdit()
        self.briefing_owner.setAccessibleName("Briefing owner")
        self.host = QLineEdit()
        self.host.setAccessibleName("Host: the council officer who looks after the room and the attendees")
        self.host.setPlaceholderText("the council officer hosting it (a drop-in has a host, never a list of invitees)")
        kind_row = QHBoxLayout()
        for w in (self.kind, self.status, QLabel("Case"), self.case):
            kind_row.addWidget(w)
        self.form.addRow("&Title", self.title_edit)
        self.form.addRow("When", when)
        room_row = QHBoxLayout()
        room_row.addWidget(self.room, 1)
        self.new_room_button = QPushButton("New room...")
        self.new_room_button.setAccessibleDescription("Add a new room")
        self.new_room_button.clicked.connect(self.new_room)
        room_row.addWidget(self.new_room_button)
        room_label = QLabel("&Room")
        room_label.setBuddy(self.room)
        self.form.addRow(room_label, room_row)
        self.form.addRow("Kind", kind_row)
        self.form.addRow("&Briefing owner", self.briefing_owner)
        self.form.addRow("&Host", self.host)
        self.purpose = QLineEdit()  # blank = the default for the kind, shown as the placeholder
        self.purpose.setAccessibleName("Purpose of the session")
        self.kind.currentIndexChanged.connect(
            lambda _i: self.purpose.setPlaceholderText(SESSION_PURPOSE.get(self.kind.currentData() or "other", ""))
        )
        self.form.addRow("P&urpose", self.purpose)

        tabs = QTabWidget()
        tabs.setAccessibleName("Who and what")
        self.people = CheckList(
            [
                (
                    p["id"],
                    f"{p['name']} ({p['role'] or p['kind']}{', ' + p['organisation'] if p['organisation'] else ''})",
                )
                for p in people.list_people(reg)
            ],
            "People",
            filterable=True,
        )
        self.assessors = CheckList(
            [(a["id"], _assessor_label(a)) for a in people.list_assessors(reg)], "Assessors", filterable=True
        )
        self.qs = CheckList([(q.id, q.label) for q in current().statements], "Quality statements")
        notes = QWidget()
        notes_layout = QHBoxLayout(notes)
        self.key_messages = QPlainTextEdit()
        self.key_messages.setAccessibleName("Key messages")
        self.key_messages.setPlaceholderText("Key messages for the briefing")
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Notes")
        notes_layout.addWidget(self.key_messages)
        notes_layout.addWidget(self.notes)
        tabs.addTab(self.people, "&People")
        team = QWidget()
        team_layout = QVBoxLayout(team)
        team_layout.setContentsMargins(0, 0, 0, 0)
        team_layout.addWidget(self.assessors)
        self.new_assessor_button = QPushButton("New assessor...")
        self.new_assessor_button.setAccessibleDescription("Add a new assessor")
        self.new_assessor_button.clicked.connect(self.new_assessor)
        team_layout.addWidget(self.new_assessor_button)
        tabs.addTab(team, "&Assessors")
        tabs.addTab(self.qs, "&Quality statements")
        tabs.addTab(notes, "Briefing &notes")
        self.form.addRow(tabs)

        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setAccessibleDescription("Double bookings")  # its name is what it says
        set_role(self.conflicts, QAccessible.Role.AlertMessage)
        dark = palette_is_dark()  # the box and its words take their dark partners on a dark palette
        self.conflicts.setStyleSheet(
            f"background: {adapt('#fbe3e1', dark)}; color: {adapt('#7d1a14', dark)}; padding: 6px; border-radius: 4px;"
        )
        self.conflicts.hide()
        self.form.addRow(self.conflicts)
        self.free_busy = QLabel()  # each chosen person's and assessor's other sessions that day
        self.free_busy.setWordWrap(True)
        self.free_busy.setAccessibleDescription("Other sessions that day")
        self.free_busy.setStyleSheet(f"color: {adapt('#333', dark)}; padding: 2px;")
        self.form.addRow(self.free_busy)

        if session:
            self.title_edit.setText(session["title"])
            self.date.setText(uk_date(session["date"]))
            self.start.setText(session["start"])
            self.end.setText(session["end"])
            set_combo(self.room, session["room_id"])
            set_combo(self.kind, session["kind"])
            set_combo(self.status, session["status"])
            set_combo(self.case, session["case_id"])
            self.briefing_owner.setText(session["briefing_owner"])
            self.host.setText(session.get("host") or "")
            self.purpose.setText(session.get("purpose") or "")
            self.people.set_checked(p["id"] for p in session["people"])
            self.assessors.set_checked(a["id"] for a in session["assessors"])
            self.qs.set_checked(session["qs"])
            self.key_messages.setPlainText(session["key_messages"])
            self.notes.setPlainText(session["notes"])
        else:
            set_combo(self.kind, "one_to_one")
            if day:
                self.date.setText(uk_date(day))
            if start:  # from an empty timetable slot: an hour from there, in that room
                self.start.setText(start)
                end = min(int(start[:2]) * 60 + int(start[3:]) + 60, 23 * 60 + 59)
                self.end.setText(f"{end // 60:02d}:{end % 60:02d}")
            if room_id is not None:
                set_combo(self.room, room_id)
        self.purpose.setPlaceholderText(SESSION_PURPOSE.get(self.kind.currentData() or "other", ""))

        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(250)
        self._recheck.timeout.connect(self.check_conflicts)
        for edit in (self.date, self.start, self.end):
            edit.textChanged.connect(self._recheck.start)
        self.room.currentIndexChanged.connect(self._recheck.start)
        self.people.changed.connect(self._recheck.start)
        self.assessors.changed.connect(self._recheck.start)
        self.status.currentIndexChanged.connect(self._recheck.start)
        self.resize(720, 600)
        self.check_conflicts()
        if session:
            session_id = session["id"]
            self.begin_editing(lambda reg: stored_values(sessions.get(reg, session_id)))

    # ------------------------------------------------------------ new rooms and assessors

    def new_room(self) -> None:
        """Add a room without leaving the session; it is chosen for this session."""
        from readiness_app.ui.dialogs.setup_dialogs import NewRoomDialog

        dialog = NewRoomDialog(self.ctx, self)
        self.new_room_dialog = dialog

        def added() -> None:
            room_id = dialog.saved_result
            self.room.addItem(dialog.name.text().strip(), room_id)
            set_combo(self.room, room_id)

        dialog.accepted.connect(added)
        dialog.open()

    def new_assessor(self) -> None:
        """Add a member of the CQC team without leaving the session; they are ticked for this session."""
        from readiness_app.register import cqc_team
        from readiness_app.ui.dialogs.setup_dialogs import NewAssessorDialog

        dialog = NewAssessorDialog(self.ctx, self)
        self.new_assessor_dialog = dialog

        def added() -> None:
            member_id = dialog.saved_result
            member = {"name": dialog.name.text().strip(), "role_label": cqc_team.role_label(dialog.role.currentData())}
            self.assessors.add_missing([member_id])
            item = self.assessors.list.item(self.assessors.list.count() - 1)
            item.setText(_assessor_label(member))
            self.assessors.set_checked([*self.assessors.checked(), member_id])

        dialog.accepted.connect(added)
        dialog.open()

    # ------------------------------------------------------------ conflicts

    def proposed(self) -> dict[str, Any]:
        """The form as register values; raises ReadinessError naming the field."""
        values = {
            "title": required_text(self.title_edit.text(), "title"),
            "date": parse_date(self.date.text(), "date", required=True),
            "start": parse_time(self.start.text(), "start"),
            "end": parse_time(self.end.text(), "end"),
            "room_id": self.room.currentData(),
            "kind": self.kind.currentData(),
            "status": self.status.currentData(),
            "case_id": self.case.currentData(),
            "briefing_owner": self.briefing_owner.text().strip(),
            "host": self.host.text().strip(),
            "key_messages": self.key_messages.toPlainText().strip(),
            "purpose": self.purpose.text().strip(),
            "notes": self.notes.toPlainText().strip(),
        }
        if values["kind"] == "drop_in" and self.people.checked():
            from readiness_app.register.sessions import DROP_IN_OPEN

            raise ReadinessError(DROP_IN_OPEN, "clear the attendees on the People tab", field="attendees")
        if values["end"] <= values["start"]:
            raise ReadinessError(
                f"the session ends ({values['end']}) before it starts ({values['start']})", field="end"
            )
        return values

    def conflict_messages(self) -> list[str]:
        from readiness_app.register.conflicts import check_proposed

        try:
            values = self.proposed()
        except ReadinessError:
            return []
        if values["status"] == "cancelled":
            return []
        return check_proposed(
            self.ctx.read,
            date=values["date"],
            start=values["start"],
            end=values["end"],
            room_id=values["room_id"],
            people=self.people.checked(),
            assessors=self.assessors.checked(),
            session_id=self.session["id"] if self.session else None,
        )

    def show_free_busy(self) -> None:
        """List, for each chosen person and assessor, their other sessions that day (or "free")."""
        from html import escape

        from readiness_app.register.free_busy import day_plan

        try:
            date = parse_date(self.date.text(), "date", required=True)
        except ReadinessError:
            date = None
        people, assessors = self.people.checked(), self.assessors.checked()
        if date is None or not (people or assessors):
            self.free_busy.setText("")
            self.free_busy.hide()
            return
        plan = day_plan(
            self.ctx.read,
            date,
            people=people,
            assessors=assessors,
            session_id=self.session["id"] if self.session else None,
        )
        lines = []
        for busy in plan:
            who = escape(busy.name) + (" (assessor)" if busy.assessor else "")
            times = "; ".join(f"{a}-{b} {escape(t)}" for a, b, t in busy.sessions) or "free all day"
            lines.append(f"{who}: {times}")
        self.free_busy.setText("<b>That day</b><br>" + "<br>".join(lines))
        self.free_busy.show()

    def check_conflicts(self) -> list[str]:
        self.show_free_busy()
        messages = self.conflict_messages()
        if messages:
            from html import escape

            text = "<b>Double booking</b><br>" + "<br>".join(f"• {escape(m)}" for m in messages)
            if text != self.conflicts.text() or self.conflicts.isHidden():
                announce(self.conflicts, "Double booking: " + "; ".join(messages))  # heard as the clash appears
            self.conflicts.setText(text)
            self.conflicts.show()
        else:
            self.conflicts.hide()
        if messages != self.confirmed_conflicts:
            self.confirmed_conflicts = None
            save = self.buttons.button(self.buttons.StandardButton.Save)
            save.setText("Save")
        return messages

    # ------------------------------------------------------------ saving

    def change(self):
        from readiness_app.operations import sessions

        values = self.proposed()
        messages = self.check_conflicts()
        if messages and self.confirmed_conflicts != messages:
            self.confirmed_conflicts = messages
            self.buttons.button(self.buttons.StandardButton.Save).setText("Save anyway")
            self.show_problem(
                "This session clashes with others: "
                + "; ".join(messages)
                + ". Change it, or press Save anyway to keep the double booking."
            )
            return None
        links = {"people": self.people.checked(), "assessors": self.assessors.checked(), "qs": self.qs.checked()}
        if self.session is None:
            return sessions.add(**links, **values)
        return self.guarded_change({**values, **links})

    def form_values(self) -> dict[str, Any]:
        return {
            **self.proposed(),
            "people": self.people.checked(),
            "assessors": self.assessors.checked(),
            "qs": self.qs.checked(),
        }

    def show_values(self, values: dict[str, Any]) -> None:
        texts = {"title": self.title_edit, "start": self.start, "end": self.end, "briefing_owner": self.briefing_owner}
        for key, value in values.items():
            if key in texts:
                texts[key].setText(value or "")
            elif key == "date":
                self.date.setText(uk_date(value))
            elif key in ("room_id", "kind", "status", "case_id"):
                set_combo(getattr(self, {"room_id": "room", "case_id": "case"}.get(key, key)), value)
            elif key == "purpose":
                self.purpose.setText(value or "")
            elif key in ("key_messages", "notes"):
                getattr(self, key).setPlainText(value or "")
            elif key in ("people", "assessors", "qs"):
                getattr(self, key).set_checked(value or [])

    def write_fields(self, reg, fields: dict[str, Any]) -> Any:
        from readiness_app.register import sessions

        assert self.session is not None
        return sessions.update(reg, self.session["id"], **fields)


def stored_values(session: Mapping[str, Any]) -> dict[str, Any]:
    """A stored session in the form's terms (as `SessionDialog.form_values` gives them)."""
    text = {k: (session.get(k) or "").strip() for k in ("title", "briefing_owner", "key_messages", "purpose", "notes")}
    return {
        **text,
        **{k: session[k] for k in ("date", "start", "end", "room_id", "kind", "status", "case_id")},
        "people": sorted(p["id"] for p in session["people"]),
        "assessors": sorted(a["id"] for a in session["assessors"]),
        "qs": sorted(session["qs"]),
    }


def _assessor_label(member: dict[str, Any]) -> str:
    role = member.get("role_label") or ""
    return f"{member['name']} ({role})" if role else member["name"]
