"""Self-assessment snapshots: take one, and compare two (or one with now) side by side per QS.

Score changes show with their direction against CQC's published baseline;
text changes are highlighted word by word (removed struck through in red,
added underlined in green). "Print comparison" writes the board-paper PDF.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from readiness_app.register import snapshots
from readiness_app.register.validation import long_date
from readiness_app.ui.pages import Page

REMOVED = "color:#b71c1c;text-decoration:line-through;background:#fdecea"
ADDED = "color:#1b5e20;text-decoration:underline;background:#e8f5e9;font-weight:bold"


def side_html(diff: list[tuple[str, str]], keep: str) -> str:
    parts = []
    for op, text in diff:
        if op == "same":
            parts.append(escape(text))
        elif op == keep:
            # said in words as well as struck through or underlined: colour and lines alone say nothing
            # to a screen reader or to someone who cannot tell the colours apart
            style, word = (REMOVED, "removed") if keep == "removed" else (ADDED, "added")
            parts.append(f"<span style='{style}'>[{word}: {escape(text)}]</span>")
    return "".join(parts).replace("\n", "<br>") or "<i>(blank)</i>"


class SnapshotsPage(Page):
    key = "snapshots"
    title = "Snapshots"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.result: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        self.header = QLabel()
        self.header.setWordWrap(True)
        layout.addWidget(self.header)
        bar = QHBoxLayout()
        self.a = QComboBox()
        self.a.setAccessibleName("Earlier version")
        self.b = QComboBox()
        self.b.setAccessibleName("Later version")
        compare, with_ = QLabel("Compare"), QLabel("with")
        compare.setBuddy(self.a)
        with_.setBuddy(self.b)
        bar.addWidget(compare)
        bar.addWidget(self.a, 2)
        bar.addWidget(with_)
        bar.addWidget(self.b, 2)
        self.take_button = QPushButton("&Take snapshot...")
        self.take_button.clicked.connect(self.take)
        self.print_button = QPushButton("&Print comparison...")
        self.print_button.clicked.connect(self.print_comparison)
        bar.addWidget(self.take_button)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.view = QTextBrowser()
        self.view.setObjectName("snapshot_comparison")
        self.view.setAccessibleName("The two versions side by side")
        layout.addWidget(self.view, 1)
        self.a.currentIndexChanged.connect(lambda _i: self.compare())
        self.b.currentIndexChanged.connect(lambda _i: self.compare())

    def refresh(self) -> None:
        rows = snapshots.list_snapshots(self.ctx.read)
        keep_a, keep_b = self.a.currentData(), self.b.currentData()
        for box in (self.a, self.b):
            box.blockSignals(True)
            box.clear()
        self.b.addItem("Now (the self-assessment as it stands)", None)
        for r in rows:
            text = f"{r['label']} ({long_date(r['taken_on'])}, {snapshots.REASONS[r['reason']].lower()})"
            self.a.addItem(text, r["id"])
            self.b.addItem(text, r["id"])
        for box, keep in ((self.a, keep_a), (self.b, keep_b)):
            index = box.findData(keep)
            box.setCurrentIndex(index if index >= 0 else 0)
            box.blockSignals(False)
        self.header.setText(
            f"{len(rows)} snapshot{'' if len(rows) == 1 else 's'}, read-only."
            " One is kept automatically before each import and before the visit."
            if rows
            else "No snapshots yet: take one to keep this version of the self-assessment."
        )
        self.print_button.setEnabled(bool(rows))
        self.compare()

    def compare(self) -> None:
        a = self.a.currentData()
        if a is None:
            self.result = None
            self.view.setHtml("<p>Take a snapshot first; then compare it with a later one or with now.</p>")
            return
        self.result = snapshots.compare(self.ctx.read, a, self.b.currentData(), today=self.ctx.today())
        self.view.setHtml(self.html(self.result))

    @staticmethod
    def html(result: dict[str, Any]) -> str:
        left = escape(f"{result['a']['label']} ({long_date(result['a']['taken_on'])})")
        right = escape(f"{result['b']['label']} ({long_date(result['b']['taken_on'])})")
        parts = [f"<p><b>{result['changed']} of {len(result['statements'])} quality statements changed.</b></p>"]
        for s in result["statements"]:
            change = s["score_change"]
            moved = "" if not change else f" <b>({change:+d})</b>"
            baseline = escape(snapshots.baseline_text(s["score_b"], s["published"]))
            title = f"{s['qs']} {escape(s['name'])}"
            score = f"score {s['score_a'] or '-'} to {s['score_b'] or '-'}{moved}; {baseline}"
            if not s["changed"]:
                parts.append(f"<p style='color:#555'>{title}: unchanged; {baseline}</p>")
                continue
            rows = "".join(
                f"<tr><td width='16%'><b>{escape(f['label'])}</b></td>"
                f"<td width='42%'>{side_html(f['diff'], 'removed')}</td>"
                f"<td width='42%'>{side_html(f['diff'], 'added')}</td></tr>"
                for f in s["fields"]
                if f["changed"]
            )
            table = (
                f"<table width='100%' border='1' cellspacing='0' cellpadding='4' style='border-color:#ccc'>"
                f"<tr bgcolor='#e3eef3'><th></th><th>{left}</th><th>{right}</th></tr>{rows}</table>"
                if rows
                else ""
            )
            parts.append(f"<h3 style='margin-bottom:2px'>{title}</h3><p style='margin-top:0'>{score}</p>{table}")
        return "".join(parts)

    def take(self) -> None:
        label, ok = QInputDialog.getText(self, "Take a snapshot", "Label (e.g. Q3 refresh for the board):")
        if not ok or not label.strip():
            return
        text = label.strip()
        self.ctx.write(
            lambda reg: snapshots.take(reg, text, today=self.ctx.today()),
            "taking a snapshot",
            on_done=lambda _r: self.ctx.notice.emit(f"Snapshot taken: {text}"),
        )

    def print_comparison(self) -> None:
        a = self.a.currentData()
        if a is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Print the comparison", "self-assessment comparison.pdf", "PDF (*.pdf)"
        )
        if not target:
            return
        from readiness_app.reports.options import ReportOptions
        from readiness_app.reports.rendering import render

        options = ReportOptions(extra={"a": a, "b": self.b.currentData()})
        self.ctx.printer.submit(
            lambda reg: render(reg, "snapshot-comparison", target, options),
            description="printing the comparison",
            on_done=lambda r: self.ctx.notice.emit(f"Printed {r.path.name} ({r.pages} pages)"),
            on_error=lambda e: self._failed(e),
        )

    def _failed(self, error: BaseException) -> None:
        from readiness_app.ui import feedback

        feedback.show_error(self, error, "Printing the comparison")


PAGE = SnapshotsPage
