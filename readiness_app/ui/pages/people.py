"""People and assessors: who is interviewed when, each with a personal schedule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from readiness_app.ui.colours import WARNING_TEXT, adapt, adapt_html
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page
from readiness_app.ui.widgets import SearchBox, combo, make_table, selected_ids
from readiness_app.ui.wording import shown_count

if TYPE_CHECKING:
    from readiness_app.register.sessions import Session


class PersonRow(NamedTuple):
    """One line of the people table; `id` is the person's id."""

    id: int
    name: str
    role: str
    team: str
    organisation: str
    kind: str
    sessions: int


class AssessorRow(NamedTuple):
    """One line of the assessors table; `id` is the assessor's id."""

    id: int
    name: str
    role: str
    sessions: int


person_col = PersonRow._fields.index  # the column number of a field, for `Column`
assessor_col = AssessorRow._fields.index


class PersonDialog(EditDialog):
    def __init__(self, ctx, parent=None):
        from readiness_app.register.vocabulary import PERSON_KIND

        super().__init__(ctx, "New person", parent)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.role = QLineEdit()
        self.role.setAccessibleName("Role")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName("Organisation")
        self.email = QLineEdit()
        self.email.setAccessibleName("E-mail")
        self.email.setPlaceholderText("for meeting invitations, e.g. jo.smith@council.gov.uk")
        self.kind = combo(PERSON_KIND.items(), "Kind")
        self.access_needs = QLineEdit()
        self.access_needs.setAccessibleName("Access needs (printed in the host's pack)")
        self.access_needs.setPlaceholderText("e.g. step-free access, BSL interpreter, a carer comes too")
        for label, widget in (
            ("&Name", self.name),
            ("&Role", self.role),
            ("&Team", self.team),
            ("&Organisation", self.organisation),
            ("&E-mail", self.email),
            ("&Kind", self.kind),
            ("&Access needs", self.access_needs),
        ):
            self.form.addRow(label, widget)

    def change(self):
        from readiness_app.operations import people

        values = {
            "role": self.role.text(),
            "team": self.team.text(),
            "organisation": self.organisation.text(),
            "email": self.email.text(),
            "kind": self.kind.currentData(),
            "access_needs": self.access_needs.text(),
        }
        return people.add(self.name.text(), **values)


class _Schedule(QLabel):
    def __init__(self, name: str):
        super().__init__("Select someone to see their schedule.")
        self.setWordWrap(True)
        self.setAccessibleDescription(name)  # its name is the schedule it shows
        self.setMinimumWidth(320)
        from PySide6.QtCore import Qt

        from readiness_app.ui.accessibility import palette_is_dark

        self.dark = palette_is_dark()  # a dark palette: the panel and its colours take their dark partners
        ground = adapt("#f7f9fb", self.dark)
        self.setStyleSheet(f"background: {ground}; border: 1px solid palette(mid); padding: 8px;")

        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_sessions(self, who: str, sessions: list[Session], conflicted: set[int]) -> None:
        from html import escape

        from readiness_app.ui.pages import day_label

        if not sessions:
            self.setText(f"<b>{escape(who)}</b><br>No sessions.")
            return
        lines, day = [f"<b>{escape(who)}</b>: {len(sessions)} session{'s' if len(sessions) != 1 else ''}"], None
        for s in sessions:
            if s["date"] != day:
                day = s["date"]
                lines.append(f"<br><b>{day_label(day)}</b>")
            flag = f" <span style='color:{WARNING_TEXT}'>⚠ double booked</span>" if s["id"] in conflicted else ""
            cancelled = " (cancelled)" if s["status"] == "cancelled" else ""
            lines.append(
                f"{s['start']}-{s['end']} &nbsp; {escape(s['title'])}{cancelled} &nbsp; "
                f"<span style='color:#555'>{escape(s['room'] or 'no room')}</span>{flag}"
            )
        self.setText(adapt_html("<br>".join(lines), self.dark))


class PeoplePage(Page):
    key = "people"
    title = "People and assessors"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("People or assessors")
        layout.addWidget(self.tabs)

        # people
        people_tab = QWidget()
        pl = QVBoxLayout(people_tab)
        bar = QHBoxLayout()
        self.search = SearchBox("Search people (name, role, team, organisation)")
        self.search.textChanged.connect(self._search)
        bar.addWidget(self.search, 1)
        new = QPushButton("&New person")
        new.setAccessibleDescription("Add a person")
        new.clicked.connect(self.new_item)
        bar.addWidget(new)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        pl.addLayout(bar)
        self.people_model: RowsModel[PersonRow] = RowsModel(
            [
                # sessions beside the name: at the right it needed sideways scrolling on a laptop
                Column("Name", person_col("name"), width=170),
                Column("Sessions", person_col("sessions"), numeric=True, width=70),
                Column("Role", person_col("role"), width=170),
                Column("Team", person_col("team"), width=140),
                Column("Organisation", person_col("organisation"), width=170),
                Column("Kind", person_col("kind"), width=110),
            ]
        )
        self.people_table = make_table(self.people_model, "people_table")
        self.people_table.selectionModel().selectionChanged.connect(lambda *_: self._person_selected())
        self.person_schedule = _Schedule("Personal schedule")
        split = QSplitter()
        split.addWidget(self.people_table)
        split.addWidget(self.person_schedule)
        split.setSizes([800, 360])
        pl.addWidget(split, 1)
        self.tabs.addTab(people_tab, "&People")

        # assessors
        assessors_tab = QWidget()
        al = QVBoxLayout(assessors_tab)
        self.assessor_model: RowsModel[AssessorRow] = RowsModel(
            [
                Column("Assessor", assessor_col("name"), width=200),
                Column("Role", assessor_col("role"), width=200),
                Column("Sessions", assessor_col("sessions"), numeric=True),
            ]
        )
        self.assessor_table = make_table(self.assessor_model, "assessors_table")
        self.assessor_table.selectionModel().selectionChanged.connect(lambda *_: self._assessor_selected())
        self.assessor_schedule = _Schedule("Assessor schedule")
        split = QSplitter()
        split.addWidget(self.assessor_table)
        split.addWidget(self.assessor_schedule)
        split.setSizes([700, 460])
        al.addWidget(split, 1)
        self.tabs.addTab(assessors_tab, "&Assessors")

    def refresh(self) -> None:
        from readiness_app.register import people, sessions
        from readiness_app.register.conflicts import conflicting_session_ids
        from readiness_app.register.vocabulary import PERSON_KIND

        reg = self.ctx.read
        self.sessions = sessions.list_sessions(reg)
        self.conflicted = conflicting_session_ids(reg)
        per_person: dict[int, int] = {}
        per_assessor: dict[int, int] = {}
        for s in self.sessions:
            if s["status"] == "cancelled":
                continue
            for p in s["people"]:
                per_person[p["id"]] = per_person.get(p["id"], 0) + 1
            for a in s["assessors"]:
                per_assessor[a["id"]] = per_assessor.get(a["id"], 0) + 1
        self.people_model.set_rows(
            [
                PersonRow(
                    p["id"],
                    p["name"],
                    p["role"],
                    p["team"],
                    p["organisation"],
                    PERSON_KIND.get(p["kind"], p["kind"]),
                    per_person.get(p["id"], 0),
                )
                for p in people.list_people(reg)
            ]
        )
        self.assessor_model.set_rows(
            [
                AssessorRow(a["id"], a["name"], a["role_label"], per_assessor.get(a["id"], 0))
                for a in people.list_assessors(reg)
            ]
        )
        self._count()
        self._person_selected()
        self._assessor_selected()

    def _count(self) -> None:
        self.count_label.setText(shown_count(self.people_model.rowCount(), self.people_model.total, "person", "people"))

    def _person_selected(self) -> None:
        ids = selected_ids(self.people_table)
        if ids:
            row = self.people_model.row_at(self.people_model.row_of_id(ids[0]))
            mine = [s for s in self.sessions if any(p["id"] == ids[0] for p in s["people"])]
            self.person_schedule.show_sessions(row.name, mine, self.conflicted)

    def _assessor_selected(self) -> None:
        ids = selected_ids(self.assessor_table)
        if ids:
            row = self.assessor_model.row_at(self.assessor_model.row_of_id(ids[0]))
            mine = [s for s in self.sessions if any(a["id"] == ids[0] for a in s["assessors"])]
            self.assessor_schedule.show_sessions(row.name, mine, self.conflicted)

    def apply_filters(self, **filters: Any) -> None:
        if filters.get("tab") == "assessors":
            self.tabs.setCurrentIndex(1)
        if filters.get("person"):
            self.tabs.setCurrentIndex(0)
            row = self.people_model.row_of_id(int(filters["person"]))
            if row >= 0:
                self.people_table.selectRow(row)

    def _search(self, text: str) -> None:
        self.people_model.set_search(text)
        self._count()

    def new_item(self) -> None:
        self.dialog = PersonDialog(self.ctx)
        self.dialog.open()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()


PAGE = PeoplePage
