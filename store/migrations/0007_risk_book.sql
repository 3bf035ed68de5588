-- Risk assessment by the book (issue 11): the department's own units and the
-- negative effect each may have on managing the outsourcing, with its
-- treatment (GB/T 32926—2016 5.1.1 b)); the figure the treatment cost is
-- weighed against (5.1.2 b)); and the second treatment of a risk still above
-- the acceptable level after the first (seed 002 §7.14 再处理), kept beside
-- the first. Stored settings are not touched: an assessment keeps the matrix
-- and rules it was scored with (model/risk Settings.Revision).

CREATE TABLE risk_units (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL CHECK (role IN ('responsible', 'involved')),
    effect        TEXT NOT NULL CHECK (length(trim(effect)) > 0),
    treatment     TEXT NOT NULL DEFAULT '',
    owner         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX risk_units_engagement ON risk_units (engagement_id);

ALTER TABLE risk_assessments ADD COLUMN benefit REAL NOT NULL DEFAULT 0 CHECK (benefit >= 0);
ALTER TABLE risk_assessments ADD COLUMN benefit_basis TEXT NOT NULL DEFAULT '';

-- model/risk.Retreatment as JSON without its derived residual, '' when none;
-- the residual after it is cached like the first one's.
ALTER TABLE risks ADD COLUMN retreatment TEXT NOT NULL DEFAULT '';
ALTER TABLE risks ADD COLUMN retreatment_residual_json TEXT NOT NULL DEFAULT '';
