-- outsec's own data safety (GB/T 39477—2020 6.3.3, 6.3.4; issue 17).
--
-- Each audit record carries the digests of the records its change left
-- (digests: JSON, see store/records.go) and the operating-system account
-- of the person logged in; both are covered by the record's chain hash.
ALTER TABLE audit_log ADD COLUMN digests TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN os_account TEXT NOT NULL DEFAULT '';

-- A signed or unsigned export between "about to write files" and "recorded":
-- written before the first file, removed in the transaction that records the
-- export. One left behind means the process was stopped between the two; the
-- next start completes it (every file on disk whole) or removes its files.
CREATE TABLE export_intents (
    id         INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    operator   TEXT NOT NULL,
    records    TEXT NOT NULL   -- JSON: the export records, paths and SHA-256 included
);
