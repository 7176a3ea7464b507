"""Full-text search over the register's own text and the evidence files' contents (SQLite FTS5).

    hits = search(reg, "carers strategy")                      # best first, with snippets
    hits = search(reg, '"hospital discharge" transit*', kinds=["evidence"], qs="QS6")

One FTS5 table, `search_index` (migration V_SEARCH), tokenised with Porter over
unicode61, so plurals and word endings find each other ("carer" finds "carers",
"transition" finds "transitions") and text in any script is split into words.
The register's records are kept in it by triggers, in the same transaction as
the edit that changed them; the evidence files' text is written here by the
indexer (`evidence/indexing.py`) as rows of kind "contents". Being inside the
register, the index is encrypted along with an encrypted register.

Why not sqlite-utils' `enable_fts`: it makes one FTS table per source table. One
table across every kind gives one list ranked by bm25 (a file's words against a
gap's wording), one snippet call, and one place for the synonyms; its triggers
are plain SQL in the migration.

What a user types is never handed to FTS5 as it is: `match_expression` turns it
into a safe expression (every word quoted, so punctuation or a stray quote is no
syntax error), keeps "quoted phrases", `prefix*`, OR and -excluded words, and
widens each word with the council's usual synonyms and British/American spellings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from readiness_app.errors import ReadinessError
from readiness_app.register.connection import Register
from readiness_app.register.migrations import SEARCH_BASE, SEARCH_SOURCES

MARK_START, MARK_END = "\x02", "\x03"  # around matched words in a snippet; callers render them
ELLIPSIS = "…"

# What a result is, in the order results are grouped, with the name shown and the name the
# command line takes. File text ("contents") and answers are shown as their evidence item and
# information-return item.
KINDS: dict[str, str] = {
    "evidence": "Evidence",
    "request": "CQC requests",
    "return_item": "Information return",
    "gap": "Gaps",
    "self_assessment": "Self-assessment",
    "session": "Sessions and key messages",
    "learning": "Learning log",
    "accuracy": "Factual accuracy",
    "improvement": "Improvement plan",
}
SHOWN_AS = {"contents": "evidence", "return_answer": "return_item"}
_INDEX_KINDS = {shown: [shown] + [k for k, v in SHOWN_AS.items() if v == shown] for shown in KINDS}
KIND_NAMES = {  # --kind accepts these (and the KINDS keys themselves)
    "return": "return_item",
    "information-return": "return_item",
    "self-assessment": "self_assessment",
    "requests": "request",
    "gaps": "gap",
    "sessions": "session",
    "key-messages": "session",
    "actions": "improvement",
    "fa": "accuracy",
}
# A row's rowid is its kind's number times 2**40 plus the record's rowid (see migrations.V_SEARCH).
INDEX_KINDS: dict[int, str] = {number: kind for kind, number, *_ in SEARCH_SOURCES} | {2: "contents"}
_CODES = {kind: number for number, kind in INDEX_KINDS.items()}
_RECORD = SEARCH_BASE - 1
CONTENTS_BASE = 2 * SEARCH_BASE  # rowid of an evidence item's file text: 2 * 2**40 + item id

# Words a council uses for the same thing. Each group's members find each other; a
# member of several words is matched as a phrase. Plurals need no entry (Porter stems them).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("carer", "unpaid carer", "family carer"),
    ("ld", "learning disability", "learning disabilities"),
    ("mh", "mental health"),
    ("s42", "section 42", "safeguarding enquiry"),
    ("dols", "deprivation of liberty"),
    ("psw", "principal social worker"),
    ("pot", "principal occupational therapist"),
    ("dass", "director of adult social services"),
    ("asc", "adult social care"),
    ("sab", "safeguarding adults board"),
    ("vcs", "vcse", "voluntary sector", "voluntary and community sector"),
    ("icb", "integrated care board"),
    ("msp", "making safeguarding personal"),
    ("ot", "occupational therapy", "occupational therapist"),
    ("lair", "information return"),
    ("ascof", "adult social care outcomes framework"),
    ("transitions", "preparing for adulthood", "pfa"),
    ("autism", "autistic", "asd"),
    ("older people", "older adults"),
)
_SPELLINGS = (  # British and American spellings; both are searched whichever is typed
    (r"^(\w{3,})is(e|es|ed|ing|ation|ations)$", r"\1iz\2"),
    (r"^(\w{3,})iz(e|es|ed|ing|ation|ations)$", r"\1is\2"),
    (r"^(behavi|col|neighb|lab|fav|hon|harb)our(s|ed|ing|al|hood)?$", r"\1or\2"),
    (r"^(behavi|col|neighb|lab|fav|hon|harb)or(s|ed|ing|al|hood)?$", r"\1our\2"),
    (r"^centre(s|d)?$", r"center\1"),
    (r"^center(s|ed)?$", r"centre\1"),
    (r"^programme(s)?$", r"program\1"),
    (r"^program(s)?$", r"programme\1"),
    (r"^judgement(s)?$", r"judgment\1"),
    (r"^judgment(s)?$", r"judgement\1"),
    (r"^paediatric", "pediatric"),
    (r"^pediatric", "paediatric"),
    (r"^ageing$", "aging"),
    (r"^aging$", "ageing"),
)
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Hit:
    """One result: the record to open, its title, a snippet with the matched words marked."""

    kind: str  # a KINDS key
    record: int | str  # the record's id (a QS id for a self-assessment)
    title: str
    snippet: str
    score: float  # bm25: lower is better
    in_file: bool = False  # matched inside the evidence file's text
    rel_path: str | None = None  # evidence only

    def snippet_marked(self, start: str = "[", end: str = "]") -> str:
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.record,
            "title": self.title,
            "snippet": self.snippet_marked(),
            "in_file": self.in_file,
            "path": self.rel_path,
            "score": round(self.score, 4),
        }


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _variants(word: str) -> list[str]:
    found = [word]
    for pattern, replacement in _SPELLINGS:
        other = re.sub(pattern, replacement, word)
        if other != word and other not in found:
            found.append(other)
    return found


_GROUP_OF = {member: group for group in SYNONYMS for member in group}
_LONGEST = max(len(m.split()) for group in SYNONYMS for m in group)


def _alternatives(words: list[str]) -> list[str]:
    """The ways of writing `words` (one word or a phrase) that are searched."""
    text = " ".join(words).lower()
    group = _GROUP_OF.get(text) or _GROUP_OF.get(text.rstrip("s"))
    found: list[str] = []
    for member in group or (text,):
        for variant in _variants(member) if " " not in member else [member]:
            if variant not in found:
                found.append(variant)
    return found


def _term(words: list[str], prefix: bool = False) -> str:
    if prefix:
        return _quoted(" ".join(words)) + "*"
    options = [_quoted(a) for a in _alternatives(words)]
    return options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")"


def match_expression(text: str) -> str | None:
    """A safe FTS5 expression for what the user typed, or None when it holds no word to look for."""
    raw = _TOKEN.findall(text or "")
    positive: list[str] = []
    negative: list[str] = []
    joiner_or = False
    i = 0
    while i < len(raw):
        token = raw[i]
        if token in ("OR", "AND", "NOT") and positive:
            joiner_or = token == "OR"
            if token == "NOT" and i + 1 < len(raw):
                raw[i + 1] = "-" + raw[i + 1].lstrip("-")
            i += 1
            continue
        excluded = token.startswith("-") and len(token) > 1
        body = token[1:] if excluded else token
        if body.startswith('"'):
            words = body.strip('"').split()
            term = _term(words) if words and _WORDLIKE.search(body) else None
            step = 1
        else:
            # Several plain words that together make a synonym ("learning disability") are one term.
            step, words = 1, [body]
            for size in range(_LONGEST, 1, -1):
                group = [t for t in raw[i : i + size] if not t.startswith(('"', "-"))]
                if len(group) == size and " ".join(group).lower() in _GROUP_OF and not excluded:
                    step, words = size, group
                    break
            prefix = len(words) == 1 and words[0].endswith("*") and len(words[0]) > 1
            if prefix:
                words = [words[0].rstrip("*")]
            term = _term(words, prefix) if _WORDLIKE.search(" ".join(words)) else None
        i += step
        if term is None:
            continue
        if excluded:
            negative.append(term)
        elif joiner_or and positive:
            positive[-1] = f"({positive[-1]} OR {term})"
        else:
            positive.append(term)
        joiner_or = False
    if not positive:
        return None
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression


def _kinds(kinds: Iterable[str] | None) -> list[str] | None:
    if not kinds:
        return None
    wanted: list[str] = []
    for kind in kinds:
        key = KIND_NAMES.get(kind, kind.replace("-", "_"))
        if key not in KINDS:
            names = sorted(set(KINDS) | set(KIND_NAMES))
            raise ReadinessError(f"there is no kind {kind!r} to search", hint="kinds: " + ", ".join(names))
        wanted += _INDEX_KINDS[key]
    return wanted


_QS_FILTER = f"""
    CASE s.rowid / {SEARCH_BASE}
    WHEN {_CODES["evidence"]} THEN EXISTS (SELECT 1 FROM evidence_qs q WHERE q.evidence_id = s.rowid % {SEARCH_BASE}
        AND q.qs = :qs)
    WHEN {_CODES["contents"]} THEN EXISTS (SELECT 1 FROM evidence_qs q WHERE q.evidence_id = s.rowid % {SEARCH_BASE}
        AND q.qs = :qs)
    WHEN {_CODES["session"]} THEN EXISTS (SELECT 1 FROM session_qs q WHERE q.session_id = s.rowid % {SEARCH_BASE}
        AND q.qs = :qs)
    WHEN {_CODES["learning"]} THEN EXISTS (SELECT 1 FROM learning_qs q WHERE q.entry_id = s.rowid % {SEARCH_BASE}
        AND q.qs = :qs)
    WHEN {_CODES["return_answer"]} THEN EXISTS (SELECT 1 FROM return_answer a JOIN return_item i ON i.id = a.item_id
        WHERE a.id = s.rowid % {SEARCH_BASE} AND (',' || replace(i.qs, ' ', '') || ',') LIKE '%,' || :qs || ',%')
    ELSE (',' || replace(coalesce(s.qs, ''), ' ', '') || ',') LIKE '%,' || :qs || ',%'
    END
"""
# Weights per column (qs, title, body, details): a word in the title counts most.
_RANK = "bm25(search_index, 0, 8.0, 1.0, 2.0)"


def search(
    reg: Register,
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    qs: str | None = None,
    limit: int = 50,
    snippet_words: int = 12,
) -> list[Hit]:
    """Records and files matching `text`, best first; an evidence item appears once."""
    expression = match_expression(text)
    if expression is None:
        return []
    params: dict[str, Any] = {"match": expression, "limit": limit * 2 + 10, "words": snippet_words}
    where = ["search_index MATCH :match"]
    index_kinds = _kinds(kinds)
    if index_kinds is not None:
        codes = ", ".join(str(_CODES[k]) for k in index_kinds)  # from KINDS only, never from the user
        where.append(f"s.rowid / {SEARCH_BASE} IN ({codes})")
    if qs:
        from readiness_app.framework.matcher import parse_qs_list

        params["qs"] = (parse_qs_list(qs) or [qs.strip().upper()])[0]
        where.append(_QS_FILTER)
    # Rank first, then make snippets for the best rows only: a snippet costs far more than a score.
    ranked = reg.query(
        f"SELECT s.rowid AS id, {_RANK} AS score FROM search_index s WHERE {' AND '.join(where)} "
        "ORDER BY score LIMIT :limit",
        params,
    )
    if not ranked:
        return []
    scores = {r["id"]: r["score"] for r in ranked}
    marks = f"'{MARK_START}', '{MARK_END}', '{ELLIPSIS}', :words"
    ids = ", ".join(str(int(i)) for i in scores)
    shown = reg.query(
        f"SELECT s.rowid AS id, s.rowid / {SEARCH_BASE} AS code, s.rowid % {SEARCH_BASE} AS record, s.title, "
        # An evidence item's own row shows its notes (its title and file name are shown anyway).
        f"CASE s.rowid / {SEARCH_BASE} WHEN {_CODES['evidence']} THEN snippet(search_index, 2, {marks}) "
        f"ELSE snippet(search_index, -1, {marks}) END AS snip "
        f"FROM search_index s WHERE search_index MATCH :match AND s.rowid IN ({ids})",
        {"match": expression, "words": snippet_words},
    )
    rows = sorted(({**dict(r), "score": scores[r["id"]]} for r in shown), key=lambda r: (r["score"], r["id"]))
    return _hits(reg, rows)[:limit]


def _hits(reg: Register, found: list[dict[str, Any]]) -> list[Hit]:
    rows = [{**r, "kind": INDEX_KINDS[r["code"]]} for r in found]
    evidence_ids = {r["record"] for r in rows if r["kind"] in ("evidence", "contents")}
    answer_ids = {r["record"] for r in rows if r["kind"] == "return_answer"}
    evidence = _by_id(reg, "SELECT id, title, rel_path FROM evidence WHERE id IN ({})", evidence_ids)
    answers = _by_id(
        reg,
        "SELECT a.id, i.id AS item_id, i.number || ' ' || i.title AS title FROM return_answer a "
        "JOIN return_item i ON i.id = a.item_id WHERE a.id IN ({})",
        answer_ids,
    )
    hits: list[Hit] = []
    seen: dict[tuple[str, Any], int] = {}
    for row in rows:
        kind, record, title = SHOWN_AS.get(row["kind"], row["kind"]), row["record"], row["title"]
        rel_path = None
        if kind == "evidence":
            item = evidence.get(record)
            if item is None:
                continue
            title, rel_path = item["title"], item["rel_path"]
        elif row["kind"] == "return_answer":
            answer = answers.get(record)
            if answer is None:
                continue
            record, title = answer["item_id"], answer["title"]
        elif kind == "self_assessment":  # indexed by its QS's number (see migrations.SEARCH_KEYS)
            record = f"QS{record}"
        if (kind, record) in seen:
            if row["kind"] == "contents":  # the item matched by its details too: show the words in the file
                at = seen[(kind, record)]
                hits[at] = replace(hits[at], snippet=_one_line(row["snip"] or ""), in_file=True)
            continue
        seen[(kind, record)] = len(hits)
        hits.append(
            Hit(
                kind=kind,
                record=record,
                title=str(title or ""),
                snippet=_one_line(row["snip"] or ""),
                score=float(row["score"]),
                in_file=row["kind"] == "contents",
                rel_path=rel_path,
            )
        )
    return hits


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _by_id(reg: Register, sql: str, ids: set[Any]) -> dict[Any, Any]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {r["id"]: r for r in reg.query(sql.format(marks), tuple(ids))}


def grouped(hits: Sequence[Hit]) -> list[tuple[str, list[Hit]]]:
    """Hits by kind, in the order of KINDS, each group best first."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(hit.kind, []).append(hit)
    return [(kind, groups[kind]) for kind in KINDS if kind in groups]


# ----- the evidence files' text -----


@dataclass(frozen=True)
class FileToRead:
    evidence_id: int
    rel_path: str
    sha256: str
    size: int


def files_to_read(reg: Register) -> list[FileToRead]:
    """Evidence files whose current content (SHA-256) has not been read yet."""
    rows = reg.query(
        "SELECT e.id, e.rel_path, e.sha256, coalesce(e.size, 0) AS size FROM evidence e "
        "WHERE e.presence IN ('present', 'duplicate') AND e.sha256 IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM evidence_contents c WHERE c.evidence_id = e.id) ORDER BY e.id"
    )
    return [FileToRead(r["id"], r["rel_path"], r["sha256"], r["size"]) for r in rows]


def store_contents(reg: Register, item: FileToRead, text: str, *, reason: str = "") -> bool:
    """Record what was read from one file (text, or none and why). False if the file changed meanwhile.

    Runs in one short transaction; the item's hash is checked inside it, so text read
    from an old version of a file never lands against the new one. (A new hash drops the
    item's text and its `evidence_contents` row by trigger, so a row there means "the
    current content was read".)
    """
    with reg.transaction("watcher"):
        current = reg.scalar("SELECT sha256 FROM evidence WHERE id = ?", (item.evidence_id,))
        if current != item.sha256:
            return False
        reg.conn.execute("DELETE FROM search_index WHERE rowid = ?", (CONTENTS_BASE + item.evidence_id,))
        if text:
            reg.conn.execute(
                "INSERT INTO search_index (rowid, qs, title, body, details) VALUES (?, NULL, '', ?, '')",
                (CONTENTS_BASE + item.evidence_id, text),
            )
        reg.conn.execute(
            "INSERT OR REPLACE INTO evidence_contents (evidence_id, state, reason, chars) VALUES (?, ?, ?, ?)",
            (item.evidence_id, "text" if text else "no_text", reason, len(text)),
        )
    return True


def has_contents(reg: Register) -> bool:
    return bool(reg.scalar("SELECT 1 FROM evidence_contents LIMIT 1"))


def forget_contents(reg: Register) -> int:
    """Drop every file's text (content indexing turned off, or a re-index). Returns how many went."""
    with reg.transaction():
        count = int(reg.scalar("SELECT count(*) FROM evidence_contents") or 0)
        reg.conn.execute(
            "DELETE FROM search_index WHERE rowid BETWEEN ? AND ?", (CONTENTS_BASE, CONTENTS_BASE + _RECORD)
        )
        reg.conn.execute("DELETE FROM evidence_contents")
    return count


def rebuild_register_text(reg: Register) -> None:
    """Index every record's text again from the tables (the triggers keep it; this mends a damaged index)."""
    from readiness_app.register.migrations import V_SEARCH, _statements

    refill = [s for s in _statements(V_SEARCH) if s.startswith("INSERT INTO search_index")]
    with reg.transaction():
        reg.conn.execute(
            "DELETE FROM search_index WHERE rowid NOT BETWEEN ? AND ?", (CONTENTS_BASE, CONTENTS_BASE + _RECORD)
        )
        for statement in refill:
            reg.conn.execute(statement)
        reg.conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")


def contents_status(reg: Register) -> dict[str, Any]:
    """How far the files' text is indexed: counts, and the files with no text and why."""
    rows = reg.query("SELECT state, count(*) AS n FROM evidence_contents GROUP BY state")
    counts = {r["state"]: r["n"] for r in rows}
    no_text = [
        {"id": r["id"], "path": r["rel_path"], "reason": r["reason"]}
        for r in reg.query(
            "SELECT e.id, e.rel_path, c.reason FROM evidence_contents c JOIN evidence e ON e.id = c.evidence_id "
            "WHERE c.state = 'no_text' ORDER BY e.rel_path"
        )
    ]
    return {
        "with_text": counts.get("text", 0),
        "no_text": no_text,
        "waiting": len(files_to_read(reg)),
        "characters": int(reg.scalar("SELECT coalesce(sum(chars), 0) FROM evidence_contents") or 0),
    }


def no_text_reason(reg: Register, evidence_id: int) -> str | None:
    """Why an evidence file has no searchable text, or None (it has text, or has not been read yet)."""
    row = reg.query("SELECT state, reason FROM evidence_contents WHERE evidence_id = ?", (evidence_id,))
    return row[0]["reason"] if row and row[0]["state"] == "no_text" else None


def register_bytes(reg: Register) -> int:
    """The register's size as SQLite counts it (pages in use and free), without opening the file."""
    return int(reg.scalar("PRAGMA page_count") or 0) * int(reg.scalar("PRAGMA page_size") or 0)
