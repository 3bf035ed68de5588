package store

import (
	"context"
	"database/sql"
)

// EventRegisterExport records a risk register written to CSV or XLSX.
const EventRegisterExport = "risk" + ".registers.export"

// RecordExport writes the audit record of an export made outside a store
// transaction: the caller wrote the file first (whole, or not at all) and
// names it, with its digest, in detail. DESIGN.md: every export is in the
// audit trail (GB/T 32926—2016 A.2.5; GB/T 39477—2020). A failed export is
// recorded with AuditFailure.
func (s *Store) RecordExport(ctx context.Context, op Operator, event, objType, objID, detail string) error {
	return classify(s.path, s.tx(ctx, func(tx *sql.Tx) error {
		return s.audit(ctx, tx, op, event, objType, objID, detail, OutcomeSuccess)
	}))
}
