-- On-site inspection against GB/T 32926—2016 annex A (现场检查): the header,
-- one check per applicable item (pre-selected from section 3 of the plan) with
-- its result, method and notes, and the vendor's acknowledgement. A check's
-- evidence is linked through evidence_links (owner kind 'inspection_item'); a
-- "partly" or "does not conform" becomes a finding (source 'inspection', the
-- check's id) when the vendor acknowledges. uid names an inspection across
-- databases, so that a bundle imported twice adds it once.

CREATE TABLE inspections (
    id            INTEGER PRIMARY KEY,
    engagement_id INTEGER NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL UNIQUE,
    date          TEXT NOT NULL,
    place         TEXT NOT NULL,
    inspectors    TEXT NOT NULL,
    vendor_rep    TEXT NOT NULL DEFAULT '',
    ack_name      TEXT NOT NULL DEFAULT '',
    ack_date      TEXT NOT NULL DEFAULT '',
    ack_remarks   TEXT NOT NULL DEFAULT '',
    ack_disagreement TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX inspections_engagement ON inspections (engagement_id);

CREATE TABLE inspection_checks (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    position      INTEGER NOT NULL,
    result        TEXT NOT NULL DEFAULT '' CHECK (result IN ('', 'conforms', 'partly', 'nonconform', 'na')),
    method        TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    notes         TEXT NOT NULL DEFAULT '',
    finding_id    INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    UNIQUE (inspection_id, item)
);
