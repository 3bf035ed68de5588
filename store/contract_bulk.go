package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"outsec/model"
	"outsec/model/contract"
)

// SaveContractAssessments records findings on several items at once (a
// whole group marked present, issue 16): one transaction, one audit record
// naming each item. Every assessment is checked first; one bad one refuses
// them all.
func (s *Store) SaveContractAssessments(ctx context.Context, op Operator, engagementID int64, as []contract.Assessment) error {
	var verr model.ValidationError
	for i := range as {
		normaliseAssessment(&as[i])
		verr = append(verr, as[i].Validate(contract.FieldItems)...)
	}
	return s.contractAction(ctx, op, EventContractAssess, engagementID, verr, func(tx *sql.Tx, now time.Time) (string, error) {
		parts := make([]string, len(as))
		for i, a := range as {
			parts[i] = a.ItemID + "=" + string(a.Status)
			if a.Status == contract.Unassessed {
				parts[i] = a.ItemID + "=unassessed"
			}
			if err := writeAssessment(ctx, tx, engagementID, a, now); err != nil {
				return "", err
			}
		}
		return strings.Join(parts, "; "), nil
	})
}
