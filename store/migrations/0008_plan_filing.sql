-- The contract's signing, the service content, the security management plan
-- (GB/T 32926—2016 6.3) and the filing with the e-government security
-- authority (6.5), kept in versions.

-- 6.3 a), 6.5 a): the plan and the filing count from the contract's signing,
-- not from its review.
CREATE TABLE contract_signings (
    engagement_id     INTEGER PRIMARY KEY REFERENCES engagements (id) ON DELETE CASCADE,
    signed_on         TEXT NOT NULL CHECK (signed_on <> ''),
    number            TEXT NOT NULL DEFAULT '',
    version           TEXT NOT NULL DEFAULT '',
    dept_signatory    TEXT NOT NULL DEFAULT '',
    vendor_signatory  TEXT NOT NULL DEFAULT '',
    updated_at        TEXT NOT NULL
);

-- 6.5 a) 2): what the vendor does on the engagement, beside the GB/T 29264
-- type. Not written by the engagement wizard, which does not know it.
ALTER TABLE engagements ADD COLUMN service_content TEXT NOT NULL DEFAULT '';

-- 6.3 a) 1), 2), 4)–6): the sections as JSON (model/plan), 6.3 b) the
-- submission and the leader's approval. risk_digest is the digest of the
-- risks and controls when the plan was approved: a change of them after the
-- approval makes the plan need an update.
CREATE TABLE plans (
    engagement_id  INTEGER PRIMARY KEY REFERENCES engagements (id) ON DELETE CASCADE,
    sections_json  TEXT NOT NULL DEFAULT '{}',
    submitted_on   TEXT NOT NULL DEFAULT '',
    approved_by    TEXT NOT NULL DEFAULT '',
    approved_on    TEXT NOT NULL DEFAULT '',
    risk_digest    TEXT NOT NULL DEFAULT '',
    updated_at     TEXT NOT NULL
);

-- 6.3 a) 3): the deployment of one annex A item (model/annexa id).
CREATE TABLE plan_controls (
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('planned', 'deployed', 'verified', 'na')),
    measure       TEXT NOT NULL DEFAULT '',
    owner         TEXT NOT NULL DEFAULT '',
    planned_on    TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (engagement_id, item)
);

-- 6.5 a), b): one row per version; the snapshot of items 1)–5) is frozen when
-- the version is drafted and never changed (the trigger).
CREATE TABLE filings (
    id             INTEGER PRIMARY KEY,
    engagement_id  INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL CHECK (version >= 1),
    reason         TEXT NOT NULL CHECK (reason IN ('initial', 'change')),
    authority      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('drafted', 'submitted', 'accepted')),
    submitted_on   TEXT NOT NULL DEFAULT '',
    number         TEXT NOT NULL DEFAULT '',
    snapshot_json  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (engagement_id, version)
);

CREATE TRIGGER filings_snapshot_frozen BEFORE UPDATE OF snapshot_json, version, reason, created_at ON filings
BEGIN
    SELECT RAISE(ABORT, 'a filing version is never changed');
END;
