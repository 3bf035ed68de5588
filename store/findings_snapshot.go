package store

import (
	"context"
	"database/sql"

	"outsec/model/findings"
)

// RegisterSnapshot is the findings register of one engagement as its
// documents show it (Snapshot.Register): the findings with their history,
// the incidents, the evidence of each by the record's id, and the
// contract's reporting deadline in hours.
type RegisterSnapshot struct {
	Findings         []findings.Finding
	Incidents        []findings.Incident
	FindingEvidence  map[int64][]Evidence
	IncidentEvidence map[int64][]Evidence
	NotifyHours      float64
}

func registerSnapshot(ctx context.Context, q queryer, engID int64) (RegisterSnapshot, error) {
	var r RegisterSnapshot
	fm, err := loadFindings(ctx, q, engID, true)
	if err != nil {
		return r, err
	}
	im, err := loadIncidents(ctx, q, engID)
	if err != nil {
		return r, err
	}
	r.Findings, r.Incidents = fm[engID], im[engID]
	r.FindingEvidence, r.IncidentEvidence = map[int64][]Evidence{}, map[int64][]Evidence{}
	err = eachRow(ctx, q, `SELECT l.owner_kind, l.owner_id, `+evidenceColumns+` FROM evidence e JOIN evidence_links l ON l.evidence_id = e.id
		WHERE e.engagement_id = ? ORDER BY e.id`, []any{engID}, func(rows *sql.Rows) error {
		var kind string
		var owner int64
		var e Evidence
		var at string
		if err := rows.Scan(&kind, &owner, &e.ID, &e.EngagementID, &e.Kind, &e.Name, &e.Size, &e.SHA256, &e.SM3, &e.Note, &e.AddedBy, &at); err != nil {
			return err
		}
		e.AddedAt = parseTime(at)
		switch kind {
		case OwnerFinding:
			r.FindingEvidence[owner] = append(r.FindingEvidence[owner], e)
		case OwnerIncident:
			r.IncidentEvidence[owner] = append(r.IncidentEvidence[owner], e)
		}
		return nil
	})
	if err != nil {
		return r, err
	}
	hours, def, err := notifyHours(ctx, q, engID)
	r.NotifyHours = def
	if h, ok := hours[engID]; ok {
		r.NotifyHours = h
	}
	return r, err
}
