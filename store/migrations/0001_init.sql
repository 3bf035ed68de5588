-- The workbench: operators, engagements, drafts, settings and the audit trail.

CREATE TABLE operators (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (name, role, unit)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE engagements (
    id                     INTEGER PRIMARY KEY,
    uid                    TEXT NOT NULL UNIQUE,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL CHECK (length(trim(name)) > 0),
    department             TEXT NOT NULL,
    responsible_unit       TEXT NOT NULL,
    leader                 TEXT NOT NULL,
    service_type           TEXT NOT NULL,
    cloud_website          INTEGER NOT NULL DEFAULT 0 CHECK (cloud_website IN (0, 1)),
    vendor_name            TEXT NOT NULL DEFAULT '',
    vendor_scale           TEXT NOT NULL DEFAULT '',
    vendor_qualifications  TEXT NOT NULL DEFAULT '',
    vendor_lead_name       TEXT NOT NULL DEFAULT '',
    vendor_lead_role       TEXT NOT NULL DEFAULT '',
    vendor_lead_phone      TEXT NOT NULL DEFAULT '',
    vendor_lead_email      TEXT NOT NULL DEFAULT '',
    period_start           TEXT NOT NULL DEFAULT '',
    period_end             TEXT NOT NULL DEFAULT '',
    notes                  TEXT NOT NULL DEFAULT '',
    sample                 INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);

CREATE TABLE managers (
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (engagement_id, position)
);

-- A wizard's unfinished work: saved after each completed group so that a crash
-- loses at most the field being typed. engagement_id is set when editing.
CREATE TABLE drafts (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    engagement_id INTEGER REFERENCES engagements (id) ON DELETE CASCADE,
    step          INTEGER NOT NULL DEFAULT 0,
    data          TEXT NOT NULL,
    operator      TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL
);

-- The audit trail (GB/T 32926—2016 A.2.5 b); GB/T 39477—2020): one record per
-- change, written in the change's own transaction, each chained to the one before
-- by hash. Records are never updated or deleted by the program.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    event       TEXT NOT NULL,
    operator    TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
