"""Official wording a council keeps: CQC's We statements and the I statements, with attribution.

The shipped framework carries only the structure, the QS names and the app's own
summaries. A council that wants the current official wording printed keeps it in
a TOML file of its own and loads it (`--wording FILE`, or the app's Print page):

    source = "CQC, local authority assessment framework"   # default for every entry
    date = "2024-03-01"                                     # date of the wording

    [[quality_statements]]
    id = "QS1"
    we_statement = { text = "..." }
    i_statements = [ { text = "...", source = "Think Local Act Personal, Making It Real" } ]

Each statement needs text, source and date (given on the entry or as a file-wide
default); a missing one is named in the error, with its QS.
"""

from __future__ import annotations

from pathlib import Path

from readiness_app.errors import ReadinessError, ValidationErrors
from readiness_app.framework.model import Framework, QualityStatement, current, parse_wording_fields, set_current


def parse_wording(data: dict, framework: Framework, source: str = "") -> Framework:
    """A copy of `framework` with the wording in `data` merged in; every problem named."""
    problems: list[ReadinessError] = []
    defaults = {k: data.get(k) for k in ("source", "date") if data.get(k) not in (None, "")}
    entries = data.get("quality_statements", [])
    if not isinstance(entries, list) or not entries:
        problems.append(ReadinessError("no [[quality_statements]] entries", field="quality_statements"))
        entries = []
    merged: dict[str, QualityStatement] = {}
    for i, entry in enumerate(entries, start=1):
        qid = str(entry.get("id", "")).strip().upper() if isinstance(entry, dict) else ""
        where = f"quality statement {qid or i}"
        if not qid:
            problems.append(ReadinessError(f"{where}: 'id' is missing or empty", field="id"))
            continue
        if qid not in framework.qs_ids:
            problems.append(ReadinessError(f"{where}: unknown quality statement id {qid!r}", field="id"))
            continue
        we, i_list = parse_wording_fields(entry, where, problems, defaults)
        if we is None and not i_list and "we_statement" not in entry and "i_statements" not in entry:
            problems.append(ReadinessError(f"{where}: has neither we_statement nor i_statements", field=qid))
        q = framework.qs(qid)
        merged[qid] = QualityStatement(
            *(getattr(q, f) for f in ("id", "number", "theme", "name", "aliases", "focus", "people_expect")),
            prompts=q.prompts,
            we_statement=we or q.we_statement,
            i_statements=i_list or q.i_statements,
        )
    if problems:
        raise ValidationErrors(problems, what=f"wording file {source}".strip())
    out = Framework(
        name=framework.name,
        version=framework.version,
        themes=framework.themes,
        statements=tuple(merged.get(q.id, q) for q in framework.statements),
        categories=framework.categories,
        score_labels=framework.score_labels,
        bands=framework.bands,
        source=framework.source,
    )
    out.wording_source = source
    return out


def load_wording(path: Path | str, framework: Framework | None = None) -> Framework:
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReadinessError(f"wording file not found: {path}", "choose the file again", field="wording") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadinessError(f"cannot read wording file {path}: {exc}", field="wording") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReadinessError(f"wording file {path} is not valid TOML: {exc}", field="wording") from None
    return parse_wording(data, framework or current(), source=str(path))


def use_wording(path: Path | str) -> Framework:
    """Merge a council's wording file into the framework in use (validated first)."""
    base = current()
    if base.wording_source:  # start again from the plain framework, so an old file's text never lingers
        from readiness_app.framework.model import load_framework

        base = load_framework(base.source or None)
    return set_current(load_wording(path, base))
