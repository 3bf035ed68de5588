-- Evidence, findings and corrective actions (GB/T 32926—2016 8.1 a)–e)), and
-- the incident register (附录 A A.7, 8.1 e)).
--
-- Evidence is a file copied into the folder evidence/ beside the database,
-- named by its SHA-256, or a text note; either is recorded with its name, size,
-- SHA-256 and SM3, who added it and when, and never changed: triggers refuse
-- UPDATE of an evidence row. A record of any workflow links to evidence through
-- evidence_links (owner kind + owner id), so the inspection, the deliverable
-- verification and the exit can use the same store.

CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('file', 'note')),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0), -- the file's base name, or the note's title
    size          INTEGER NOT NULL CHECK (size >= 0),
    sha256        TEXT NOT NULL CHECK (length(sha256) = 64),
    sm3           TEXT NOT NULL CHECK (length(sm3) = 64),
    note          TEXT NOT NULL DEFAULT '',                     -- the text of a note; '' for a file
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL
);
CREATE INDEX evidence_engagement ON evidence (engagement_id);
CREATE INDEX evidence_sha256 ON evidence (sha256);
CREATE TRIGGER evidence_never_changed BEFORE UPDATE ON evidence
BEGIN
    SELECT RAISE(ABORT, 'evidence is never changed');
END;

CREATE TABLE evidence_links (
    evidence_id INTEGER NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    owner_kind  TEXT NOT NULL CHECK (length(owner_kind) > 0), -- finding, incident, inspection_item …
    owner_id    INTEGER NOT NULL,
    linked_by   TEXT NOT NULL,
    linked_at   TEXT NOT NULL,
    PRIMARY KEY (evidence_id, owner_kind, owner_id)
);
CREATE INDEX evidence_links_owner ON evidence_links (owner_kind, owner_id);

CREATE TABLE findings (
    id                INTEGER PRIMARY KEY,
    engagement_id     INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    source            TEXT NOT NULL CHECK (source IN ('manual', 'incident', 'process_audit', 'delivery', 'inspection', 'exit')),
    source_id         INTEGER NOT NULL DEFAULT 0,  -- the record it came from; 0 for one entered by hand
    description       TEXT NOT NULL CHECK (length(trim(description)) > 0),
    concerns          TEXT NOT NULL DEFAULT '',    -- annex A item or contract clause
    severity          INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
    position          TEXT NOT NULL DEFAULT '' CHECK (position IN ('', 'agrees', 'disputes')),
    position_remarks  TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL CHECK (state IN ('open', 'notice_sent', 'in_rectification', 'reported', 'closed', 'dismissed')),
    reporter_id       INTEGER NOT NULL DEFAULT 0,  -- operators.id; 0: a person of another database (case file, sample)
    reporter          TEXT NOT NULL,
    reported_on       TEXT NOT NULL,
    verifier_id       INTEGER NOT NULL DEFAULT 0,
    verifier          TEXT NOT NULL DEFAULT '',
    verified_on       TEXT NOT NULL DEFAULT '',
    verification      TEXT NOT NULL DEFAULT '',
    dismiss_reason    TEXT NOT NULL DEFAULT '',
    dismissed_by      TEXT NOT NULL DEFAULT '',
    -- the corrective action (整改措施)
    measure           TEXT NOT NULL DEFAULT '',
    owner             TEXT NOT NULL DEFAULT '',
    deadline          TEXT NOT NULL DEFAULT '',
    cost              TEXT NOT NULL DEFAULT '',
    action_status     TEXT NOT NULL DEFAULT 'planned' CHECK (action_status IN ('planned', 'in_progress', 'done')),
    notice_date       TEXT NOT NULL DEFAULT '',    -- 8.1 b)
    notice_deadline   TEXT NOT NULL DEFAULT '',
    notice_document   TEXT NOT NULL DEFAULT '',
    controls_change   INTEGER NOT NULL DEFAULT 0,  -- 8.1 c)
    policy_revised    INTEGER NOT NULL DEFAULT 0,
    change_note       TEXT NOT NULL DEFAULT '',
    change_at         TEXT NOT NULL DEFAULT '',
    before_measure    TEXT NOT NULL DEFAULT '',    -- 8.1 d)
    target            TEXT NOT NULL DEFAULT '',
    check_date        TEXT NOT NULL DEFAULT '',
    result            TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    -- 8.1: closed only with a verification by another operator than the reporter.
    CHECK (state <> 'closed' OR (verifier <> '' AND verified_on <> '' AND verifier <> reporter AND (reporter_id = 0 OR verifier_id <> reporter_id))),
    CHECK (state <> 'dismissed' OR length(trim(dismiss_reason)) > 0)
);
CREATE INDEX findings_engagement ON findings (engagement_id);
CREATE INDEX findings_source ON findings (source, source_id);

CREATE TABLE finding_events (
    id          INTEGER PRIMARY KEY,
    finding_id  INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    operator    TEXT NOT NULL,
    from_state  TEXT NOT NULL DEFAULT '',
    to_state    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_events_finding ON finding_events (finding_id);

CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    title         TEXT NOT NULL CHECK (length(trim(title)) > 0),
    found_at      TEXT NOT NULL CHECK (found_at <> ''), -- YYYY-MM-DD HH:MM
    reported_to   TEXT NOT NULL DEFAULT '',
    reported_at   TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    impact        TEXT NOT NULL DEFAULT '',
    handling      TEXT NOT NULL DEFAULT '',
    cause         TEXT NOT NULL DEFAULT '',
    closed_on     TEXT NOT NULL DEFAULT '',
    recorder      TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX incidents_engagement ON incidents (engagement_id);
