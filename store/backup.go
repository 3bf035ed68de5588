package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Audit events of backups (GB/T 39477—2020 6.3.3: data backed up and
// restorable; every backup and restore is audited).
const (
	EventBackupCreate = "backup.create"
	// EventBackupReplace is written in the live database before a restore
	// replaces it; EventBackupRestored in the restored one after.
	EventBackupReplace  = "backup.replace"
	EventBackupRestored = "backup.restored"
)

// CopyTo writes a consistent copy of the database to path (which must not
// exist) with VACUUM INTO: one read transaction on the store's connection,
// so a write of the workbench waits for it and the copy is one moment.
func (s *Store) CopyTo(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return &Error{Code: CodeConflict, Path: path, Err: errors.New("exists")}
	}
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return classify(path, err)
	}
	return nil
}

// Inspection is what a database file holds and whether it is sound, read
// without changing it (a backup's copy, before it is restored).
type Inspection struct {
	Path          string
	Schema, Want  int
	Integrity     []string // integrity_check findings; none: sound
	Audit         AuditVerification
	Records       RecordCheck
	Head          AuditHead
	Engagements   int
	OldestAudit   string
	ApplicationID int32
}

// Sound: outsec's, integrity intact, the chain intact, every record
// matching its digest, and a schema this build knows.
func (in Inspection) Sound() bool {
	return in.ApplicationID == ApplicationID && len(in.Integrity) == 0 && in.Audit.Break == nil &&
		len(in.Records.Problems) == 0 && in.Schema <= in.Want
}

// Inspect opens path read-only (immutable: no lock, no journal, nothing
// written) and checks it as doctor would: integrity, chain, digests.
func Inspect(ctx context.Context, path string) (Inspection, error) {
	in := Inspection{Path: path}
	if err := prepareReadable(path); err != nil {
		return in, err
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&immutable=1"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return in, classify(path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if err := db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&in.ApplicationID); err != nil {
		return in, classify(path, err)
	}
	if in.ApplicationID != ApplicationID {
		return in, &Error{Code: CodeForeign, Path: path}
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&in.Schema); err != nil {
		return in, classify(path, err)
	}
	ms, err := migrations()
	if err != nil {
		return in, err
	}
	in.Want = len(ms)
	if in.Schema > in.Want {
		return in, &Error{Code: CodeNewerSchema, Path: path}
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return in, classify(path, err)
	}
	for rows.Next() {
		var line string
		rows.Scan(&line)
		if line != "ok" {
			in.Integrity = append(in.Integrity, line)
		}
	}
	rows.Close()
	if len(in.Integrity) > 0 {
		return in, nil
	}
	if in.Audit, err = verifyAudit(ctx, db); err != nil {
		return in, classify(path, err)
	}
	if in.Records, err = verifyRecords(ctx, db); err != nil {
		return in, classify(path, err)
	}
	err = db.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&in.Head.ID, &in.Head.Hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return in, classify(path, err)
	}
	db.QueryRowContext(ctx, `SELECT count(*) FROM engagements`).Scan(&in.Engagements)
	db.QueryRowContext(ctx, `SELECT coalesce(min(at), '') FROM audit_log`).Scan(&in.OldestAudit)
	return in, nil
}

func prepareReadable(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	if fi.IsDir() || fi.Size() < int64(len(sqliteHeader)) {
		return &Error{Code: CodeNotDatabase, Path: path}
	}
	f, err := os.Open(path)
	if err != nil {
		return &Error{Code: CodeCannotOpen, Path: path, Err: err}
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := f.Read(head); err != nil || string(head) != string(sqliteHeader) {
		return &Error{Code: CodeNotDatabase, Path: path}
	}
	return nil
}

// AuditBackup records a backup made, or failed, in the live database.
func (s *Store) AuditBackup(ctx context.Context, op Operator, event, path, detail string) error {
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, op, event, "backup", filepath.Base(path), detail, OutcomeSuccess)
	}))
}

// EngagementCount is how many engagements the database holds.
func (s *Store) EngagementCount(ctx context.Context) int {
	var n int
	s.db.QueryRowContext(ctx, `SELECT count(*) FROM engagements`).Scan(&n)
	return n
}

// Diagnose runs SQLite's full integrity check on a file that Open refused
// as damaged, read-only and without a lock, so that doctor can say what is
// damaged (at most max findings).
func Diagnose(ctx context.Context, path string, max int) ([]string, error) {
	if err := prepareReadable(path); err != nil {
		return nil, err
	}
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&immutable=1"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, classify(path, err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, fmt.Sprintf("PRAGMA integrity_check(%d)", max))
	if err != nil {
		return nil, classify(path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return out, classify(path, err)
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, classify(path, rows.Err())
}
