"""Case tracking: coded cases through the pipeline (long list to tracked), with consent.

Cases are coded references only; the page never asks for a name.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from readiness_app.errors import ReadinessError
from readiness_app.operations import cases as case_operations
from readiness_app.register import cases
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.reads import tables_read
from readiness_app.register.validation import long_date, parse_date, uk_date
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import focus_field
from readiness_app.ui.changed_outside import KeepWhichDialog, OpenRecord, banner
from readiness_app.ui.colours import RAG_COLOURS
from readiness_app.ui.dates import DateField
from readiness_app.ui.dialogs.base import EditDialog
from readiness_app.ui.models import Column, RowsModel
from readiness_app.ui.pages import Page
from readiness_app.ui.personal_data import PersonalDataGuard
from readiness_app.ui.plain_text import plain_label
from readiness_app.ui.widgets import CheckList, SearchBox, combo, field_error_label, make_table, selected_ids, set_combo
from readiness_app.ui.wording import counted, shown_count


class CaseRow(NamedTuple):
    """One line of the cases table: display text, then the keys the filters use; `id` is the case id."""

    id: int
    code: str
    team: str
    stage: str
    consent: str
    consent_date: str
    criteria: str
    qs: str
    sessions: int
    stage_key: str
    consent_key: str
    criteria_set: frozenset[str]


col = CaseRow._fields.index  # the column number of a field, for `Column`
CONSENT_COLOURS = {"declined": RAG_COLOURS["red"], "requested": RAG_COLOURS["amber"], "given": RAG_COLOURS["green"]}


class NewCaseDialog(EditDialog):
    def __init__(self, ctx, parent=None):
        from readiness_app.register import vocabulary as V

        super().__init__(ctx, "New case", parent)
        self.code = QLineEdit()
        self.code.setAccessibleName("Case code")
        self.code.setPlaceholderText("a coded reference, e.g. NM-051 (never a name)")
        self.team = QLineEdit()
        self.team.setAccessibleName("Team")
        self.criteria = CheckList([(c, c) for c in V.CRITERIA], "Criteria")
        self.form.addRow("&Code", self.code)
        self.form.addRow("&Team", self.team)
        self.form.addRow("C&riteria", self.criteria)
        self.resize(440, 420)

    def change(self):
        code, team, criteria = self.code.text(), self.team.text(), self.criteria.checked()
        cases.validate_code(code)  # shown beside the form at once
        return case_operations.add(code, team=team, criteria=criteria)


class CasesPage(Page):
    key = "cases"
    title = "Case tracking"
    tables = tables_read(cases.list_cases)

    def __init__(self, ctx, parent=None):
        from readiness_app.register import vocabulary as V

        super().__init__(ctx, parent)
        self.stage_filter: str | None = None
        self.awaiting_consent = False
        self.current_id: int | None = None
        self.personal_data = PersonalDataGuard()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)

        pipeline = QHBoxLayout()
        pipeline.addWidget(QLabel("Pipeline:"))
        self.stage_group = QButtonGroup(self)
        self.stage_group.setExclusive(True)
        self.stage_buttons: dict[str | None, QPushButton] = {}
        for key, label in [(None, "All"), *V.STAGE.items()]:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setAccessibleDescription(f"Show stage {label}")  # named by its words and count
            button.clicked.connect(lambda _c=False, k=key: self.set_stage(k))
            self.stage_group.addButton(button)
            self.stage_buttons[key] = button
            pipeline.addWidget(button)
        self.stage_buttons[None].setChecked(True)
        pipeline.addStretch(1)
        layout.addLayout(pipeline)

        bar = QHBoxLayout()
        self.search = SearchBox("Search cases (code, team, criteria)")
        self.search.textChanged.connect(self._apply)
        bar.addWidget(self.search, 2)
        self.criteria_filter = combo([], "Filter by criterion", blank="Any criterion")
        self.criteria_filter.currentIndexChanged.connect(self._apply)
        bar.addWidget(self.criteria_filter, 1)
        new = QPushButton("&New case")
        new.setAccessibleDescription("Create a case")
        new.clicked.connect(self.new_item)
        bar.addWidget(new)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.model: RowsModel[CaseRow] = RowsModel(
            [
                Column("Code", col("code"), width=80),
                Column("Team", col("team"), width=140),
                Column("Stage", col("stage"), width=90),
                Column("Consent", col("consent"), width=90),
                Column("Consent date", col("consent_date"), width=115, date=True),
                Column("Criteria", col("criteria"), width=260),
                Column("QS", col("qs"), width=110),
                Column("Sessions", col("sessions"), numeric=True, width=65),
            ],
            search_fields=[col("code"), col("team"), col("criteria"), col("qs")],
            background=lambda r: CONSENT_COLOURS.get(r.consent_key) if r.stage_key != "long_list" else None,
        )
        self.table = make_table(self.model, "cases_table", multi=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self._editor())
        splitter.setSizes([820, 340])
        layout.addWidget(splitter, 1)

    def _editor(self) -> QWidget:
        from readiness_app.register import vocabulary as V

        box = QGroupBox("Selected case")
        self.editor_box = box
        outer = QVBoxLayout(box)
        self.changed_line = banner()
        outer.addWidget(self.changed_line)
        self.open_record = OpenRecord(self.ctx, "case", self._stored_current, self.changed_line)
        self.keep_which: KeepWhichDialog | None = None
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.stage = combo(V.STAGE.items(), "Stage")
        self.consent = combo(V.CONSENT.items(), "Consent")
        self.consent_date = DateField("Consent date")
        self.contact = combo(V.CONTACT.items(), "Who to contact")
        self.records_shared = DateField("Records shared date")
        self.criteria = CheckList([(c, c) for c in V.CRITERIA], "Case criteria")
        self.criteria.list.setMaximumHeight(150)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Notes (no names)")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        self.sessions_label = plain_label(QLabel())  # session titles
        self.sessions_label.setWordWrap(True)
        form.addRow("&Stage", self.stage)
        move = QHBoxLayout()
        self.next_button = QPushButton("Next stage")
        self.next_button.setAccessibleDescription("Move the selected cases to the next stage")
        self.next_button.clicked.connect(self.next_stage)
        move.addWidget(self.next_button)
        self.replace_button = QPushButton("Replace with a reserve…")
        self.replace_button.setAccessibleDescription("Withdraw this case and promote a reserve in its place")
        self.replace_button.clicked.connect(lambda: self.offer_replacement(ask_first=False))
        move.addWidget(self.replace_button)
        form.addRow("", move)
        form.addRow("C&onsent", self.consent)
        form.addRow("Consent &date", self.consent_date)
        form.addRow("Con&tact", self.contact)
        form.addRow("&Records shared", self.records_shared)
        form.addRow("Crit&eria", self.criteria)
        form.addRow("&Notes", self.notes)
        form.addRow("Sessions", self.sessions_label)
        self.error = field_error_label()
        form.addRow(self.error)
        self.save_button = QPushButton("&Save case")
        self.save_button.setAccessibleDescription("Save the selected case")
        self.save_button.clicked.connect(self.save)
        form.addRow(self.save_button)
        box.setEnabled(False)
        return box

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import cases
        from readiness_app.register import vocabulary as V

        rows = [
            CaseRow(
                c["id"],
                c["code"],
                c["team"],
                V.STAGE[c["stage"]],
                V.CONSENT[c["consent"]],
                c["consent_date"] or "",
                ", ".join(c["criteria"]),
                " ".join(c["qs"]),
                len(c["sessions"]),
                c["stage"],
                c["consent"],
                frozenset(c["criteria"]),
            )
            for c in cases.list_cases(self.ctx.read)
        ]
        self.model.set_rows(rows)
        tags = sorted({t for r in rows for t in r.criteria_set})
        current = self.criteria_filter.currentData()
        self.criteria_filter.blockSignals(True)
        self.criteria_filter.clear()
        self.criteria_filter.addItem("Any criterion", None)
        for t in tags:
            self.criteria_filter.addItem(t, t)
        set_combo(self.criteria_filter, current)
        self.criteria_filter.blockSignals(False)
        counts: dict[str | None, int] = {None: len(rows)}
        for r in rows:
            counts[r.stage_key] = counts.get(r.stage_key, 0) + 1
        for key, button in self.stage_buttons.items():
            label = "All" if key is None else V.STAGE[key]
            button.setText(f"{label} ({counts.get(key, 0)})")
        self._apply()
        if self.current_id is not None:
            self._load(self.current_id)

    def set_stage(self, stage: str | None) -> None:
        self.stage_filter = stage
        self.stage_buttons[stage].setChecked(True)
        self.awaiting_consent = False
        self._apply()

    def _apply(self) -> None:
        from readiness_app.register import vocabulary as V

        self.model.set_search(self.search.text())
        stage, tag, awaiting = self.stage_filter, self.criteria_filter.currentData(), self.awaiting_consent
        self.model.set_predicate(
            lambda r: (
                (stage is None or r.stage_key == stage)
                and (tag is None or tag in r.criteria_set)
                and (
                    not awaiting or (r.stage_key in V.SHORTLIST_STAGES and r.consent_key in ("not_sought", "requested"))
                )
            )
        )
        total = self.model.total
        self.count_label.setText(
            shown_count(self.model.rowCount(), total, "case")
            if total
            else "No cases yet: New case, or File > Import from a spreadsheet"
        )

    def apply_filters(self, **filters: Any) -> None:
        self.stage_filter = filters.get("stage")
        self.stage_buttons.get(self.stage_filter, self.stage_buttons[None]).setChecked(True)
        self.awaiting_consent = bool(filters.get("awaiting_consent"))
        self.search.clear()
        self._apply()

    def _on_selection(self) -> None:
        ids = selected_ids(self.table)
        self.editor_box.setEnabled(bool(ids))
        if len(ids) == 1:
            self._load(ids[0])
        elif ids:
            self.current_id = None
            self.editor_box.setTitle(f"{len(ids)} cases selected (Next stage moves them all)")

    def _load(self, case_id: int) -> None:
        from readiness_app.register import cases, sessions

        try:
            case = cases.get(self.ctx.read, case_id)
        except Exception:
            self.current_id = None
            return
        shaped = case_values(case)
        same_record = case_id == self.current_id
        if same_record and self.open_record.keep_typing(shaped, self._typed()):
            return  # a refresh never throws away what is typed
        self.current_id = case_id
        self.editor_box.setTitle(f"Case {case['code']}")
        self.criteria.add_missing(case["criteria"])
        self._show(shaped)
        linked = [s for s in sessions.list_sessions(self.ctx.read) if s["case_id"] == case_id]
        self.sessions_label.setText(
            "; ".join(f"{long_date(s['date'])} {s['start']} {s['title']}" for s in linked) or "none planned"
        )
        self.error.hide()
        if same_record:
            self.open_record.reloaded(shaped, self._typed())
        else:
            self.open_record.remember(shaped, self._typed() or {})

    def _show(self, values: dict[str, Any]) -> None:
        """Put stored values (case_values' terms) into the form."""
        for key, value in values.items():
            if key in ("stage", "consent", "contact"):
                set_combo(getattr(self, key), value)
            elif key == "consent_date":
                self.consent_date.setText(uk_date(value))
            elif key == "records_shared_date":
                self.records_shared.setText(uk_date(value))
            elif key == "criteria":
                self.criteria.set_checked(value or [])
            elif key == "notes":
                self.notes.setPlainText(value or "")

    def _form_values(self) -> dict[str, Any]:
        return {
            "stage": self.stage.currentData(),
            "consent": self.consent.currentData(),
            "consent_date": parse_date(self.consent_date.text(), "consent date"),
            "contact": self.contact.currentData(),
            "records_shared_date": parse_date(self.records_shared.text(), "records shared date"),
            "notes": self.notes.toPlainText().strip(),
            "criteria": sorted(self.criteria.checked()),
        }

    def _typed(self) -> dict[str, Any] | None:
        try:
            return self._form_values()
        except ReadinessError:
            return None

    def _stored_current(self, reg: Any) -> dict[str, Any]:
        from readiness_app.register import cases

        if self.current_id is None:
            raise ReadinessError("no case chosen")
        return case_values(cases.get(reg, self.current_id))

    def save(self) -> None:
        from readiness_app.register import vocabulary as V

        if self.current_id is None:
            return
        try:
            mine = self._form_values()
        except ReadinessError as exc:
            self.error.setText(feedback.one_line(exc))
            self.error.show()
            focus_field(self, exc)
            return
        values = {k: v for k, v in mine.items() if k != "criteria"}
        case_id = self.current_id
        warned = self.personal_data.warning({"Notes": values["notes"]}, record=case_id)
        if warned:
            self.error.setText(warned)
            self.error.show()
            return
        declined_now = values["consent"] == "declined" and self.stage.currentData() in V.SHORTLIST_STAGES

        def saved(_result) -> None:
            self.ctx.notice.emit("Case saved")
            if declined_now:  # a refusal closes this route: offer the replacement at once
                self.offer_replacement(ask_first=True)

        changes, loaded = self.open_record.changes(mine), dict(self.open_record.loaded)

        def read(reg: Any) -> dict[str, Any]:
            return case_values(cases.get(reg, case_id))

        def failed(error: BaseException) -> None:
            if isinstance(error, ChangedWhileOpen):
                self._changed_while_open(error, mine)
            else:
                self._show_problem(error)

        def remembered(result: Any) -> None:
            if self.current_id == case_id:
                self.open_record.remember(self.open_record.stored() or {}, self._typed() or {})
            saved(result)

        # only the fields changed here, and only if nobody changed them since the case was loaded
        self.ctx.write(
            lambda reg: save_if_unchanged(
                reg,
                noun="case",
                read=read,
                loaded=loaded,
                changes=changes,
                write=lambda r, fields: cases.update(r, case_id, **fields),
            ),
            "saving the case",
            undo="Save case",
            on_done=remembered,
            on_error=failed,
        )

    def _changed_while_open(self, error: ChangedWhileOpen, mine: dict[str, Any]) -> None:
        """Save met another program's change: say so, or ask which values to keep and save again."""
        if error.theirs is None:
            self._show_problem(error)
            return
        labels = {"consent_date": "Consent date", "records_shared_date": "Records shared", "contact": "Who to contact"}
        dialog = KeepWhichDialog(self, error, mine, labels)
        self.keep_which = dialog

        def chosen(choice: dict[str, str]) -> None:
            self._show(self.open_record.resolved(error, choice, mine))
            self.changed_line.hide()
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()

    def _show_problem(self, error: BaseException) -> None:
        self.error.setText(str(error))
        self.error.show()
        focus_field(self, error)

    def offer_replacement(self, *, ask_first: bool) -> None:
        """Withdraw the current case and promote a reserve chosen by the lead (one change, audited)."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from readiness_app.register import cases

        if self.current_id is None:
            return
        case = cases.get(self.ctx.read, self.current_id)
        if case["stage"] not in ("shortlisted", "selected", "tracked"):
            self.ctx.notice.emit(
                f"{case['code']} is not a selected case: only a selected case is replaced by a reserve"
            )
            return
        reserves = [c["code"] for c in cases.list_cases(self.ctx.read, stage="reserve") if c["consent"] != "declined"]
        if not reserves:
            self.ctx.notice.emit(f"No reserve case left to replace {case['code']}: ask CQC for another")
            return
        if ask_first:
            answer = QMessageBox.question(
                self,
                "Consent declined",
                f"Consent for {case['code']} was declined, so it cannot be tracked.\n\n"
                "Withdraw it and promote a reserve case in its place?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        code, ok = QInputDialog.getItem(
            self, "Replace with a reserve", f"Reserve case to promote in place of {case['code']}:", reserves, 0, False
        )
        if not ok or not code:
            return
        reserve = next(c for c in cases.list_cases(self.ctx.read, stage="reserve") if c["code"] == code)
        pending = reserve["consent"] not in ("given", "not_required")
        if pending:
            answer = QMessageBox.question(
                self,
                "Consent not given yet",
                f"Consent for {code} is not given yet.\n\nPromote it while consent is sought? "
                "Share no records until it is given.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        agreed_by, ok = QInputDialog.getText(self, "CQC's agreement", f"Who at CQC agreed to track {code} instead?")
        if not ok or not agreed_by.strip():
            self.ctx.notice.emit("Not promoted: CQC chooses the cases, so name who at CQC agreed the swap")
            return
        old_code = case["code"]

        def done(result: dict[str, Any]) -> None:
            moved = len(result["sessions_moved"])
            self.ctx.notice.emit(
                f"{result['promoted']} promoted, {old_code} withdrawn"
                + (f"; {moved} session(s) moved: check who attends" if moved else "")
            )

        self.ctx.run(
            case_operations.promote(code, old_code, agreed_by=agreed_by, consent_pending=pending), on_done=done
        )

    def next_stage(self) -> None:
        """Move every selected case one step along long list -> shortlisted -> selected -> tracked."""

        order = ["long_list", "shortlisted", "selected", "tracked"]
        moves = []
        for item_id in selected_ids(self.table):
            row = self.model.row_at(self.model.row_of_id(item_id))
            stage = row.stage_key
            if stage == "reserve":
                moves.append((item_id, "selected"))
            elif stage in order[:-1]:
                moves.append((item_id, order[order.index(stage) + 1]))
        if not moves:
            self.ctx.notice.emit("Nothing to move: tracked and withdrawn cases are at the end of the pipeline")
            return

        self.ctx.run(
            case_operations.next_stage(dict(moves)),
            on_done=lambda n: self.ctx.notice.emit(f"Moved {counted(n, 'case')}"),
        )

    def new_item(self) -> None:
        self.dialog = NewCaseDialog(self.ctx)
        self.dialog.open()

    def focus_search(self) -> None:
        self.search.setFocus()


PAGE = CasesPage


def case_values(case: dict[str, Any]) -> dict[str, Any]:
    """A stored case in the terms of the side panel's form."""
    return {
        **{k: case[k] for k in ("stage", "consent", "contact")},
        **{k: case[k] or None for k in ("consent_date", "records_shared_date")},
        "notes": (case["notes"] or "").strip(),
        "criteria": sorted(case["criteria"]),
    }
