"""Numbered schema migrations, tracked in PRAGMA user_version.

Each migration runs in one transaction; a crash part-way leaves the previous
version intact. Add a migration by appending to MIGRATIONS; never edit one that
has shipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readiness_app.register.connection import Register

V1 = """
CREATE TABLE assessment (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    council TEXT NOT NULL,
    notification_date TEXT,
    lair_due_date TEXT,
    fa_received_date TEXT,
    evidence_folder TEXT,
    marking TEXT NOT NULL DEFAULT 'OFFICIAL-SENSITIVE',
    published_date TEXT,
    published_rating TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE visit_day (
    date TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('onsite', 'virtual'))
);
CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE self_assessment (
    qs TEXT PRIMARY KEY,
    score INTEGER CHECK (score BETWEEN 1 AND 4),
    target INTEGER CHECK (target BETWEEN 1 AND 4),
    narrative TEXT NOT NULL DEFAULT '',
    strengths TEXT NOT NULL DEFAULT '',
    development TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    published_score INTEGER CHECK (published_score BETWEEN 1 AND 4)
);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    rel_path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    size INTEGER,
    mtime REAL,
    title TEXT NOT NULL DEFAULT '',
    document_date TEXT,
    category TEXT,
    reference TEXT,
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'inbox'
        CHECK (status IN ('inbox', 'accepted', 'submitted', 'withdrawn')),
    presence TEXT NOT NULL DEFAULT 'present'
        CHECK (presence IN ('present', 'missing', 'duplicate', 'unreadable', 'not_downloaded')),
    problem TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    seen_at TEXT
);
CREATE INDEX evidence_sha ON evidence(sha256);
CREATE INDEX evidence_status ON evidence(status, presence);
CREATE TABLE evidence_qs (
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    qs TEXT NOT NULL,
    PRIMARY KEY (evidence_id, qs)
) WITHOUT ROWID;
CREATE INDEX evidence_qs_qs ON evidence_qs(qs);
CREATE TABLE gap (
    id INTEGER PRIMARY KEY,
    qs TEXT NOT NULL,
    category TEXT,
    kind TEXT NOT NULL DEFAULT 'general' CHECK (kind IN ('general', 'no_evidence')),
    description TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
    closed_by INTEGER REFERENCES evidence(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE tracked_case (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE COLLATE NOCASE,
    team TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL DEFAULT 'long_list'
        CHECK (stage IN ('long_list', 'shortlisted', 'selected', 'reserve', 'tracked', 'withdrawn')),
    consent TEXT NOT NULL DEFAULT 'not_sought'
        CHECK (consent IN ('not_sought', 'requested', 'given', 'declined', 'not_required')),
    consent_date TEXT,
    records_shared_date TEXT,
    contact TEXT NOT NULL DEFAULT '' CHECK (contact IN ('', 'person', 'family', 'advocate')),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE case_criterion (
    case_id INTEGER NOT NULL REFERENCES tracked_case(id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (case_id, tag)
) WITHOUT ROWID;
CREATE TABLE case_qs (
    case_id INTEGER NOT NULL REFERENCES tracked_case(id) ON DELETE CASCADE,
    qs TEXT NOT NULL,
    PRIMARY KEY (case_id, qs)
) WITHOUT ROWID;
CREATE TABLE person (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    team TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'staff' CHECK (kind IN
        ('leader', 'staff', 'partner', 'provider', 'voluntary', 'carer', 'lived_experience'))
);
CREATE INDEX person_name ON person(name COLLATE NOCASE);
CREATE TABLE assessor (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL DEFAULT ''
);
CREATE TABLE room (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    location TEXT NOT NULL DEFAULT '',
    virtual INTEGER NOT NULL DEFAULT 0,
    link TEXT NOT NULL DEFAULT ''
);
CREATE TABLE session (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    room_id INTEGER REFERENCES room(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN
        ('one_to_one', 'focus_group', 'drop_in', 'case_tracking', 'partner_provider', 'other')),
    case_id INTEGER REFERENCES tracked_case(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
        ('planned', 'invited', 'confirmed', 'briefed', 'held', 'cancelled')),
    briefing_owner TEXT NOT NULL DEFAULT '',
    key_messages TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    CHECK (end > start)
);
CREATE INDEX session_date ON session(date, start);
CREATE TABLE session_qs (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    qs TEXT NOT NULL,
    PRIMARY KEY (session_id, qs)
) WITHOUT ROWID;
CREATE TABLE session_person (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, person_id)
) WITHOUT ROWID;
CREATE INDEX session_person_person ON session_person(person_id);
CREATE TABLE session_assessor (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    assessor_id INTEGER NOT NULL REFERENCES assessor(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, assessor_id)
) WITHOUT ROWID;
CREATE TABLE session_evidence (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, evidence_id)
) WITHOUT ROWID;

-- Visit week and after
CREATE TABLE learning_entry (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES session(id) ON DELETE SET NULL,
    date TEXT NOT NULL,
    went_well TEXT NOT NULL DEFAULT '',
    to_correct TEXT NOT NULL DEFAULT '',
    correct_by TEXT NOT NULL DEFAULT '',
    evidence_to_send TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE learning_qs (
    entry_id INTEGER NOT NULL REFERENCES learning_entry(id) ON DELETE CASCADE,
    qs TEXT NOT NULL,
    PRIMARY KEY (entry_id, qs)
) WITHOUT ROWID;
CREATE TABLE cqc_request (
    id INTEGER PRIMARY KEY,
    received_date TEXT NOT NULL,
    from_whom TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    qs TEXT,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'sent', 'closed')),
    sent_date TEXT,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE request_evidence (
    request_id INTEGER NOT NULL REFERENCES cqc_request(id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (request_id, evidence_id)
) WITHOUT ROWID;
CREATE TABLE fa_point (
    id INTEGER PRIMARY KEY,
    section TEXT NOT NULL,
    draft_wording TEXT NOT NULL DEFAULT '',
    correction_type TEXT NOT NULL CHECK (correction_type IN ('typo_figure', 'inaccurate', 'omitted')),
    proposed_wording TEXT NOT NULL DEFAULT '',
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'agreed', 'submitted', 'accepted', 'rejected')),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE fa_point_evidence (
    point_id INTEGER NOT NULL REFERENCES fa_point(id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (point_id, evidence_id)
) WITHOUT ROWID;
CREATE TABLE improvement_action (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    qs TEXT,
    theme TEXT,
    description TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('H', 'M', 'L')),
    lead TEXT NOT NULL,
    target_date TEXT,
    status TEXT NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'on_track', 'complete')),
    board TEXT NOT NULL DEFAULT '',
    progress TEXT NOT NULL DEFAULT ''
);

-- The audit trail: append-only. Triggers refuse edits and deletes.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    record_table TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    changes TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_at ON audit(at);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

# A council's own visit: rooms and the CQC team in full, and the assessment timeline.
V_VISIT_SETUP = """
ALTER TABLE room ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);
ALTER TABLE room ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE assessor ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE assessor ADD COLUMN notes TEXT NOT NULL DEFAULT '';
-- Roles were free text; they become keys of a fixed list. Text that fits no key is kept in the notes.
UPDATE assessor SET
    role = CASE lower(trim(role))
        WHEN '' THEN ''
        WHEN 'lead assessor' THEN 'lead_inspector'
        WHEN 'lead inspector' THEN 'lead_inspector'
        WHEN 'inspector' THEN 'lead_inspector'
        WHEN 'assessor' THEN 'assessor'
        WHEN 'specialist adviser' THEN 'specialist_adviser'
        WHEN 'specialist advisor' THEN 'specialist_adviser'
        WHEN 'expert by experience' THEN 'expert_by_experience'
        WHEN 'analyst' THEN 'analyst'
        ELSE 'other' END,
    notes = CASE WHEN lower(trim(role)) IN ('', 'lead assessor', 'lead inspector', 'inspector', 'assessor',
        'specialist adviser', 'specialist advisor', 'expert by experience', 'analyst') THEN notes ELSE role END;
-- One row per milestone: `key` names a standard one (NULL for the council's own).
-- Dates that the assessment row or the visit days already hold are read from there, not copied here.
CREATE TABLE milestone (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE,
    title TEXT NOT NULL,
    date TEXT,
    owner TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done')),
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX milestone_date ON milestone(date);
"""

# Packs that brief (issue 17): why each session is held, the QS lead's key messages,
# and the printed versions of the readiness checklist (number, when, what it said).
V_BRIEFING = """
ALTER TABLE session ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE self_assessment ADD COLUMN key_messages TEXT NOT NULL DEFAULT '';
CREATE TABLE printed_version (
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    version INTEGER NOT NULL,
    printed_at TEXT NOT NULL,
    snapshot TEXT NOT NULL DEFAULT '{}',
    UNIQUE (document, version)
);
"""

# The information return (CQC's numbered request list and each item's answers),
# the data pack (indicators per QS) and the self-assessment cycle (read-only
# snapshots, and rating characteristics loaded from CQC's publication).
V_INFORMATION_RETURN = """
CREATE TABLE return_item (
    id INTEGER PRIMARY KEY,
    number TEXT NOT NULL UNIQUE COLLATE NOCASE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    qs TEXT,
    category TEXT,
    status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'in_progress', 'ready', 'submitted')),
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX return_item_status ON return_item(status);
CREATE TABLE return_answer (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES return_item(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('evidence', 'section', 'link', 'not_held')),
    evidence_id INTEGER REFERENCES evidence(id) ON DELETE SET NULL,
    section TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX return_answer_item ON return_answer(item_id);
CREATE INDEX return_answer_evidence ON return_answer(evidence_id);
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    qs TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    data_date TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    better TEXT NOT NULL CHECK (better IN ('higher', 'lower')),
    england REAL,
    region REAL,
    comparator REAL,
    target REAL,
    history TEXT NOT NULL DEFAULT '[]',
    owner TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicator_qs ON indicator(qs);
CREATE TABLE snapshot (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    taken_on TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT 'manual' CHECK (reason IN ('manual', 'before_import', 'before_visit')),
    content TEXT NOT NULL
);
CREATE TRIGGER snapshot_read_only BEFORE UPDATE ON snapshot
BEGIN SELECT RAISE(ABORT, 'a snapshot cannot be changed'); END;
CREATE TABLE rating_characteristic (
    qs TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 4),
    description TEXT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'final', 'example')),
    loaded_at TEXT NOT NULL,
    PRIMARY KEY (qs, score)
) WITHOUT ROWID;
"""
# Documents fit for who receives them (issue 24): attendees' access needs for the host's pack,
# CQC's agreement to a reserve case's promotion (who, when), a drop-in's host, and where a factual
# accuracy point sits in CQC's draft (page and paragraph).
V_AUDIENCES = """
ALTER TABLE person ADD COLUMN access_needs TEXT NOT NULL DEFAULT '';
ALTER TABLE tracked_case ADD COLUMN cqc_agreed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tracked_case ADD COLUMN cqc_agreed_at TEXT;
ALTER TABLE session ADD COLUMN host TEXT NOT NULL DEFAULT '';
ALTER TABLE fa_point ADD COLUMN page TEXT NOT NULL DEFAULT '';
ALTER TABLE fa_point ADD COLUMN paragraph TEXT NOT NULL DEFAULT '';
"""

# Full-text search (issue 27): one FTS5 table over the register's own text and the text
# of the evidence files. Triggers keep the register's rows in it in the same transaction
# as the edit; file text is written by the indexer (register/search.py). Each row's rowid
# is the kind's number times 2**40 plus the record's rowid: an edit finds its row by rowid
# instead of scanning the index, and the kind and record need no column of their own.
# `evidence_contents` says, per item, that its current content was read and what came of
# it; a new hash or a missing file drops both the text and that row.
SEARCH_BASE = 1 << 40
# kind, number, table, qs, title, body, details, columns whose change re-indexes the row
SEARCH_SOURCES = (
    ("evidence", 1, "evidence", "NULL", "new.title",
     # the file's name without its folders (the folders name the QS and category, searched by filter)
     "new.notes", "replace(new.rel_path, rtrim(new.rel_path, replace(new.rel_path, '/', '')), '')"
     " || ' ' || coalesce(new.reference, '') || ' ' || coalesce(new.category, '')"
     " || ' ' || new.owner || ' ' || new.status || ' ' || new.problem",
     "title, notes, rel_path, reference, category, owner, status, problem"),
    ("gap", 3, "gap", "new.qs", "new.description", "new.notes",
     "coalesce(new.category, '') || ' ' || new.severity || ' ' || new.owner || ' ' || new.status",
     "description, notes, qs, category, severity, owner, status"),
    ("self_assessment", 4, "self_assessment", "new.qs", "'Self-assessment ' || new.qs",
     "new.narrative || ' ' || new.strengths || ' ' || new.development", "new.owner",
     "narrative, strengths, development, owner"),
    ("session", 5, "session", "NULL", "new.title", "new.key_messages || ' ' || new.notes",
     "new.date || ' ' || new.kind || ' ' || new.status || ' ' || new.briefing_owner",
     "title, key_messages, notes, date, kind, status, briefing_owner"),
    ("learning", 6, "learning_entry", "NULL", "'Learning log ' || new.date",
     "new.went_well || ' ' || new.to_correct || ' ' || new.correct_by || ' ' || new.evidence_to_send",
     "new.themes", "date, went_well, to_correct, correct_by, evidence_to_send, themes"),
    ("request", 7, "cqc_request", "new.qs", "new.description", "new.notes",
     "new.from_whom || ' ' || new.owner || ' ' || new.status",
     "description, notes, qs, from_whom, owner, status"),
    ("return_item", 8, "return_item", "new.qs", "new.number || ' ' || new.title",
     "new.description || ' ' || new.notes",
     "coalesce(new.category, '') || ' ' || new.owner || ' ' || new.status",
     "number, title, description, notes, qs, category, owner, status"),
    ("return_answer", 9, "return_answer", "NULL", "''",
     "new.section || ' ' || new.link || ' ' || new.reason", "new.kind", "section, link, reason, kind"),
    ("accuracy", 10, "fa_point", "NULL", "new.section",
     "new.draft_wording || ' ' || new.proposed_wording || ' ' || new.notes",
     "new.correction_type || ' ' || new.owner || ' ' || new.status",
     "section, draft_wording, proposed_wording, notes, correction_type, owner, status"),
    ("improvement", 11, "improvement_action", "new.qs", "new.reference || ' ' || new.description",
     "new.progress",
     "coalesce(new.theme, '') || ' ' || new.priority || ' ' || new.lead || ' ' || new.board || ' ' || new.status",
     "reference, description, progress, qs, theme, priority, lead, board, status"),
)  # fmt: skip


# Each source's record number in the index: its integer id (the rowid), except a table keyed by
# text, whose implicit rowid a copy (encrypting, restoring) may renumber: there, a stable number.
SEARCH_KEYS = {"self_assessment": "CAST(substr(new.qs, 3) AS INTEGER)"}  # QS7 -> 7


def _search_migration() -> str:
    parts = [
        "CREATE VIRTUAL TABLE search_index USING fts5(qs UNINDEXED, title, body, details,"
        " tokenize = 'porter unicode61 remove_diacritics 2');",
        "CREATE TABLE evidence_contents (\n"
        "    evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,\n"
        "    state TEXT NOT NULL CHECK (state IN ('text', 'no_text')),\n"
        "    reason TEXT NOT NULL DEFAULT '',\n"
        "    chars INTEGER NOT NULL DEFAULT 0\n"
        ");",
    ]
    for _kind, number, table, qs, title, body, details, columns in SEARCH_SOURCES:
        rowid = f"{number * SEARCH_BASE} + {SEARCH_KEYS.get(table, 'new.rowid')}"
        insert = (
            f"INSERT INTO search_index (rowid, qs, title, body, details) "
            f"VALUES ({rowid}, {qs}, {title}, {body}, {details});"
        )
        parts += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END;",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {rowid.replace('new.', 'old.')}; {insert} END;",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN "
            f"DELETE FROM search_index WHERE rowid = {rowid.replace('new.', 'old.')}; END;",
            f"INSERT INTO search_index (rowid, qs, title, body, details) "
            f"SELECT {rowid}, {qs}, {title}, {body}, {details} FROM {table} AS new;",
        ]
    contents = f"{2 * SEARCH_BASE} + old.id"
    parts += [
        # The file's text goes with the file: a new content, a missing file or a deleted item drops it.
        f"CREATE TRIGGER search_contents_stale AFTER UPDATE OF sha256, presence ON evidence "
        f"WHEN old.sha256 IS NOT new.sha256 OR new.presence = 'missing' BEGIN "
        f"DELETE FROM search_index WHERE rowid = {contents}; "
        f"DELETE FROM evidence_contents WHERE evidence_id = old.id; END;",
        f"CREATE TRIGGER search_contents_delete AFTER DELETE ON evidence BEGIN "
        f"DELETE FROM search_index WHERE rowid = {contents}; END;",
    ]
    return "\n".join(parts) + "\n"


V_SEARCH = _search_migration()  # generated from the frozen table above; never edit either once shipped

# Re-assessment (issue 26): the previous report's findings per QS, linked to the
# improvement-plan actions that address them and to the evidence that shows change;
# the plan in two parts (post-report, readiness before the next visit) with "at risk";
# each indicator's publication cycle and its benchmarks' period, "better when" optional;
# the status of each annual self-assessment (a snapshot). The previous report itself is
# the published outcome already held (assessment.published_*, self_assessment.published_score).
# improvement_action and indicator are rebuilt (SQLite cannot change a CHECK in place).
V_REASSESSMENT = """
CREATE TABLE improvement_action_new (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    qs TEXT,
    theme TEXT,
    description TEXT NOT NULL,
    priority TEXT NOT NULL CHECK (priority IN ('H', 'M', 'L')),
    lead TEXT NOT NULL,
    target_date TEXT,
    status TEXT NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'on_track', 'at_risk', 'complete')),
    board TEXT NOT NULL DEFAULT '',
    progress TEXT NOT NULL DEFAULT '',
    part TEXT NOT NULL DEFAULT 'post_report' CHECK (part IN ('post_report', 'readiness'))
);
INSERT INTO improvement_action_new
    (id, reference, qs, theme, description, priority, lead, target_date, status, board, progress)
    SELECT id, reference, qs, theme, description, priority, lead, target_date, status, board, progress
    FROM improvement_action;
DROP TABLE improvement_action;
ALTER TABLE improvement_action_new RENAME TO improvement_action;
CREATE TABLE indicator_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    qs TEXT NOT NULL,
    value REAL NOT NULL,
    unit TEXT NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    data_date TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    better TEXT CHECK (better IS NULL OR better IN ('higher', 'lower')),
    england REAL,
    region REAL,
    comparator REAL,
    target REAL,
    history TEXT NOT NULL DEFAULT '[]',
    owner TEXT NOT NULL DEFAULT '',
    cycle TEXT NOT NULL DEFAULT '' CHECK (cycle IN ('', 'annual', 'quarterly', 'monthly')),
    benchmark_period TEXT NOT NULL DEFAULT ''
);
INSERT INTO indicator_new
    (id, name, qs, value, unit, period, data_date, source, better, england, region, comparator, target,
     history, owner)
    SELECT id, name, qs, value, unit, period, data_date, source, better, england, region, comparator, target,
        history, owner
    FROM indicator;
DROP TABLE indicator;
ALTER TABLE indicator_new RENAME TO indicator;
CREATE INDEX indicator_qs ON indicator(qs);
CREATE TABLE finding (
    id INTEGER PRIMARY KEY,
    qs TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('went_well', 'improve')),
    text TEXT NOT NULL,
    page TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_qs ON finding(qs);
CREATE TABLE action_finding (
    action_id INTEGER NOT NULL REFERENCES improvement_action(id) ON DELETE CASCADE,
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, finding_id)
) WITHOUT ROWID;
CREATE INDEX action_finding_finding ON action_finding(finding_id);
CREATE TABLE finding_evidence (
    finding_id INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, evidence_id)
) WITHOUT ROWID;
-- What a room is for during the visit: interviews, the CQC team's base, or the council's home team.
ALTER TABLE room ADD COLUMN use TEXT NOT NULL DEFAULT 'interviews'
    CHECK (use IN ('interviews', 'cqc_base', 'home_team'));
CREATE TABLE self_assessment_version (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
    year TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed_off', 'sent')),
    status_date TEXT NOT NULL,
    document TEXT NOT NULL DEFAULT ''
);
"""


# Outlook: e-mail addresses for people and the CQC team, and what each meeting
# invitation last said (so a moved session goes out with a higher SEQUENCE and a
# removed one can still be cancelled: no foreign key, the session may be gone).
V_INVITATIONS = """
ALTER TABLE person ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE assessor ADD COLUMN email TEXT NOT NULL DEFAULT '';
CREATE TABLE invitation (
    uid TEXT PRIMARY KEY,
    session_id INTEGER NOT NULL,
    sequence INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL,
    content TEXT NOT NULL,
    cancelled INTEGER NOT NULL DEFAULT 0,
    exported_at TEXT NOT NULL
);
CREATE INDEX invitation_session ON invitation(session_id);
"""

# Which copy of the register is in the file: a count that every write transaction raises
# (`Register.transaction`), read from the file itself to notice a backup copied over an open
# register (`register/copies.py`). One row; the id tells one register's copies from another's.
V_REGISTER_COPY = """
CREATE TABLE register_copy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    marker TEXT NOT NULL,
    register_id TEXT NOT NULL,
    writes INTEGER NOT NULL
);
INSERT INTO register_copy (id, marker, register_id, writes)
    VALUES (1, 'readiness register writes', lower(hex(randomblob(16))), 0);
"""

# Whose milestone it is: the council's (a deadline it meets) or CQC's (a date CQC sets).
# Existing rows take it from their standard key; the council's own from the title
# (one that starts with "CQC" is CQC's date, any other the council's).
V_MILESTONE_WHOSE = """
ALTER TABLE milestone ADD COLUMN whose TEXT NOT NULL DEFAULT 'council' CHECK (whose IN ('council', 'cqc'));
UPDATE milestone SET whose = CASE
    WHEN key IN ('info_return_submitted', 'case_list_due', 'consent_deadline', 'fa_due', 'plan_due') THEN 'council'
    WHEN key IS NOT NULL THEN 'cqc'
    WHEN lower(trim(title)) LIKE 'cqc%' THEN 'cqc'
    ELSE 'council' END;
"""


MIGRATIONS: list[str] = [
    V1,
    V_VISIT_SETUP,
    V_BRIEFING,
    V_INFORMATION_RETURN,
    V_AUDIENCES,
    V_REASSESSMENT,
    V_SEARCH,
    V_INVITATIONS,
    V_MILESTONE_WHOSE,
    V_REGISTER_COPY,
]

LATEST = len(MIGRATIONS)


def migrate(register: Register) -> int:
    """Bring the register to LATEST, one transaction per step. Returns the new version."""
    conn = register.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number in range(version + 1, LATEST + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return LATEST


def _statements(script: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    import sqlite3

    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
