"""The council's self-assessment as a document: `report self-assessment -o FILE.docx` (or .pdf).

Per theme and QS: the self-assessed score with the rating characteristic for it,
the narrative, strengths, areas for development, evidence references, key figures
from the data pack and the progress against the previous report. The same
content (`content`) is written as a Word document with real heading styles, a
table-of-contents field and named styles a Word user can restyle, or as a PDF.
"""

from __future__ import annotations

from typing import Any

from readiness_app.framework import current
from readiness_app.register import indicators, progress
from readiness_app.register.connection import Register
from readiness_app.register.validation import long_date

EVIDENCE_LIMIT = 12  # references listed per QS; the evidence index holds the rest


def _split(text: str) -> list[str]:
    """Strengths and areas for development are kept one per line; each prints as a bullet."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


def content(reg: Register, options: Any) -> dict[str, Any]:
    """Everything the document says, as plain data (both formats print this)."""
    from readiness_app.register import evidence as evidence_register
    from readiness_app.register import self_assessment

    today = options.today
    fw = current()
    rows = self_assessment.all_rows(reg)
    by_qs = {p["qs"]: p for p in progress.per_qs(reg, today=today)}
    figures: dict[str, list[dict[str, Any]]] = {}
    for ind in indicators.list_indicators(reg, today=today):
        figures.setdefault(ind["qs"], []).append(ind)
    items = evidence_register.list_items(reg)
    evidence: dict[str, list[str]] = {}
    for item in items:
        if item["status"] not in ("accepted", "submitted") or item["presence"] not in ("present", "duplicate"):
            continue
        for qs in item.get("qs") or []:
            evidence.setdefault(qs, []).append(f"{item['reference'] or item['id']}: {item['title']}")
    themes = []
    for theme in fw.themes:
        statements = []
        for qs in (q for q in fw.statements if q.theme.id == theme.id):
            row, prog = rows[qs.id], by_qs[qs.id]
            statements.append(
                {
                    "qs": qs.id,
                    "name": qs.name,
                    "score": row["score"],
                    "previous_score": prog["previous_score"],
                    "characteristic": prog["characteristic"],
                    "characteristic_source": prog["characteristic_source"],
                    "narrative": (row["narrative"] or "").strip(),
                    "strengths": _split(row["strengths"]),
                    "development": _split(row["development"]),
                    "evidence": sorted(evidence.get(qs.id, []))[:EVIDENCE_LIMIT],
                    "evidence_more": max(0, len(evidence.get(qs.id, [])) - EVIDENCE_LIMIT),
                    "figures": [_figure(f) for f in figures.get(qs.id, [])],
                    "progress": prog,
                }
            )
        themes.append({"name": theme.name, "statements": statements})
    previous = progress.previous_assessment(reg)
    return {"council": options.council, "today": today, "previous": previous, "themes": themes}


def _figure(ind: dict[str, Any]) -> str:
    text = f"{ind['name']}: {indicators.format_value(ind['value'], ind['unit'])}"
    if ind["period"]:
        text += f" ({ind['period']})"
    if ind.get("england") is not None:
        text += f"; England {indicators.format_value(ind['england'], ind['unit'])}"
    if ind["stale"]:
        text += f" [out of date: data of {long_date(ind['data_date'])}]"
    return text


def _progress_lines(prog: dict[str, Any]) -> list[str]:
    lines = []
    for f in prog["findings"]:
        page = f" (report p. {f['page']})" if f["page"] else ""
        line = f"{f['kind_label']}: {f['text']}{page}"
        if f["actions"]:
            line += ". Actions: " + "; ".join(f"{a['reference']} {a['rag_label'].lower()}" for a in f["actions"])
        elif f["kind"] == "improve":
            line += ". No action addresses it yet"
        if f["evidence"]:
            line += ". Evidence of change: " + "; ".join(e["reference"] or e["title"] for e in f["evidence"])
        elif f["kind"] == "improve":
            line += ". No evidence of change yet"
        lines.append(line)
    return lines


def _score_line(s: dict[str, Any]) -> str:
    now = s["score"] if s["score"] is not None else "not yet scored"
    prev = s["previous_score"] if s["previous_score"] is not None else "none recorded"
    return f"Self-assessed score: {now}. Previous assessment: {prev}."


def _characteristic(s: dict[str, Any]) -> str:
    return f"Rating characteristic for this score ({s['characteristic_source']}): {s['characteristic']}"


def _intro(data: dict[str, Any]) -> str:
    prev = data["previous"]
    if prev["rating"]:
        when = f" published {long_date(prev['date'])}" if prev["date"] else ""
        return (
            f"This self-assessment sets out where {data['council']} stands against each quality statement, "
            f"and the progress made since CQC's previous report{when} (overall rating: {prev['rating']})."
        )
    return f"This self-assessment sets out where {data['council']} stands against each quality statement."


# ---------------------------------------------------------------- Word


def word_document(reg: Register, options: Any) -> Any:
    """The document in Word: Title, Heading 1 per theme, Heading 2 per QS, a TOC field Word fills on open.
    `render` adds what every Word version carries (marking, header and footer, title, language)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    data = content(reg, options)
    doc = Document()
    doc.add_paragraph(f"{data['council']}: adult social care self-assessment", style="Title")
    doc.add_paragraph(f"As at {long_date(data['today'])}", style="Subtitle")
    toc = doc.add_paragraph()
    run = toc.add_run()
    begin, instr, sep, end = (OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar"),
                              OxmlElement("w:fldChar"))  # fmt: skip
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")  # Word updates the contents when the file opens
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    sep.set(qn("w:fldCharType"), "separate")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, sep):
        run._r.append(element)
    toc.add_run("Right-click and choose Update Field to show the contents.")
    toc.add_run()._r.append(end)
    doc.add_paragraph(_intro(data))
    for theme in data["themes"]:
        doc.add_heading(f"Theme: {theme['name']}", level=1)
        for s in theme["statements"]:
            doc.add_heading(f"{s['qs']} {s['name']}", level=2)
            doc.add_paragraph(_score_line(s))
            if s["characteristic"]:
                doc.add_paragraph(_characteristic(s), style="Quote")
            _docx_section(doc, "Narrative", [s["narrative"]] if s["narrative"] else [], "No narrative yet.", False)
            _docx_section(doc, "Strengths", s["strengths"], "None recorded.")
            _docx_section(doc, "Areas for development", s["development"], "None recorded.")
            _docx_section(doc, "Key figures", s["figures"], "No figures in the data pack for this statement.")
            more = [f"and {s['evidence_more']} more in the evidence index"] if s["evidence_more"] else []
            _docx_section(doc, "Evidence", s["evidence"] + more, "No accepted evidence yet.")
            _docx_section(
                doc, "Progress against the previous report", _progress_lines(s["progress"]), "No findings recorded."
            )
    return doc


def _docx_section(doc: Any, title: str, lines: list[str], empty: str, bullets: bool = True) -> None:
    doc.add_heading(title, level=3)
    if not lines:
        doc.add_paragraph(empty)
    for line in lines:
        doc.add_paragraph(line, style="List Bullet" if bullets else None)


# ---------------------------------------------------------------- PDF


def build(reg: Register, options: Any) -> Any:
    from readiness_app.reports import flowables as F
    from readiness_app.reports.options import Story

    data = content(reg, options)
    story: list = F.document_title(
        "Self-assessment", f"{data['council']}: adult social care, as at {long_date(data['today'])}"
    )
    story.append(F.para(_intro(data)))
    for theme in data["themes"]:
        story.append(F.heading(f"Theme: {theme['name']}", 0))
        for s in theme["statements"]:
            story.append(F.heading(f"{s['qs']} {s['name']}", 1))
            story.append(F.para(_score_line(s)))
            if s["characteristic"]:
                story.append(F.para(_characteristic(s)))
            sections = [
                ("Narrative", [s["narrative"]] if s["narrative"] else [], "No narrative yet.", False),
                ("Strengths", s["strengths"], "None recorded.", True),
                ("Areas for development", s["development"], "None recorded.", True),
                ("Key figures", s["figures"], "No figures in the data pack for this statement.", True),
                (
                    "Evidence",
                    s["evidence"]
                    + ([f"and {s['evidence_more']} more in the evidence index"] if s["evidence_more"] else []),
                    "No accepted evidence yet.",
                    True,
                ),
                ("Progress against the previous report", _progress_lines(s["progress"]), "No findings recorded.", True),
            ]
            for title, lines, empty, as_bullets in sections:
                story.append(F.subheading(title))
                if not lines:
                    story.append(F.para(empty))
                elif as_bullets:
                    story += F.bullets(lines)
                else:
                    story += [F.para(line) for line in lines]
    return Story(
        title="Self-assessment",
        subject=f"{data['council']}: adult social care self-assessment",
        keywords=["CQC", "self-assessment"],
        flowables=story,
    )
