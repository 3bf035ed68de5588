-- Contract security clauses and NDAs (GB/T 32926—2016 6.2.1, 6.2.2, 6.4 a);
-- cloud: seed 001 6.6): the review of the engagement's contract against the
-- clause catalog of model/contract, the parameters of the drafted annex and
-- SLA, the recorded changes of the security factors (6.2.1 b)) and the date
-- the vendor signed its NDA. The NDAs of the service personnel are
-- people.nda_signed (0003). An item without a row is unassessed; a row that
-- records nothing, and a parameter without a value, is deleted rather than kept.

CREATE TABLE contracts (
    engagement_id     INTEGER PRIMARY KEY REFERENCES engagements (id) ON DELETE CASCADE,
    title             TEXT NOT NULL DEFAULT '',
    version           TEXT NOT NULL DEFAULT '',
    review_date       TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD; '' : not dated
    reviewer          TEXT NOT NULL DEFAULT '',
    vendor_nda_signed TEXT NOT NULL DEFAULT '',   -- '' : no NDA with the vendor (6.4 a))
    updated_at        TEXT NOT NULL
);

CREATE TABLE contract_items (
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,                  -- model/contract.Item ID: sec.a1 … data.deletion
    status        TEXT NOT NULL CHECK (status IN ('', 'present', 'partial', 'missing', 'na')),
    article       TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (engagement_id, item)
);

CREATE TABLE contract_params (
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,                  -- model/contract.Param name
    value         TEXT NOT NULL CHECK (value <> ''),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (engagement_id, name)
);

CREATE TABLE contract_factor_changes (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    changed_on    TEXT NOT NULL CHECK (changed_on <> ''),
    description   TEXT NOT NULL CHECK (length(trim(description)) > 0),
    created_at    TEXT NOT NULL
);
CREATE INDEX contract_factor_changes_engagement ON contract_factor_changes (engagement_id);
