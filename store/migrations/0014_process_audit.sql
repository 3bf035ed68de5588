-- The process assessment and audit of GB/T 32926—2016 7.1, one record per
-- period (model/supervision.Assessment, kept as JSON in body): a) the rating,
-- b) 1)–5) change or no change, c) the audit, d) the measures approved by the
-- leader (each a finding, source 'process_audit', once approved) and the
-- adjustment of the requirements on the vendor (a contract factor change,
-- 6.2.1 b)). uid names the record across databases.

CREATE TABLE process_audits (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL UNIQUE,
    period        TEXT NOT NULL,
    date          TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX process_audits_engagement ON process_audits (engagement_id, date);
