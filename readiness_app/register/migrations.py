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

MIGRATIONS: list[str] = [V1, V_VISIT_SETUP, V_BRIEFING, V_INFORMATION_RETURN, V_INVITATIONS]
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
