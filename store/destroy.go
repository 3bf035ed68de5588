package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Destruction of an engagement's data (GB/T 39477—2020 6.3.4): deleting an
// engagement needs an approver and a reason, both in its audit record with
// the files its exports handed out (for the user to destroy too); the
// database runs with secure_delete on and is vacuumed afterwards, so that
// the deleted rows are gone from the file, not only from the tables.

// Deletion is who approved deleting an engagement, and why.
type Deletion struct {
	Approver string
	Reason   string
}

// ErrApprovalNeeded: deleting an engagement needs an approver and a reason.
var ErrApprovalNeeded = errors.New("deleting an engagement needs an approver and a reason (GB/T 39477—2020 6.3.4)")

// DeleteEngagementApproved deletes an engagement and everything that
// belongs to it, with the approval in its audit record and the files its
// exports handed out listed there; then the file is vacuumed.
func (s *Store) DeleteEngagementApproved(ctx context.Context, op Operator, id int64, d Deletion) error {
	d.Approver, d.Reason = strings.TrimSpace(d.Approver), strings.TrimSpace(d.Reason)
	if d.Approver == "" || d.Reason == "" {
		return &Error{Code: CodeConflict, Path: s.path, Err: ErrApprovalNeeded}
	}
	var code string
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT code, name FROM engagements WHERE id = ?`, id).Scan(&code, &name); err != nil {
			return err
		}
		var files []string
		rows, err := tx.QueryContext(ctx, `SELECT x.number, f.path FROM export_files f JOIN exports x ON x.id = f.export_id
			WHERE x.engagement_id = ? ORDER BY x.id, f.position`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var number, path string
			if err := rows.Scan(&number, &path); err != nil {
				rows.Close()
				return err
			}
			files = append(files, path)
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, `DELETE FROM engagements WHERE id = ?`, id); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s; approved by %s; reason: %s; files handed out by its exports, to be destroyed: %d", name, d.Approver, d.Reason, len(files))
		if len(files) > 0 {
			detail += ": " + strings.Join(files, ", ")
		}
		return s.audit(ctx, tx, op, EventEngagementDelete, "engagement", code, detail, OutcomeSuccess)
	})
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventEngagementDelete, "engagement", code, err)
		return err
	}
	return s.Vacuum(ctx)
}

// Vacuum rebuilds the file without the free pages deleted rows left, and
// empties the write-ahead log into it, so that deleted data is gone from
// both (secure_delete already overwrote it with zeros where it lay).
func (s *Store) Vacuum(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `VACUUM`); err != nil {
		return classify(s.path, err)
	}
	_, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return classify(s.path, err)
}

// EventExportDestroyed records that the files of an export were destroyed.
const EventExportDestroyed = "document" + ".export.destroyed"

// RecordDestruction records that the files handed out by an export (or
// every export of an engagement that was deleted, by number) were destroyed,
// by whom and how.
func (s *Store) RecordDestruction(ctx context.Context, op Operator, number, how string) error {
	if strings.TrimSpace(number) == "" || strings.TrimSpace(how) == "" {
		return &Error{Code: CodeConflict, Path: s.path, Err: errors.New("a destruction names the document number and how")}
	}
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, op, EventExportDestroyed, "document", number, how, OutcomeSuccess)
	}))
}
