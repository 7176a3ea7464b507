"""Progress against the previous report, per quality statement.

For each QS: the previous assessment's score, the report's findings, the
improvement-plan actions that address them (with their RAG), the current
self-assessed score with the rating characteristic for it, and the evidence
that shows change. An area for improvement with no action, or with no evidence
of change, is counted here and in the readiness RAG (`register/readiness.py`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from readiness_app import clock
from readiness_app.framework import current
from readiness_app.register import assessment, findings, improvement, rating_characteristics, self_assessment
from readiness_app.register.connection import Register


def previous_assessment(reg: Register) -> dict[str, Any]:
    """The previous report: date, overall rating and the nine scores (the published outcome held)."""
    info = assessment.get(reg)
    rows = self_assessment.all_rows(reg)
    return {
        "date": info["published_date"],
        "rating": info["published_rating"],
        "scores": {q: rows[q]["published_score"] for q in current().qs_ids},
    }


def _evidence(reg: Register) -> dict[int, dict[str, Any]]:
    return {
        r["id"]: {"id": r["id"], "title": r["title"], "reference": r["reference"] or "", "rel_path": r["rel_path"]}
        for r in reg.query(
            "SELECT id, title, reference, rel_path FROM evidence WHERE id IN (SELECT evidence_id FROM finding_evidence)"
        )
    }


def per_qs(reg: Register, today: date | None = None, qs: str | None = None) -> list[dict[str, Any]]:
    """One entry per QS (or the one asked for), in framework order."""
    today = today or clock.today()
    fw = current()
    sa = self_assessment.all_rows(reg)
    previous = previous_assessment(reg)
    all_findings = findings.list_findings(reg)
    actions = {a["id"]: a for a in improvement.list_actions(reg, today=today)}
    by_ref = {a["reference"]: a for a in actions.values()}
    evidence = _evidence(reg)
    wanted = findings.parse_qs(qs) if qs else None
    out = []
    for statement in fw.statements:
        if wanted and statement.id != wanted:
            continue
        mine = [f for f in all_findings if f["qs"] == statement.id]
        entries = []
        for f in mine:
            linked = [by_ref[r] for r in f["actions"] if r in by_ref]
            entries.append(
                {
                    **{k: f[k] for k in ("id", "kind", "kind_label", "text", "page")},
                    "actions": [
                        {
                            "reference": a["reference"],
                            "description": a["description"],
                            "rag": a["rag"],
                            "rag_label": improvement.RAG[a["rag"]],
                            "part": a["part"],
                            "target_date": a["target_date"],
                        }
                        for a in linked
                    ],  # fmt: skip
                    "evidence": [evidence[e] for e in f["evidence"] if e in evidence],
                }
            )
        other_actions = [
            a
            for a in actions.values()
            if statement.id in a["qs"] and not any(a["reference"] in f["actions"] for f in mine)
        ]
        score = sa[statement.id]["score"]
        characteristic, characteristic_source = "", ""
        if score is not None:
            for c in rating_characteristics.for_qs(reg, statement.id):
                if c["score"] == score:
                    characteristic = c["description"]
                    characteristic_source = rating_characteristics.source_text(c)
        improve = [e for e in entries if e["kind"] == "improve"]
        out.append(
            {
                "qs": statement.id,
                "name": statement.name,
                "theme": statement.theme.name,
                "previous_score": previous["scores"][statement.id],
                "self_score": score,
                "characteristic": characteristic,
                "characteristic_source": characteristic_source,
                "findings": entries,
                "other_actions": [
                    {"reference": a["reference"], "description": a["description"], "rag": a["rag"], "part": a["part"]}
                    for a in other_actions
                ],
                "no_action": sum(1 for e in improve if not e["actions"]),
                "no_evidence": sum(1 for e in improve if not e["evidence"]),
                "areas_for_improvement": len(improve),
            }
        )
    return out
