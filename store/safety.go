package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"os/user"
	"time"
)

// afterMigrate runs once the schema is current: the change triggers of the
// record digests (records.go) and, when the schema or the registry changed,
// their baseline.
func (s *Store) afterMigrate(ctx context.Context) error {
	if err := s.installChangeTriggers(ctx); err != nil {
		return err
	}
	return classify(s.path, s.baseline(ctx))
}

// OSAccount is the operating-system account running outsec: the login name,
// else $USER / $USERNAME; "" when none can be found.
func OSAccount() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// AuditHead is the newest record of the audit chain: its id and hash. A
// backup and a signed export carry it (their anchor), so that a chain cut
// short afterwards is seen (issue 17, hole 5).
type AuditHead struct {
	ID   int64  `json:"id"`
	Hash string `json:"hash"`
}

// Head is the chain's head now; the zero head when the chain is empty.
func (s *Store) Head(ctx context.Context) (AuditHead, error) {
	var h AuditHead
	err := s.db.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&h.ID, &h.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return AuditHead{}, nil
	}
	return h, classify(s.path, err)
}

// Anchor is a chain head seen outside the database, and where.
type Anchor struct {
	AuditHead
	Source string    // the file that carries it
	At     time.Time // when it was taken (zero: unknown)
}

// AnchorProblem is a chain that does not reach, or does not agree with, an
// anchor: records were removed from its end, or the chain was rewritten.
type AnchorProblem struct {
	Anchor Anchor
	// Last is the id of the chain's newest record now.
	Last int64
	// Kind: "shorter" (the anchor's record is gone), "differs" (the record
	// at the anchor's id has another hash).
	Kind string
}

// CheckAnchors compares the chain with anchors seen in backups and signed
// exports.
func (s *Store) CheckAnchors(ctx context.Context, anchors []Anchor) ([]AnchorProblem, error) {
	head, err := s.Head(ctx)
	if err != nil {
		return nil, err
	}
	// A restore that replaced the database starts it again from the
	// backup: anchors taken before it (the safety copy's among them) are
	// of the database it replaced.
	var restored sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT max(at) FROM audit_log WHERE event = ?`, EventBackupRestored).Scan(&restored); err != nil {
		return nil, classify(s.path, err)
	}
	since, _ := time.Parse(auditTimeLayout, restored.String)
	var out []AnchorProblem
	for _, a := range anchors {
		if a.ID == 0 || (restored.Valid && !a.At.IsZero() && a.At.Before(since)) {
			continue
		}
		var hash string
		err := s.db.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE id = ?`, a.ID).Scan(&hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			out = append(out, AnchorProblem{Anchor: a, Last: head.ID, Kind: "shorter"})
		case err != nil:
			return nil, classify(s.path, err)
		case hash != a.Hash:
			out = append(out, AnchorProblem{Anchor: a, Last: head.ID, Kind: "differs"})
		}
	}
	return out, nil
}

// OldestAudit is the time of the oldest audit record (zero when none):
// records are kept, never deleted (GB/T 39477—2020 6.3.3: at least 6 months).
func (s *Store) OldestAudit(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT at FROM audit_log ORDER BY id LIMIT 1`).Scan(&at); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return time.Time{}, nil
		}
		return time.Time{}, classify(s.path, err)
	}
	t, _ := time.Parse(auditTimeLayout, at.String)
	return t, nil
}

// AuditRange is the records from from to to (inclusive; zero: open), oldest first.
func (s *Store) AuditRange(ctx context.Context, from, to time.Time) ([]AuditRecord, error) {
	q := `SELECT id, at, event, operator, object_type, object_id, detail, outcome, prev_hash, hash, os_account FROM audit_log ORDER BY id`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, classify(s.path, err)
		}
		if (!from.IsZero() && r.At.Before(from)) || (!to.IsZero() && r.At.After(to)) {
			continue
		}
		out = append(out, r)
	}
	return out, classify(s.path, rows.Err())
}

// ------------------------------------------------------------ export intents

// Audit events of exports interrupted by a stopped process.
const (
	// EventExportCompleted: the files were all on disk, whole; the export
	// is recorded now.
	EventExportCompleted = "document.export.completed"
	// EventExportAbandoned: the files were not all written; what was is removed.
	EventExportAbandoned = "document.export.abandoned"
)

// ExportIntent is an export that was about to write its files.
type ExportIntent struct {
	ID       int64
	At       time.Time
	Operator string
	Records  []*ExportRecord
}

// BeginExports records the intent to write the files of recs (their paths
// and digests set), before the first file is written.
func (s *Store) BeginExports(ctx context.Context, op Operator, recs []*ExportRecord) (int64, error) {
	b, err := json.Marshal(recs)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO export_intents (created_at, operator, records) VALUES (?, ?, ?)`,
			fmtTime(s.Now()), op.Label(), string(b))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, classify(s.path, err)
}

// EndExports records the exports of an intent (its files written), and
// removes the intent, in one transaction.
func (s *Store) EndExports(ctx context.Context, op Operator, intent int64, recs []*ExportRecord) error {
	return s.recordDocumentExports(ctx, op, recs, intent, "")
}

// DropExport removes an intent whose files were not written (the write
// failed and removed them, or they were removed after an interruption),
// with an audit record when note is not "" (what was removed).
func (s *Store) DropExport(ctx context.Context, op Operator, intent ExportIntent, note string) error {
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM export_intents WHERE id = ?`, intent.ID); err != nil {
			return err
		}
		if note == "" {
			return nil
		}
		code := ""
		if len(intent.Records) > 0 {
			tx.QueryRowContext(ctx, `SELECT code FROM engagements WHERE id = ?`, intent.Records[0].EngagementID).Scan(&code)
		}
		return s.audit(ctx, tx, op, EventExportAbandoned, "engagement", code, note, OutcomeFailure)
	}))
}

// CompleteExport records the exports of an interrupted intent whose files
// are all on disk, whole, with an audit record saying so.
func (s *Store) CompleteExport(ctx context.Context, op Operator, intent ExportIntent) error {
	return s.recordDocumentExports(ctx, op, intent.Records, intent.ID,
		"interrupted at "+intent.At.UTC().Format(time.RFC3339)+" by "+intent.Operator+"; every file found whole")
}

// PendingExports lists the intents left by a process stopped between
// writing an export's files and recording it.
func (s *Store) PendingExports(ctx context.Context) ([]ExportIntent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, created_at, operator, records FROM export_intents ORDER BY id`)
	if err != nil {
		return nil, classify(s.path, err)
	}
	defer rows.Close()
	var out []ExportIntent
	for rows.Next() {
		var in ExportIntent
		var at, js string
		if err := rows.Scan(&in.ID, &at, &in.Operator, &js); err != nil {
			return nil, classify(s.path, err)
		}
		in.At = parseTime(at)
		if err := json.Unmarshal([]byte(js), &in.Records); err != nil {
			in.Records = nil
		}
		out = append(out, in)
	}
	return out, classify(s.path, rows.Err())
}

// ------------------------------------------------------------------ masking

// SettingMasking is "off" when documents and register exports show ID and
// phone numbers in full; masked otherwise (the default).
const SettingMasking = "privacy" + ".masking"

// EventMasking records masking turned on or off.
const EventMasking = "privacy" + ".masking"

// Masking reports whether ID and phone numbers are masked in documents and
// register exports (GB/T 39477—2020 6.2.3); on unless turned off.
func (s *Store) Masking(ctx context.Context) bool {
	v, _ := s.Setting(ctx, SettingMasking)
	return v != "off"
}

// SetMasking turns masking on or off, with its audit record, in one
// transaction.
func (s *Store) SetMasking(ctx context.Context, op Operator, on bool) error {
	v, detail := "on", "masking of ID and phone numbers in documents and register exports: on"
	if !on {
		v, detail = "off", "masking of ID and phone numbers in documents and register exports: off (numbers shown in full)"
	}
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, SettingMasking, v); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, EventMasking, "setting", SettingMasking, detail, OutcomeSuccess)
	}))
}
