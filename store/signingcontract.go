package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/contract"
)

// The contract's signing and the engagement's service content
// (0008_plan_filing.sql): the plan (6.3 a)) and the filing (6.5 a)) count
// from the signing; the service content is filing item 6.5 a) 2).

// Audit events of the signing and the service content.
const (
	EventContractSign    = "contract" + ".signing.record" // the contract's signing (6.3 a), 6.5 a))
	EventContractUnsign  = "contract" + ".signing.clear"  // a signing recorded by mistake
	EventServiceContent  = "engagement" + ".service_content.save"
	maxServiceContentLen = model.MaxLongText
)

// SigningEvents lists the events, for the catalog test.
var SigningEvents = []string{EventContractSign, EventContractUnsign, EventServiceContent}

func loadSignings(ctx context.Context, q queryer, where string, args []any, get func(int64) *contract.Contract) error {
	return eachRow(ctx, q, `SELECT engagement_id, signed_on, number, version, dept_signatory, vendor_signatory
		FROM contract_signings`+where, args, func(r *sql.Rows) error {
		var id int64
		var sg contract.Signing
		var d string
		if err := r.Scan(&id, &d, &sg.Number, &sg.Version, &sg.DeptSignatory, &sg.VendorSignatory); err != nil {
			return err
		}
		sg.Date = model.Date(d)
		get(id).Signing = sg
		return nil
	})
}

func writeSigning(ctx context.Context, tx *sql.Tx, engagementID int64, sg contract.Signing, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO contract_signings (engagement_id, signed_on, number, version,
		dept_signatory, vendor_signatory, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (engagement_id) DO UPDATE SET signed_on = excluded.signed_on, number = excluded.number,
		version = excluded.version, dept_signatory = excluded.dept_signatory,
		vendor_signatory = excluded.vendor_signatory, updated_at = excluded.updated_at`,
		engagementID, string(sg.Date), sg.Number, sg.Version, sg.DeptSignatory, sg.VendorSignatory, fmtTime(now))
	return err
}

// RecordContractSigning records the signing of the contract of engagement id:
// date, number, version signed and the signatories of both parties. The
// plan (6.3 a)) and the filing (6.5 a)) can start from it.
func (s *Store) RecordContractSigning(ctx context.Context, op Operator, engagementID int64, sg contract.Signing) error {
	sg.Normalise()
	return s.contractAction(ctx, op, EventContractSign, engagementID, sg.Validate(), func(tx *sql.Tx, now time.Time) (string, error) {
		return fmt.Sprintf("date=%s; number=%s; version=%s; department=%s; vendor=%s", sg.Date, sg.Number, sg.Version,
			sg.DeptSignatory, sg.VendorSignatory), writeSigning(ctx, tx, engagementID, sg, now)
	})
}

// ClearContractSigning removes a signing recorded by mistake. ErrNotFound
// when none is recorded.
func (s *Store) ClearContractSigning(ctx context.Context, op Operator, engagementID int64) error {
	return s.contractAction(ctx, op, EventContractUnsign, engagementID, nil, func(tx *sql.Tx, _ time.Time) (string, error) {
		res, err := tx.ExecContext(ctx, `DELETE FROM contract_signings WHERE engagement_id = ?`, engagementID)
		if err != nil {
			return "", err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return "", sql.ErrNoRows
		}
		return "cleared", nil
	})
}

// SetServiceContent records what the vendor does on engagement id (6.5 a)
// 2)); a change of it is a change the filing must follow (6.5 b)).
func (s *Store) SetServiceContent(ctx context.Context, op Operator, engagementID int64, content string) error {
	content = strings.TrimSpace(content)
	var verr model.ValidationError
	if len([]rune(content)) > maxServiceContentLen {
		verr = append(verr, model.FieldError{Field: "service_content", Key: "err.too_long", Args: []any{maxServiceContentLen},
			Clause: "GB/T 32926—2016 6.5 a) 2)"})
	}
	if strings.ContainsRune(content, 0) {
		verr = append(verr, model.FieldError{Field: "service_content", Key: "err.bad_text", Clause: "GB/T 32926—2016 6.5 a) 2)"})
	}
	return s.contractAction(ctx, op, EventServiceContent, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		_, err := tx.ExecContext(ctx, `UPDATE engagements SET service_content = ?, updated_at = ? WHERE id = ?`,
			content, fmtTime(now), engagementID)
		return "service_content=" + content, err
	})
}
