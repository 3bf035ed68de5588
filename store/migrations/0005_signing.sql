-- Signing (issue 5; DESIGN.md "Documents and signing"). The database holds
-- only public keys: a signer profile's own keys (whose private halves are
-- files in the data folder, encrypted under the signer's passphrase) and the
-- keys of other offices trusted for verification. A key is never deleted:
-- revoking it stamps revoked_at, so old signatures can still be explained.

CREATE TABLE signing_keys (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('own', 'trusted')),
    operator_id     INTEGER REFERENCES operators (id),   -- own keys: the signer profile
    name            TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '',
    unit            TEXT NOT NULL DEFAULT '',
    ed25519_public  TEXT NOT NULL,                        -- "ssh-ed25519 AAAA…"
    sm2_public      TEXT NOT NULL,                        -- PEM SubjectPublicKeyInfo
    ed25519_fpr     TEXT NOT NULL,                        -- SHA256:… as ssh-keygen -l
    sm2_fpr         TEXT NOT NULL,                        -- hex SM3 of the DER key
    dir             TEXT NOT NULL DEFAULT '',             -- own keys: folder of the encrypted files
    source          TEXT NOT NULL DEFAULT '',             -- trusted keys: the file they came from
    created_at      TEXT NOT NULL,
    revoked_at      TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX signing_keys_fpr ON signing_keys (kind, ed25519_fpr);
CREATE INDEX signing_keys_operator ON signing_keys (operator_id);

-- A signed export: who signed it, with which key, when, and the verification
-- code printed on the PDF. One per export at most.
CREATE TABLE signatures (
    export_id    INTEGER PRIMARY KEY REFERENCES exports (id) ON DELETE CASCADE,
    key_id       INTEGER NOT NULL REFERENCES signing_keys (id),
    signer_name  TEXT NOT NULL,
    signer_role  TEXT NOT NULL DEFAULT '',
    signer_unit  TEXT NOT NULL DEFAULT '',
    signed_at    TEXT NOT NULL,
    code         TEXT NOT NULL,                          -- verification code
    manifest     TEXT NOT NULL                           -- SHA-256 of the SHA-256 manifest
);
