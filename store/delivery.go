package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"outsec/model/findings"
	"outsec/model/supervision"
)

// The deliverable verification of 7.2 (table deliveries), one record per
// milestone of the plan; every problem of b) with the leader's decision is a
// finding (source delivery), made once, in the same transaction.

// Audit events of the deliverable verification.
const (
	EventDelivery  = "delivery" + ".save"
	ObjectDelivery = "delivery"
)

func loadDeliveries(ctx context.Context, q queryer, only int64) (map[int64][]supervision.Verification, error) {
	where, args := "", []any(nil)
	if only != 0 {
		where, args = " WHERE engagement_id = ?", []any{only}
	}
	out := map[int64][]supervision.Verification{}
	err := eachRow(ctx, q, `SELECT id, engagement_id, body FROM deliveries`+where+` ORDER BY id`, args, func(r *sql.Rows) error {
		var id, eng int64
		var body string
		if err := r.Scan(&id, &eng, &body); err != nil {
			return err
		}
		var v supervision.Verification
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return fmt.Errorf("delivery %d: %w", id, err)
		}
		v.ID = id
		out[eng] = append(out[eng], v)
		return nil
	})
	return out, err
}

// Deliveries lists the verifications of an engagement in the order made.
func (s *Store) Deliveries(ctx context.Context, engID int64) ([]supervision.Verification, error) {
	var out []supervision.Verification
	err := s.read(ctx, func(q queryer) error {
		if _, err := engagementCode(ctx, q, engID); err != nil {
			return err
		}
		m, err := loadDeliveries(ctx, q, engID)
		out = m[engID]
		return err
	})
	return out, classify(s.path, err)
}

// SaveDelivery records or saves the verification of one milestone (one per
// milestone: a second record of the same milestone replaces nothing, it is
// the same record). Problems of b) with the leader's decision become
// findings, once.
func (s *Store) SaveDelivery(ctx context.Context, op Operator, engID int64, v *supervision.Verification) error {
	v.Milestone, v.Verifier, v.Records, v.Leader = strings.TrimSpace(v.Milestone), strings.TrimSpace(v.Verifier), strings.TrimSpace(v.Records), strings.TrimSpace(v.Leader)
	e, err := s.Engagement(ctx, engID)
	if err != nil {
		return err
	}
	if verr := v.Validate(e.CloudWebsite); verr != nil {
		s.AuditFailure(ctx, op, EventDelivery, ObjectDelivery, e.Code, verr)
		return verr
	}
	saved := *v
	err = s.findingChange(ctx, op, EventDelivery, ObjectDelivery, engID, func(tx *sql.Tx, now time.Time) (int64, string, error) {
		b := *v
		b.Problems = append([]supervision.Problem(nil), v.Problems...)
		if b.ID == 0 {
			// One record per milestone.
			err := tx.QueryRowContext(ctx, `SELECT id FROM deliveries WHERE engagement_id = ? AND milestone = ?`, engID, b.Milestone).Scan(&b.ID)
			if err != nil && err != sql.ErrNoRows {
				return 0, "", err
			}
		}
		if b.ID == 0 {
			if b.UID == "" {
				b.UID = uuid.NewString()
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO deliveries (engagement_id, uid, milestone, body, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, ?)`,
				engID, b.UID, b.Milestone, fmtTime(now), fmtTime(now))
			if err != nil {
				return 0, "", err
			}
			if b.ID, err = res.LastInsertId(); err != nil {
				return 0, "", err
			}
		} else if eng, err := recordEngagement(ctx, tx, "deliveries", b.ID); err != nil || eng != engID {
			if err == nil {
				err = sql.ErrNoRows
			}
			return b.ID, "", err
		}
		made := 0
		for i := range b.Problems {
			p := &b.Problems[i]
			if p.Finding != 0 || strings.TrimSpace(p.Decision) == "" {
				continue
			}
			desc := p.Description
			if p.Cause != "" {
				desc += "（" + p.Cause + "）"
			}
			f := findings.Finding{Source: findings.SourceDelivery, SourceID: b.ID, Description: desc, Concerns: "7.2 b)", Severity: findings.Medium,
				ReportedOn: b.Date, Action: findings.Action{Measure: p.Decision, Owner: e.Vendor.Name}}
			if _, _, err := insertFinding(ctx, tx, op, engID, &f, now); err != nil {
				return b.ID, "", err
			}
			p.Finding = f.ID
			made++
		}
		body, err := json.Marshal(b)
		if err != nil {
			return b.ID, "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET milestone = ?, body = ?, updated_at = ? WHERE id = ?`, b.Milestone, string(body), fmtTime(now), b.ID); err != nil {
			return b.ID, "", err
		}
		saved = b
		return b.ID, fmt.Sprintf("%s verified %s by %s; %d findings from b)", auditValue(b.Milestone), b.Date, auditValue(b.Verifier), made), nil
	})
	if err == nil {
		*v = saved
	}
	return err
}
