-- The outsourcing risk assessment (GB/T 32926—2016 5.1; seed 002 §7.5–7.14):
-- one per engagement, with its registers. Scores are derived from the ratings
-- and the settings by model/risk and cached in the rows, rewritten in the same
-- transaction as any change that affects them.

CREATE TABLE risk_assessments (
    engagement_id    INTEGER PRIMARY KEY REFERENCES engagements (id) ON DELETE CASCADE,
    settings         TEXT NOT NULL,              -- model/risk.Settings as JSON, frozen with every report
    acceptable_level INTEGER NOT NULL DEFAULT 0 CHECK (acceptable_level BETWEEN 0 AND 5),
    leader           TEXT NOT NULL DEFAULT '',
    concluded_on     TEXT NOT NULL DEFAULT '',
    decision         TEXT NOT NULL DEFAULT '',
    remarks          TEXT NOT NULL DEFAULT '',
    updated_at       TEXT NOT NULL
);

CREATE TABLE assets (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    type          TEXT NOT NULL,
    owner         TEXT NOT NULL DEFAULT '',
    c             INTEGER NOT NULL CHECK (c BETWEEN 1 AND 5),
    i             INTEGER NOT NULL CHECK (i BETWEEN 1 AND 5),
    a             INTEGER NOT NULL CHECK (a BETWEEN 1 AND 5),
    notes         TEXT NOT NULL DEFAULT '',
    value         REAL NOT NULL DEFAULT 0,
    level         INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX assets_engagement ON assets (engagement_id);

CREATE TABLE threats (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    source        TEXT NOT NULL,
    path          TEXT NOT NULL,
    method        TEXT NOT NULL DEFAULT '',
    frequency     INTEGER NOT NULL CHECK (frequency BETWEEN 1 AND 5),
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX threats_engagement ON threats (engagement_id);

CREATE TABLE vulnerabilities (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    asset_id      INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    description   TEXT NOT NULL CHECK (length(trim(description)) > 0),
    category      TEXT NOT NULL,
    severity      INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    identified    TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX vulnerabilities_engagement ON vulnerabilities (engagement_id);
CREATE INDEX vulnerabilities_asset ON vulnerabilities (asset_id);

CREATE TABLE controls (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    effectiveness TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX controls_engagement ON controls (engagement_id);

CREATE TABLE risks (
    id               INTEGER PRIMARY KEY,
    engagement_id    INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    asset_id         INTEGER NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    threat_id        INTEGER NOT NULL REFERENCES threats (id) ON DELETE CASCADE,
    vuln_id          INTEGER NOT NULL REFERENCES vulnerabilities (id) ON DELETE CASCADE,
    treatment        TEXT NOT NULL DEFAULT '',
    measure          TEXT NOT NULL DEFAULT '',
    owner            TEXT NOT NULL DEFAULT '',
    deadline         TEXT NOT NULL DEFAULT '',
    cost             REAL NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT '',
    residual_threat  INTEGER NOT NULL DEFAULT 0 CHECK (residual_threat BETWEEN 0 AND 5),
    residual_vuln    INTEGER NOT NULL DEFAULT 0 CHECK (residual_vuln BETWEEN 0 AND 5),
    -- derived (model/risk.Score), cached
    likelihood       REAL NOT NULL DEFAULT 0,
    likelihood_level INTEGER NOT NULL DEFAULT 0,
    loss             REAL NOT NULL DEFAULT 0,
    loss_level       INTEGER NOT NULL DEFAULT 0,
    value            REAL NOT NULL DEFAULT 0,
    level            INTEGER NOT NULL DEFAULT 0,
    residual_json    TEXT NOT NULL DEFAULT '',   -- model/risk.Score of the residual risk, '' when not assessed
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (asset_id, threat_id, vuln_id)
);
CREATE INDEX risks_engagement ON risks (engagement_id);

CREATE TABLE control_risks (
    control_id INTEGER NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    risk_id    INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    PRIMARY KEY (control_id, risk_id)
);
