-- People as supervision needs them (GB/T 32926—2016 7.2 a) 2), 4); annex A
-- A.4 b)): when a person left the service (start_date is when they joined),
-- the accounts and access rights granted to each person and when they were
-- revoked, and the training each received.

ALTER TABLE people ADD COLUMN left_date TEXT NOT NULL DEFAULT '';

CREATE TABLE person_accesses (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    account    TEXT NOT NULL CHECK (length(trim(account)) > 0),
    rights     TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('electronic', 'physical')),
    privileged INTEGER NOT NULL DEFAULT 0 CHECK (privileged IN (0, 1)),
    granted    TEXT NOT NULL,
    revoked    TEXT NOT NULL DEFAULT '',           -- '' : still open
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX person_accesses_person ON person_accesses (person_id);

CREATE TABLE person_trainings (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    topic      TEXT NOT NULL CHECK (length(trim(topic)) > 0),
    hours      REAL NOT NULL DEFAULT 0,
    record     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX person_trainings_person ON person_trainings (person_id);
