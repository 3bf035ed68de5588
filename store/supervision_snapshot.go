package store

import (
	"context"
	"database/sql"

	"outsec/model/inspection"
	"outsec/model/supervision"
)

// SupervisionSnapshot is what the documents of clause 7 show
// (Snapshot.Supervision): the inspections with the evidence of each check by
// the check's id, the process assessments, the deliverable verifications and
// the contract's fix time.
type SupervisionSnapshot struct {
	Inspections   []inspection.Inspection
	CheckEvidence map[int64][]Evidence
	Assessments   []supervision.Assessment
	Deliveries    []supervision.Verification
	FixTime       string
}

func supervisionSnapshot(ctx context.Context, q queryer, engID int64) (SupervisionSnapshot, error) {
	var s SupervisionSnapshot
	ins, err := loadInspections(ctx, q, engID, 0)
	if err != nil {
		return s, err
	}
	as, err := loadProcessAudits(ctx, q, engID)
	if err != nil {
		return s, err
	}
	ds, err := loadDeliveries(ctx, q, engID)
	if err != nil {
		return s, err
	}
	s.Inspections, s.Assessments, s.Deliveries = ins[engID], as[engID], ds[engID]
	if s.FixTime, err = fixTime(ctx, q, engID); err != nil {
		return s, err
	}
	s.CheckEvidence = map[int64][]Evidence{}
	err = eachRow(ctx, q, `SELECT l.owner_id, `+evidenceColumns+` FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id
		WHERE e.engagement_id = ? AND l.owner_kind = ? ORDER BY e.id`, []any{engID, OwnerInspectionItem}, func(r *sql.Rows) error {
		var owner int64
		var e Evidence
		var at string
		if err := r.Scan(&owner, &e.ID, &e.EngagementID, &e.Kind, &e.Name, &e.Size, &e.SHA256, &e.SM3, &e.Note, &e.AddedBy, &at); err != nil {
			return err
		}
		e.AddedAt = parseTime(at)
		s.CheckEvidence[owner] = append(s.CheckEvidence[owner], e)
		return nil
	})
	return s, err
}
