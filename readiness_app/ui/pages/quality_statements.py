"""Quality statements: the nine QS with their self-assessment (editable), coverage, gaps and sessions."""

from __future__ import annotations

from html import escape
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
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
from readiness_app.register.changed_since import ChangedWhileOpen, save_if_unchanged
from readiness_app.register.validation import long_date
from readiness_app.register.vocabulary import SEVERITY
from readiness_app.ui import feedback
from readiness_app.ui.accessibility import palette_is_dark
from readiness_app.ui.colours import WARNING_TEXT, adapt
from readiness_app.ui.models import RAG_COLOURS, Column, RowsModel
from readiness_app.ui.pages import Page
from readiness_app.ui.widgets import PanelsOrTabs, field_error_label, make_table, scrolling, set_combo
from readiness_app.ui.wording import shown_count

TEXT_FIELDS = ("narrative", "strengths", "development", "key_messages")


# At 1024 wide the three panels under the table share about 800 px; none may shrink to a sliver.
FORM_MIN_WIDTH, DETAILS_MIN_WIDTH, FIGURES_MIN_WIDTH = 330, 180, 240


class StatementRow(NamedTuple):
    """One line of the quality statements table; `id` is the QS id (QS1)."""

    id: str
    qs: str
    name: str
    theme: str
    rag: str
    score: int | None
    target: int | None
    evidence: int
    open_gaps: int
    sessions: int
    owner: str


col = StatementRow._fields.index  # the column number of a field, for `Column`


# what "Saved ... for QS1" calls each field
SAVED_WORDS = {
    "score": "score",
    "target": "target",
    "owner": "owner",
    "narrative": "narrative",
    "strengths": "strengths",
    "development": "areas for development",
}


def _score_combo(name: str) -> QComboBox:
    from readiness_app.framework import current

    box = QComboBox()
    box.setAccessibleName(name)
    box.addItem("Not scored", None)
    for score, label in sorted(current().score_labels.items()):
        box.addItem(f"{score} - {label}", score)
    return box


class QualityStatementsPage(Page):
    key = "quality"
    title = "Quality statements"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.current_qs: str | None = None
        self.loaded: dict[str, Any] = {}
        self.keep_which: Any = None  # the keep-which question after a clash with another program
        self.rag_filter: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.model: RowsModel[StatementRow] = RowsModel(
            [
                Column("QS", col("qs"), width=50),
                Column("Quality statement", col("name"), width=260),
                Column("Theme", col("theme"), width=215),  # "Ensuring safety within the system" whole
                Column("RAG", col("rag"), width=60),
                Column("Score", col("score"), numeric=True, width=50),
                Column("Target", col("target"), numeric=True, width=55),
                Column("Evidence", col("evidence"), "accepted evidence items", numeric=True, width=70),
                Column("Open gaps", col("open_gaps"), numeric=True, width=75),
                Column("Sessions", col("sessions"), numeric=True, width=65),
                Column("Owner", col("owner"), width=120),
            ],
            background=lambda row: RAG_COLOURS.get(row.rag.lower()),
        )
        self.table = make_table(self.model, "quality_statements_table")
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        # all nine QS in view, even at 1024x600: the table is never squeezed below its rows
        from readiness_app.framework import current

        rows = len(current().statements)
        scroll_bar = self.table.horizontalScrollBar().sizeHint().height()
        header = self.table.horizontalHeader().sizeHint().height()
        frame = 2 * self.table.frameWidth()
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(header + rows * row_height + scroll_bar + frame)
        # While a RAG filter (a dashboard link) hides some statements: how many are shown, and a way back to all.
        self.filter_line = QWidget()
        line = QHBoxLayout(self.filter_line)
        line.setContentsMargins(0, 0, 0, 0)
        self.count_label = QLabel()
        line.addWidget(self.count_label)
        self.show_all_button = QPushButton("Show all")
        self.show_all_button.setAccessibleDescription("Show all nine quality statements")
        self.show_all_button.clicked.connect(lambda: self.apply_filters())
        line.addWidget(self.show_all_button)
        line.addStretch(1)
        self.filter_line.hide()
        layout.addWidget(self.filter_line)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self._editor())
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([self.table.minimumHeight(), 440])
        layout.addWidget(splitter)

    def _editor(self) -> QWidget:
        form_box = QGroupBox("Self-assessment")
        self.form_box = form_box
        form = QFormLayout(form_box)
        self.score = _score_combo("Self-assessment score")
        self.target = _score_combo("Target score")
        self.owner = QLineEdit()
        self.owner.setAccessibleName("Owner")
        scores = QHBoxLayout()
        for text, box in (("&Score", self.score), ("T&arget", self.target)):
            score_label = QLabel(text)
            score_label.setBuddy(box)  # the box is named by its label, not only by the score it shows
            scores.addWidget(score_label)
            scores.addWidget(box)
        scores.addStretch(1)
        form.addRow(scores)
        self.owner.setMinimumWidth(160)
        form.addRow("Owner", self.owner)  # a row of its own: beside the scores it shrank to a few letters
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, label in (
            ("narrative", "Narrative"),
            ("strengths", "Strengths"),
            ("development", "Areas for development"),
            ("key_messages", "Key messages"),
        ):
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(48)
            edit.setMaximumHeight(110)
            edit.installEventFilter(self)
            self.texts[key] = edit
            form.addRow(label, edit)
        self.texts["key_messages"].setPlaceholderText(
            "The QS lead's messages, one a line: printed in every interview pack for this statement"
        )
        self.error = field_error_label()
        form.addRow(self.error)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet(f"color: {adapt('#555', palette_is_dark())};")
        form.addRow(self.saved_label)
        self.ctx.undone.connect(lambda *_: self.saved_label.clear())  # "Saved owner for QS1." is no longer true
        self.score.activated.connect(lambda _i: self.save())
        self.target.activated.connect(lambda _i: self.save())
        self.owner.editingFinished.connect(self.save)
        form_panel = scrolling(form_box, "quality_form_scroll")
        form_panel.setMinimumWidth(FORM_MIN_WIDTH)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.details.setAccessibleDescription("Coverage, gaps and sessions")
        self.details.linkActivated.connect(self._follow)
        details_box = QGroupBox("Coverage, gaps and sessions")
        inner = QVBoxLayout(details_box)
        inner.addWidget(self.details)
        inner.addStretch(1)
        details_panel = scrolling(details_box, "quality_details_scroll")
        details_panel.setMinimumWidth(DETAILS_MIN_WIDTH)
        from readiness_app.ui.qs_figures import QsFigures

        self.figures = QsFigures()  # baseline, rating characteristics, figures with trend charts
        self.owner.setMinimumWidth(120)
        # side by side when they fit; tabs at 150-200 % zoom or in a small window, never clipped
        self.figures.setMinimumWidth(
            max(self.figures.minimumWidth(), FIGURES_MIN_WIDTH, 17 * self.fontMetrics().averageCharWidth() + 60)
        )
        details_panel.setMinimumWidth(max(details_panel.minimumWidth(), 22 * self.fontMetrics().averageCharWidth()))
        return PanelsOrTabs(
            [
                (form_panel, "Self-assessment", 3),
                (details_panel, "Coverage, gaps and sessions", 2),
                (self.figures, "Baseline and figures", 2),
            ]
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut and watched in self.texts.values():
            self.save()
        return super().eventFilter(watched, event)

    def _follow(self, href: str) -> None:
        from urllib.parse import parse_qsl, urlsplit

        parts = urlsplit(href)
        self.ctx.navigate(parts.path, **dict(parse_qsl(parts.query)))

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        from readiness_app.register import readiness, self_assessment

        reg = self.ctx.read
        sa = self_assessment.all_rows(reg)
        rows = []
        for q in readiness.per_qs(reg):
            row = sa[q.qs]
            rows.append(
                StatementRow(
                    q.qs,
                    q.qs,
                    q.name,
                    q.theme,
                    q.rag.capitalize(),
                    q.score,
                    q.target,
                    sum(q.evidence_by_category.values()),
                    sum(q.open_gaps.values()),
                    q.sessions,
                    row["owner"],
                )
            )
        self.per_qs = {q.qs: q for q in readiness.per_qs(reg)}
        self.model.set_rows(rows)
        self._apply_rag()
        self._select(self.current_qs or (rows[0].id if rows else None))

    def _apply_rag(self) -> None:
        rag = self.rag_filter
        self.model.set_predicate(None if not rag else (lambda row: row.rag.lower() == rag))
        if rag:
            shown = self.model.rowCount()
            self.count_label.setText(f"{shown_count(shown, self.model.total, 'quality statement')} ({rag} only)")
        self.filter_line.setVisible(bool(rag))

    def apply_filters(self, **filters: Any) -> None:
        self.rag_filter = filters.get("rag")
        self._apply_rag()
        if filters.get("qs"):
            self._select(filters["qs"])
        elif self.model.rowCount():
            self._select(self.model.id_at(0))

    def _select(self, qs_id: str | None) -> None:
        if qs_id is None:
            return
        row = self.model.row_of_id(qs_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self._load(qs_id)

    def _on_row(self, current, _previous) -> None:
        if current.isValid():
            self.save()
            self._load(self.model.id_at(current.row()))

    def _load(self, qs_id: str) -> None:
        from readiness_app.framework import current
        from readiness_app.register import gaps, self_assessment, sessions

        reg = self.ctx.read
        self.current_qs = qs_id
        row = self_assessment.all_rows(reg)[qs_id]
        self.loaded = {k: row[k] for k in ("score", "target", "owner", *TEXT_FIELDS)}
        statement = current().qs(qs_id)
        self.form_box.setTitle(f"Self-assessment: {statement.label}")
        set_combo(self.score, row["score"])
        set_combo(self.target, row["target"])
        self.owner.setText(row["owner"] or "")
        for key, edit in self.texts.items():
            edit.setPlainText(row[key] or "")
        self.error.hide()

        info = self.per_qs.get(qs_id)
        parts = [f"<i>This app's summary (not CQC's wording): {escape(statement.focus)}</i>" if statement.focus else ""]
        if info is not None:
            cats = "".join(
                f"<li>{escape(c.name)}: <a href='evidence?qs={qs_id}&category={c.id}'>"
                f"{info.evidence_by_category[c.id]}</a></li>"
                for c in current().categories
            )
            parts.append(f"<b>Accepted evidence by category</b><ul style='margin:0'>{cats}</ul>")
            if info.reasons:
                parts.append("<b>Why " + info.rag + "</b>: " + escape("; ".join(info.reasons)))
        open_gaps = gaps.list_gaps(reg, qs=qs_id, open_only=True)
        parts.append(
            f"<b><a href='gaps?qs={qs_id}&open=1'>{len(open_gaps)} open gaps</a></b>"
            + "".join(
                f"<br>· {SEVERITY.get(g['severity'], g['severity'])}: {escape(g['description'])}" for g in open_gaps[:6]
            )
        )
        planned = [s for s in sessions.list_sessions(reg, include_cancelled=False) if qs_id in s["qs"]]
        parts.append(
            f"<b><a href='interviews?qs={qs_id}'>{len(planned)} sessions</a></b>"
            + "".join(f"<br>· {long_date(s['date'])} {s['start']} {escape(s['title'])}" for s in planned[:6])
        )
        from readiness_app.register import session_checks

        for flag in session_checks.key_messages_to_check(reg, self.ctx.today()):
            if flag["qs"] == qs_id:  # the messages may say what an open gap or a slipping action contradicts
                parts.insert(
                    0,
                    f"<b style='color:{WARNING_TEXT}'>Key messages to check</b> ({escape(flag['lead'])}): "
                    + escape("; ".join(flag["reasons"])),
                )
        self.details.setText("<br><br>".join(p for p in parts if p))
        self.figures.show_qs(reg, qs_id, row["score"], row["published_score"], self.ctx.today())

    # ------------------------------------------------------------ saving

    def values(self) -> dict[str, Any]:
        return {
            "score": self.score.currentData(),
            "target": self.target.currentData(),
            "owner": self.owner.text().strip(),
            **{k: e.toPlainText().strip() for k, e in self.texts.items()},
        }

    def save(self) -> None:
        """Save what changed in the form, at once, on the writer thread."""
        if self.current_qs is None:
            return
        values = self.values()
        changed = {k: v for k, v in values.items() if (self.loaded.get(k) or None) != (v or None)}
        if not changed:
            return
        from readiness_app.register import self_assessment

        qs_id = self.current_qs
        before = {k: self.loaded.get(k) for k in changed}
        self.loaded.update(changed)

        def shown_error(error: BaseException) -> None:
            self.loaded.update(before)
            if isinstance(error, ChangedWhileOpen) and error.theirs is not None:
                self._changed_while_open(qs_id, error, values, set(changed))
                return
            self.error.setText(
                feedback.one_line(error) if isinstance(error, ReadinessError) else feedback.describe(error)[0]
            )
            self.error.show()

        def read(reg: Any) -> dict[str, Any]:
            row = self_assessment.all_rows(reg)[qs_id]
            return {k: row[k] for k in before}

        # only the fields changed here, and only if nobody changed them since this QS was shown
        self.ctx.write(
            lambda reg: save_if_unchanged(
                reg,
                noun="quality statement",
                read=read,
                loaded=before,
                changes=changed,
                write=lambda r, fields: self_assessment.update(r, qs_id, **fields),
            ),
            f"saving the self-assessment of {qs_id}",
            undo=f"Save {', '.join(SAVED_WORDS.get(k, k) for k in changed)} for {qs_id}",
            on_done=lambda _r: self.saved_label.setText(
                f"Saved {', '.join(SAVED_WORDS.get(k, k) for k in changed)} for {qs_id}."
            ),
            on_error=shown_error,
        )

    def _changed_while_open(self, qs_id: str, error: ChangedWhileOpen, mine: dict[str, Any], changed: set[str]) -> None:
        """Another program changed a field saved here since it was shown: keep theirs or mine."""
        from readiness_app.ui.changed_outside import KeepWhichDialog

        theirs = error.theirs or {}
        dialog = KeepWhichDialog(self, error, mine, {k: SAVED_WORDS.get(k, k) for k in error.clashes})
        self.keep_which = dialog

        def chosen(choice: dict[str, str]) -> None:
            if self.current_qs != qs_id:
                return
            self.loaded.update(theirs)
            for key, value in theirs.items():
                if key not in changed or choice.get(key) == "theirs":
                    self._show_value(key, value)
            self.save()

        dialog.chosen.connect(chosen)
        dialog.open()

    def _show_value(self, key: str, value: Any) -> None:
        if key in ("score", "target"):
            set_combo(getattr(self, key), value)
        elif key == "owner":
            self.owner.setText(value or "")
        elif key in self.texts:
            self.texts[key].setPlainText(value or "")

    def save_state(self) -> None:
        self.save()

    def hideEvent(self, event) -> None:  # noqa: N802
        self.save()
        super().hideEvent(event)


PAGE = QualityStatementsPage
