"""How a quality statement's wording is printed: official text with its source, or the app's summary.

Official We and I statements appear only when the council has loaded them from a
wording file it keeps, and always with their source and date. Otherwise the
document prints the app's own summary, labelled so that nobody mistakes it for
CQC's or Think Local Act Personal's words.
"""

from __future__ import annotations

from readiness_app.framework.model import QualityStatement, Wording
from readiness_app.register.validation import long_date
from readiness_app.reports import flowables as F

SUMMARY_LABEL = "What people look for (the app's own summary, not CQC's wording)"


def _when(wording: Wording) -> str:
    try:
        return long_date(wording.date)
    except ValueError:  # a council may date its wording "March 2024"
        return wording.date


def _source(wording: Wording) -> str:
    return f"{wording.source}, {_when(wording)}"


def wording(q: QualityStatement) -> list:
    """The We and I statements with attribution where loaded; the app's summary where not."""
    out: list = []
    if q.we_statement:
        out.append(
            F.markup(
                f"<b>We statement</b> ({F.esc(_source(q.we_statement))}): <i>{F.esc(q.we_statement.text)}</i>", "body"
            )
        )
    if q.i_statements:
        sources = sorted({_source(w) for w in q.i_statements})
        out.append(F.markup(f"<b>I statements</b> ({F.esc('; '.join(sources))}):", "body"))
        out += F.bullets([w.text for w in q.i_statements])
    if q.people_expect and not q.i_statements:
        out.append(F.markup(f"<b>{F.esc(SUMMARY_LABEL)}:</b> {F.esc(q.people_expect)}", "body"))
    return out
