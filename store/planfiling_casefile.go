package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"outsec/model"
	"outsec/model/filing"
	"outsec/model/plan"
)

// The plan and the filing in case files and in the sample engagement.

// exportPlanFiling is the sections "plan" and "filings" of an engagement's
// case file: nil when nothing is recorded.
func exportPlanFiling(ctx context.Context, tx *sql.Tx, id int64) (*plan.Plan, []filing.Version, error) {
	p, err := planOf(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	vs, err := loadFilings(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	var pp *plan.Plan
	if !p.Empty() {
		pp = &p
	}
	return pp, vs[id], nil
}

// replacePlanFiling makes the plan and the filing of engagement id exactly p
// and vs, inside tx (each version keeps its time and frozen snapshot).
func replacePlanFiling(ctx context.Context, tx *sql.Tx, id int64, p *plan.Plan, vs []filing.Version, now time.Time) error {
	for _, q := range []string{`DELETE FROM plans WHERE engagement_id = ?`, `DELETE FROM plan_controls WHERE engagement_id = ?`,
		`DELETE FROM filings WHERE engagement_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	if p != nil {
		js, err := sectionsJSON(p)
		if err != nil {
			return err
		}
		a := p.Approval
		if _, err := tx.ExecContext(ctx, `INSERT INTO plans (engagement_id, sections_json, submitted_on, approved_by, approved_on,
			risk_digest, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`, id, js, string(a.SubmittedOn), a.Leader, string(a.ApprovedOn),
			a.RiskDigest, fmtTime(now)); err != nil {
			return err
		}
		for _, d := range p.Controls {
			if err := writeDeployment(ctx, tx, id, d, now); err != nil {
				return err
			}
		}
	}
	for _, v := range vs {
		if err := insertVersion(ctx, tx, id, &v, now); err != nil {
			return err
		}
	}
	return nil
}

func insertVersion(ctx context.Context, tx *sql.Tx, id int64, v *filing.Version, now time.Time) error {
	js, err := json.Marshal(v.Snapshot)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO filings (engagement_id, version, reason, authority, status, submitted_on, number,
		snapshot_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, v.Number, string(v.Reason), v.Authority,
		string(v.Status), string(v.SubmittedOn), v.FilingNo, string(js), fmtTime(v.CreatedAt), fmtTime(now))
	if err != nil {
		return err
	}
	v.ID, err = res.LastInsertId()
	return err
}

// importPlanFiling writes the sections "plan" and "filings" of a case file,
// already checked by casefile.Decode; replace first removes what the
// engagement has. It returns its part of the import's audit detail.
func importPlanFiling(ctx context.Context, tx *sql.Tx, id int64, p *plan.Plan, vs []filing.Version, replace bool, now time.Time) (string, error) {
	var detail string
	if replace {
		var plans, versions int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM plans WHERE engagement_id = ?),
			(SELECT count(*) FROM filings WHERE engagement_id = ?)`, id, id).Scan(&plans, &versions); err != nil {
			return "", err
		}
		if plans+versions > 0 {
			detail = fmt.Sprintf("; plan and filing replaced: filings=%d", versions)
		}
	}
	if err := replacePlanFiling(ctx, tx, id, p, vs, now); err != nil {
		return "", err
	}
	if p != nil || len(vs) > 0 {
		detail += fmt.Sprintf("; plan=%t; filings=%d", p != nil, len(vs))
	}
	return detail, nil
}

// loadSamplePlanFiling writes the sample's approved plan (plan.SamplePlan,
// with the digest of the sample's risks) and its filing v1, accepted, whose
// snapshot names the vendor's former lead (filing.SampleLead): the sample
// engagement's lead has changed since, so that a new user sees the filing
// "needs update" (6.5 b)) with the changed fields.
func loadSamplePlanFiling(ctx context.Context, tx *sql.Tx, e *model.Engagement, lang string, now time.Time) (string, error) {
	p := plan.SamplePlan(lang)
	ds, err := riskDigests(ctx, tx, e.ID)
	if err != nil {
		return "", err
	}
	p.Approval.RiskDigest = ds[e.ID]
	if p.Approval.RiskDigest == "" {
		p.Approval.RiskDigest = emptyDigest
	}
	treat, err := treatmentsOf(ctx, tx, e.ID)
	if err != nil {
		return "", err
	}
	old := *e
	old.Vendor.Lead = filing.SampleLead(lang)
	authority := "市委网信办(示例)"
	if lang == "en" {
		authority = "Municipal Cyberspace Affairs Office (sample)"
	}
	v1 := filing.Version{Number: 1, Reason: filing.Initial, Authority: authority, Status: filing.Accepted, SubmittedOn: "2026-04-10",
		FilingNo: "BA-2026-0101", Snapshot: filing.Take(&old, &p, treat[e.ID], filing.SampleOther(lang)),
		CreatedAt: time.Date(2026, 4, 9, 1, 0, 0, 0, time.UTC)}
	if err := replacePlanFiling(ctx, tx, e.ID, &p, []filing.Version{v1}, now); err != nil {
		return "", err
	}
	return "; plan approved; filing v1", nil
}
