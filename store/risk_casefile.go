package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"outsec/model/casefile"
	"outsec/model/risk"
)

// The risk assessment section of a case file (store/casefile.go,
// docs/case-file.md): exported with file-local ids, imported with new ones.

// exportRisk is the risk assessment section of an engagement's case file, with
// file-local ids; nil when the engagement has no assessment.
func exportRisk(ctx context.Context, tx *sql.Tx, engID int64) (*risk.Assessment, error) {
	a, exists, err := loadAssessment(ctx, tx, engID)
	if err != nil || (!exists && a.Empty()) {
		return nil, err
	}
	local := casefile.LocalIDs(a)
	return &local, nil
}

// importRisk writes the risk assessment section of a case file, already
// checked by casefile.Decode (every record, every reference, every stored
// score against the file's settings), for engagement engID, giving the
// records ids of this database. replace first removes the assessment the
// engagement has (a file without the section then leaves none: "no
// records"). It returns the part of the import's audit detail that concerns
// the assessment.
func importRisk(ctx context.Context, tx *sql.Tx, engID int64, a *risk.Assessment, replace bool, now time.Time) (string, error) {
	var detail string
	if replace {
		var n [6]int
		for i, t := range []string{"assets", "threats", "vulnerabilities", "controls", "risks", "risk_units"} {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+t+` WHERE engagement_id = ?`, engID).Scan(&n[i]); err != nil {
				return "", err
			}
		}
		if n != [6]int{} {
			detail = fmt.Sprintf("; risk_assessment replaced: assets=%d threats=%d vulnerabilities=%d controls=%d risks=%d units=%d",
				n[0], n[1], n[2], n[3], n[4], n[5])
		}
		// Controls and assets first: vulnerabilities, risks and links follow
		// by their foreign keys.
		for _, t := range []string{"controls", "assets", "threats", "risk_units", "risk_assessments"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE engagement_id = ?`, engID); err != nil {
				return "", err
			}
		}
	}
	if a == nil {
		return detail, nil
	}
	x := *a
	x.Normalise()
	ts := fmtTime(now)
	c := x.Conclusion
	if _, err := tx.ExecContext(ctx, `INSERT INTO risk_assessments (engagement_id, settings, acceptable_level, leader,
		concluded_on, decision, remarks, benefit, benefit_basis, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, engID,
		settingsJSON(x.Settings), c.AcceptableLevel, c.Leader, string(c.Date), string(c.Decision), c.Remarks, c.Benefit,
		string(c.BenefitBasis), ts); err != nil {
		return "", err
	}
	for _, u := range x.Units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO risk_units (engagement_id, name, role, effect, treatment, owner,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, engID, u.Name, string(u.Role), u.Effect, u.Treatment,
			u.Owner, ts, ts); err != nil {
			return "", err
		}
	}
	prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	insA, err := prep(`INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes, value, level, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insA.Close()
	assets := make(map[int64]int64, len(x.Assets))
	for _, r := range x.Assets {
		res, err := insA.ExecContext(ctx, engID, r.Name, string(r.Type), r.Owner, r.C, r.I, r.A, r.Notes, r.Value, r.Level, ts, ts)
		if err != nil {
			return "", err
		}
		if assets[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insT, err := prep(`INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insT.Close()
	threats := make(map[int64]int64, len(x.Threats))
	for _, r := range x.Threats {
		res, err := insT.ExecContext(ctx, engID, r.Name, string(r.Source), string(r.Path), r.Method, r.Frequency, r.Notes, ts, ts)
		if err != nil {
			return "", err
		}
		if threats[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insV, err := prep(`INSERT INTO vulnerabilities (engagement_id, asset_id, description, category, severity, identified, notes,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insV.Close()
	vulns := make(map[int64]int64, len(x.Vulns))
	for _, r := range x.Vulns {
		res, err := insV.ExecContext(ctx, engID, assets[r.AssetID], r.Description, string(r.Category), r.Severity,
			string(r.Identified), r.Notes, ts, ts)
		if err != nil {
			return "", err
		}
		if vulns[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insR, err := prep(`INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost,
		status, residual_threat, residual_vuln, likelihood, likelihood_level, loss, loss_level, value, level, residual_json,
		retreatment, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insR.Close()
	risks := make(map[int64]int64, len(x.Risks))
	for _, r := range x.Risks {
		t, sc := r.Treatment, r.Inherent
		res, err := insR.ExecContext(ctx, engID, assets[r.AssetID], threats[r.ThreatID], vulns[r.VulnID], string(t.Option),
			t.Measure, t.Owner, string(t.Deadline), t.Cost, string(t.Status), r.ResidualThreat, r.ResidualVuln,
			sc.Likelihood, sc.LikelihoodLevel, sc.Loss, sc.LossLevel, sc.Value, sc.Level, residualJSON(r.Residual),
			retreatmentJSON(r.Retreatment), ts, ts)
		if err != nil {
			return "", err
		}
		if risks[r.ID], err = res.LastInsertId(); err != nil {
			return "", err
		}
	}
	insC, err := prep(`INSERT INTO controls (engagement_id, name, description, status, effectiveness, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer insC.Close()
	links := 0
	for _, r := range x.Controls {
		res, err := insC.ExecContext(ctx, engID, r.Name, r.Description, string(r.Status), string(r.Effectiveness), ts, ts)
		if err != nil {
			return "", err
		}
		cid, err := res.LastInsertId()
		if err != nil {
			return "", err
		}
		for _, rid := range r.RiskIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO control_risks (control_id, risk_id) VALUES (?, ?)`, cid, risks[rid]); err != nil {
				return "", err
			}
			links++
		}
	}
	// The file's scores agree with its settings (casefile.Decode checked
	// them, within a rounding tolerance of the last digits); the cache holds
	// exactly what model/risk computes.
	if _, err := rescore(ctx, tx, engID, x.Settings, ""); err != nil {
		return "", err
	}
	return detail + fmt.Sprintf("; risk_assessment: method=%s assets=%d threats=%d vulnerabilities=%d controls=%d (links=%d) risks=%d units=%d",
		x.Settings.Method, len(x.Assets), len(x.Threats), len(x.Vulns), len(x.Controls), links, len(x.Risks), len(x.Units)), nil
}
