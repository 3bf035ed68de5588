-- The service exit (GB/T 32926—2016 8.2 a)–d), 6.2.2; seed 001 clause 9): one
-- exit per engagement, its checklist (one row per contract clause or duty,
-- written when the exit starts), and the handover and destruction inventory.

CREATE TABLE exits (
    engagement_id  INTEGER PRIMARY KEY REFERENCES engagements (id) ON DELETE CASCADE,
    trigger        TEXT NOT NULL CHECK (trigger IN ('expiry', 'failure', 'negotiated', 'change', 'audit')),
    finding_id     INTEGER NOT NULL DEFAULT 0, -- 8.2 a): the finding of the audit
    reason         TEXT NOT NULL DEFAULT '',
    planned_start  TEXT NOT NULL,
    planned_end    TEXT NOT NULL,
    successor      TEXT NOT NULL CHECK (successor IN ('self', 'vendor')),
    successor_name TEXT NOT NULL DEFAULT '',
    started_on     TEXT NOT NULL,
    started_by     TEXT NOT NULL,
    authorised_by  TEXT NOT NULL DEFAULT '',  -- seed 001 9.3.5 a)
    authorised_on  TEXT NOT NULL DEFAULT '',
    authorised_ref TEXT NOT NULL DEFAULT '',
    deletion_plan  TEXT NOT NULL DEFAULT '',  -- seed 001 9.3.5 b)
    confirmed_by   TEXT NOT NULL DEFAULT '',  -- the vendor's confirmation, 9.2.2 b)
    confirmed_on   TEXT NOT NULL DEFAULT '',
    carry_over     TEXT NOT NULL DEFAULT '',  -- open findings carried over (8.2 a))
    carry_over_by  TEXT NOT NULL DEFAULT '',
    ack_by         TEXT NOT NULL DEFAULT '',  -- the report acknowledged (8.2 d))
    ack_on         TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL,
    CHECK (trigger <> 'audit' OR finding_id > 0)
);

CREATE TABLE exit_checks (
    engagement_id INTEGER NOT NULL REFERENCES exits (engagement_id) ON DELETE CASCADE,
    item_id       TEXT NOT NULL,              -- exit.a1 … cloud.f, data.*, duty.c …
    status        TEXT NOT NULL DEFAULT '' CHECK (status IN ('', 'done', 'na')),
    note          TEXT NOT NULL DEFAULT '',
    evidence      TEXT NOT NULL DEFAULT '',
    checked_on    TEXT NOT NULL DEFAULT '',
    checked_by    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (engagement_id, item_id),
    CHECK (status <> 'na' OR length(trim(note)) > 0)
);

CREATE TABLE exit_items (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES exits (engagement_id) ON DELETE CASCADE,
    type          TEXT NOT NULL CHECK (type IN ('data', 'document', 'code', 'account', 'medium', 'equipment', 'other')),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
    sha256        TEXT NOT NULL DEFAULT '',
    sm3           TEXT NOT NULL DEFAULT '',
    sensitive     INTEGER NOT NULL DEFAULT 0,
    location      TEXT NOT NULL DEFAULT '',
    disposition   TEXT NOT NULL DEFAULT '' CHECK (disposition IN ('', 'handed_back', 'destroyed')),
    disposed_on   TEXT NOT NULL DEFAULT '',
    method        TEXT NOT NULL DEFAULT '',
    witness       TEXT NOT NULL DEFAULT '',
    media_cleared INTEGER NOT NULL DEFAULT 0,
    evidence      TEXT NOT NULL DEFAULT '',
    verified_by   TEXT NOT NULL DEFAULT '',
    received      TEXT NOT NULL DEFAULT '' CHECK (received IN ('', 'matched', 'changed', 'missing'))
);
CREATE INDEX exit_items_engagement ON exit_items (engagement_id, location);
