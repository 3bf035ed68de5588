package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"outsec/model"
	"outsec/model/exit"
	"outsec/model/findings"
)

// The case file's section "exit" (model/casefile/exit.go): the exit, its
// checklist and inventory, read in the export's transaction and written in
// the import's, after the findings (a trigger's finding is remapped to the
// finding imported for it).

// exportExit reads the exit of engagement engID for a case file; nil when
// none started.
func exportExit(ctx context.Context, q queryer, engID int64) (*exit.Record, error) {
	x, err := exitRecord(ctx, q, engID)
	if err != nil || x == nil {
		return nil, err
	}
	r := &exit.Record{Exit: *x}
	err = eachRow(ctx, q, `SELECT item_id, status, note, evidence, checked_on, checked_by FROM exit_checks WHERE engagement_id = ? ORDER BY item_id`,
		[]any{engID}, func(rows *sql.Rows) error {
			var c exit.Check
			var st, on string
			if err := rows.Scan(&c.ID, &st, &c.Note, &c.Evidence, &on, &c.CheckedBy); err != nil {
				return err
			}
			c.Status, c.On = exit.CheckStatus(st), model.Date(on)
			r.Checks = append(r.Checks, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	r.Items, err = exitItems(ctx, q, engID)
	return r, err
}

// importExit writes the exit of a case file (checked whole before) into
// engagement engID inside tx, the old one removed first when replace is
// set. fileFindings are the findings of the file, in the order they were
// imported: a trigger's finding is mapped to its new id.
func importExit(ctx context.Context, tx *sql.Tx, engID int64, r *exit.Record, fileFindings *findings.Register, replace bool, now time.Time) (string, error) {
	if replace {
		if _, err := tx.ExecContext(ctx, `DELETE FROM exits WHERE engagement_id = ?`, engID); err != nil {
			return "", err
		}
	}
	if r == nil {
		return "", nil
	}
	x := r.Exit
	if x.Trigger == exit.TriggerAuditFinding && fileFindings != nil {
		var ids []int64
		err := eachRow(ctx, tx, `SELECT id FROM findings WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(rows *sql.Rows) error {
			var id int64
			ids = append(ids, id)
			return rows.Scan(&ids[len(ids)-1])
		})
		if err != nil {
			return "", err
		}
		for i, f := range fileFindings.Findings {
			if f.ID == x.FindingID && i < len(ids) {
				x.FindingID = ids[i]
			}
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO exits (engagement_id, trigger, finding_id, reason, planned_start, planned_end, successor,
		successor_name, started_on, started_by, authorised_by, authorised_on, authorised_ref, deletion_plan, confirmed_by, confirmed_on,
		carry_over, carry_over_by, ack_by, ack_on, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		engID, string(x.Trigger), x.FindingID, x.Reason, string(x.PlannedStart), string(x.PlannedEnd), string(x.Successor), x.SuccessorName,
		string(x.StartedOn), x.StartedBy, x.AuthorisedBy, string(x.AuthorisedOn), x.AuthorisedRef, x.DeletionPlan, x.ConfirmedBy,
		string(x.ConfirmedOn), x.CarryOver, x.CarryOverBy, x.AckBy, string(x.AckOn), fmtTime(now))
	if err != nil {
		return "", err
	}
	for _, c := range r.Checks {
		if _, err := tx.ExecContext(ctx, `INSERT INTO exit_checks (engagement_id, item_id, status, note, evidence, checked_on, checked_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, engID, c.ID, string(c.Status), c.Note, c.Evidence, string(c.On), c.CheckedBy); err != nil {
			return "", err
		}
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO exit_items (engagement_id, type, name, description, format, size, sha256, sm3, sensitive,
		location, disposition, disposed_on, method, witness, media_cleared, evidence, verified_by, received)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer st.Close()
	for _, it := range r.Items {
		it.Normalise()
		if _, err := st.ExecContext(ctx, engID, string(it.Type), it.Name, it.Description, it.Format, it.Size, it.SHA256, it.SM3,
			boolInt(it.Sensitive), it.Location, string(it.Disposition), string(it.DisposedOn), it.Method, it.Witness, boolInt(it.MediaCleared),
			it.Evidence, it.VerifiedBy, string(it.Received)); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("; exit (%s), checklist=%d, items=%d", x.Trigger, len(r.Checks), len(r.Items)), nil
}
