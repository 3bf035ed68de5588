-- The deliverable verification of GB/T 32926—2016 7.2, one record per plan
-- milestone (model/supervision.Verification, kept as JSON in body): a) 1) each
-- contract security clause implemented or not with evidence, a) 2)–4) the
-- people's authorisations, the service records, the training, b) the problems
-- with their cause and the leader's decision (each a finding, source
-- 'delivery').

CREATE TABLE deliveries (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL UNIQUE,
    milestone     TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (engagement_id, milestone)
);
