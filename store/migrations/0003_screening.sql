-- Vendor and personnel screening (GB/T 32926—2016 6.1): the answers on the
-- vendor's checklist (6.1 b) 1)–10)), the register of the engagement's service
-- personnel, and each person's checklist (6.1 c) 1)–7)). An item without a row
-- is unknown; a row that records nothing is deleted rather than kept.

CREATE TABLE vendor_screening (
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,                -- model/screening.Item ID: b1 … b10
    result        TEXT NOT NULL CHECK (result IN ('unknown', 'met', 'not_met')),
    evidence      TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (engagement_id, item)
);

CREATE TABLE people (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role          TEXT NOT NULL DEFAULT '',
    id_type       TEXT NOT NULL DEFAULT '',
    id_number     TEXT NOT NULL DEFAULT '',     -- as entered, never normalised
    employer      TEXT NOT NULL DEFAULT '',     -- '' : the engagement's vendor
    phone         TEXT NOT NULL DEFAULT '',
    start_date    TEXT NOT NULL DEFAULT '',
    nda_signed    TEXT NOT NULL DEFAULT '',     -- '' : no NDA (6.4 a))
    notes         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX people_engagement ON people (engagement_id);

CREATE TABLE person_screening (
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    item       TEXT NOT NULL,                   -- c1 … c7
    result     TEXT NOT NULL CHECK (result IN ('unknown', 'met', 'not_met')),
    evidence   TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (person_id, item)
);
