package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"outsec/model"
	"outsec/model/findings"
	"outsec/model/inspection"
	"outsec/model/supervision"
)

// loadSampleSupervision writes the sample's records of clause 7 inside
// LoadSample's transaction: one inspection with three findings,
// acknowledged; one process assessment with its approved measure; the
// first milestone verified.
func loadSampleSupervision(ctx context.Context, tx *sql.Tx, op Operator, e *model.Engagement, lang string, now time.Time) (string, error) {
	// The sample's records are the sample inspector's, as the register's
	// are (findings.SampleRegister): no profile of this database.
	op = Operator{Name: map[bool]string{true: "Wang Jiancha (sample)", false: "王检查（示例）"}[lang == "en"]}
	p, err := planOf(ctx, tx, e.ID)
	if err != nil {
		return "", err
	}
	in := inspection.SampleInspection(lang, inspection.Applicable(&p, e.CloudWebsite))
	in.UID = freeUID(ctx, tx, "inspections", in.UID)
	in.CreatedBy, in.CreatedAt = op.Label(), now
	if err := insertInspection(ctx, tx, e.ID, &in, now); err != nil {
		return "", err
	}
	fix, err := fixTime(ctx, tx, e.ID)
	if err != nil {
		return "", err
	}
	made, err := inspectionFindings(ctx, tx, op, e.ID, &in, in.Ack, fix, now)
	if err != nil {
		return "", err
	}
	a := supervision.SampleAssessment(lang)
	a.UID = freeUID(ctx, tx, "process_audits", a.UID)
	id, err := insertJSONRecord(ctx, tx, "process_audits", "period, date", []any{a.Period, string(a.Date)}, e.ID, a.UID, func(int64) any { return a }, now)
	if err != nil {
		return "", err
	}
	for i := range a.Measures {
		m := &a.Measures[i]
		f := findings.Finding{Source: findings.SourceAssessment, SourceID: id, Description: m.Text, Concerns: "7.1 d)", Severity: findings.Medium,
			ReportedOn: a.ApprovedOn, Action: findings.Action{Measure: m.Text, Owner: m.Owner, Deadline: m.Due}}
		if _, _, err := insertFinding(ctx, tx, op, e.ID, &f, now); err != nil {
			return "", err
		}
		m.Finding = f.ID
	}
	body, err := json.Marshal(a)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE process_audits SET body = ? WHERE id = ?`, string(body), id); err != nil {
		return "", err
	}
	v := supervision.SampleVerification(lang, &p, e.CloudWebsite)
	v.UID = freeUID(ctx, tx, "deliveries", v.UID)
	if _, err := insertJSONRecord(ctx, tx, "deliveries", "milestone", []any{v.Milestone}, e.ID, v.UID, func(int64) any { return v }, now); err != nil {
		return "", err
	}
	return fmt.Sprintf("; inspections=1 (%d findings), process_audits=1, deliveries=1", len(made)), nil
}
