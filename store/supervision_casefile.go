package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"outsec/model/casefile"
	"outsec/model/findings"
)

// The case file's section "supervision" (model/casefile/supervision.go):
// the inspections with their checks, the process assessments and the
// deliverable verifications, read in the export's transaction and written in
// the import's, after the findings: the findings' source ids, the checks'
// and measures' finding ids and the evidence links of the checks are then
// mapped from the file's ids to the new ones.

func exportSupervision(ctx context.Context, q queryer, engID int64) (*casefile.Supervision, error) {
	ins, err := loadInspections(ctx, q, engID, 0)
	if err != nil {
		return nil, err
	}
	as, err := loadProcessAudits(ctx, q, engID)
	if err != nil {
		return nil, err
	}
	ds, err := loadDeliveries(ctx, q, engID)
	if err != nil {
		return nil, err
	}
	s := &casefile.Supervision{}
	for _, in := range ins[engID] {
		x := casefile.Inspection{ID: in.ID, Record: in}
		x.Record.CreatedAt = x.Record.CreatedAt.UTC()
		for _, c := range in.Checks {
			x.CheckIDs = append(x.CheckIDs, c.ID)
		}
		s.Inspections = append(s.Inspections, x)
	}
	for _, a := range as[engID] {
		s.Assessments = append(s.Assessments, casefile.Assessment{ID: a.ID, Record: a})
	}
	for _, d := range ds[engID] {
		s.Deliveries = append(s.Deliveries, casefile.Delivery{ID: d.ID, Record: d})
	}
	if s.Empty() {
		return nil, nil
	}
	return s, nil
}

// importSupervision writes the section into engagement engID inside tx,
// after importFindings; replace first removes what the engagement has.
// findingIDs maps the file's finding ids to the new ones.
func importSupervision(ctx context.Context, tx *sql.Tx, engID int64, s *casefile.Supervision, replace bool, findingIDs map[int64]int64, now time.Time) (string, error) {
	if replace {
		for _, q := range []string{`DELETE FROM inspections WHERE engagement_id = ?`, `DELETE FROM process_audits WHERE engagement_id = ?`,
			`DELETE FROM deliveries WHERE engagement_id = ?`} {
			if _, err := tx.ExecContext(ctx, q, engID); err != nil {
				return "", err
			}
		}
	}
	if s.Empty() {
		return "", nil
	}
	// remap moves the findings of source from the file's record ids to the
	// new ones; negated first so that an old id equal to a new one is not
	// moved twice.
	remaps := map[findings.Source]map[int64]int64{findings.SourceInspection: {}, findings.SourceAssessment: {}, findings.SourceDelivery: {}}
	checkIDs := map[int64]int64{}
	for i := range s.Inspections {
		x := s.Inspections[i]
		in := x.Record
		in.Checks = append(in.Checks[:0:0], in.Checks...)
		for j := range in.Checks {
			in.Checks[j].Finding = findingIDs[in.Checks[j].Finding]
		}
		in.UID = freeUID(ctx, tx, "inspections", in.UID)
		if err := insertInspection(ctx, tx, engID, &in, now); err != nil {
			return "", err
		}
		for j, c := range in.Checks {
			if j < len(x.CheckIDs) {
				checkIDs[x.CheckIDs[j]] = c.ID
				remaps[findings.SourceInspection][x.CheckIDs[j]] = c.ID
			}
		}
	}
	for _, x := range s.Assessments {
		a := x.Record
		a.Measures = append(a.Measures[:0:0], a.Measures...)
		for j := range a.Measures {
			a.Measures[j].Finding = findingIDs[a.Measures[j].Finding]
		}
		a.FactorChange = 0 // the contract section brought its factor changes
		a.UID = freeUID(ctx, tx, "process_audits", a.UID)
		id, err := insertJSONRecord(ctx, tx, "process_audits", "period, date", []any{a.Period, string(a.Date)}, engID, a.UID, func(id int64) any { return a }, now)
		if err != nil {
			return "", err
		}
		remaps[findings.SourceAssessment][x.ID] = id
	}
	for _, x := range s.Deliveries {
		d := x.Record
		d.Problems = append(d.Problems[:0:0], d.Problems...)
		for j := range d.Problems {
			d.Problems[j].Finding = findingIDs[d.Problems[j].Finding]
		}
		d.UID = freeUID(ctx, tx, "deliveries", d.UID)
		id, err := insertJSONRecord(ctx, tx, "deliveries", "milestone", []any{d.Milestone}, engID, d.UID, func(id int64) any { return d }, now)
		if err != nil {
			return "", err
		}
		remaps[findings.SourceDelivery][x.ID] = id
	}
	for src, m := range remaps {
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET source_id = -source_id WHERE engagement_id = ? AND source = ? AND source_id > 0`, engID, string(src)); err != nil {
			return "", err
		}
		for old, nu := range m {
			if _, err := tx.ExecContext(ctx, `UPDATE findings SET source_id = ? WHERE engagement_id = ? AND source = ? AND source_id = ?`, nu, engID, string(src), -old); err != nil {
				return "", err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET source_id = 0 WHERE engagement_id = ? AND source = ? AND source_id < 0`, engID, string(src)); err != nil {
			return "", err
		}
	}
	// The evidence links of the checks.
	links := `evidence_links SET owner_id = %s WHERE owner_kind = ? AND evidence_id IN (SELECT id FROM evidence WHERE engagement_id = ?)`
	if _, err := tx.ExecContext(ctx, `UPDATE `+fmt.Sprintf(links, "-owner_id")+` AND owner_id > 0`, OwnerInspectionItem, engID); err != nil {
		return "", err
	}
	for old, nu := range checkIDs {
		if _, err := tx.ExecContext(ctx, `UPDATE `+fmt.Sprintf(links, "?")+` AND owner_id = ?`, nu, OwnerInspectionItem, engID, -old); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("; inspections=%d, process_audits=%d, deliveries=%d", len(s.Inspections), len(s.Assessments), len(s.Deliveries)), nil
}

// importedFindingIDs maps the file's finding ids to those importFindings
// gave them: it inserts them in the file's order into an engagement that
// had none (new, or replaced).
func importedFindingIDs(ctx context.Context, tx *sql.Tx, engID int64, r *findings.Register) map[int64]int64 {
	out := map[int64]int64{}
	if r == nil {
		return out
	}
	var ids []int64
	eachRow(ctx, tx, `SELECT id FROM findings WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ids = append(ids, id)
		return err
	})
	for i, f := range r.Findings {
		if i < len(ids) {
			out[f.ID] = ids[i]
		}
	}
	return out
}

// freeUID is uid, or a new one when another record of table has it (a case
// file imported as a copy beside its original).
func freeUID(ctx context.Context, tx *sql.Tx, table, uid string) string {
	var one int
	if uid == "" || tx.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE uid = ?`, uid).Scan(&one) == nil {
		return uuid.NewString()
	}
	return uid
}

// insertJSONRecord inserts a record kept as JSON (process_audits,
// deliveries) with its uid and the columns given, and returns its id.
func insertJSONRecord(ctx context.Context, tx *sql.Tx, table, cols string, vals []any, engID int64, uid string, body func(int64) any, now time.Time) (int64, error) {
	b, err := json.Marshal(body(0))
	if err != nil {
		return 0, err
	}
	marks := "?"
	for range vals[1:] {
		marks += ", ?"
	}
	args := append([]any{engID, uid}, vals...)
	args = append(args, string(b), fmtTime(now), fmtTime(now))
	res, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (engagement_id, uid, `+cols+`, body, created_at, updated_at) VALUES (?, ?, `+marks+`, ?, ?, ?)`, args...)
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
}
