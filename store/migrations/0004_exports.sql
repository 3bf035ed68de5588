-- Document exports (DESIGN.md "Documents and signing"): every document written
-- to files is recorded with its number, the files and their SHA-256, the time
-- and the operator, beside its record in the audit trail. Rows are written
-- once and never changed; they go with their engagement.

CREATE TABLE exports (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    number        TEXT NOT NULL,                -- document number: 2026-001-RA-01
    kind          TEXT NOT NULL,                -- templates.Kind: risk-report …
    seq           INTEGER NOT NULL DEFAULT 0,   -- the number's sequence
    title         TEXT NOT NULL DEFAULT '',
    version       TEXT NOT NULL DEFAULT '',
    lang          TEXT NOT NULL DEFAULT '',
    operator      TEXT NOT NULL,                -- Operator.Label(), as in the audit trail
    created_at    TEXT NOT NULL
);
CREATE INDEX exports_engagement ON exports (engagement_id, kind);

CREATE TABLE export_files (
    export_id INTEGER NOT NULL REFERENCES exports (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,                 -- order the files were written in
    path      TEXT NOT NULL,
    format    TEXT NOT NULL,                    -- md, html, docx, pdf, xlsx
    size      INTEGER NOT NULL CHECK (size >= 0),
    sha256    TEXT NOT NULL,
    PRIMARY KEY (export_id, position)
);
