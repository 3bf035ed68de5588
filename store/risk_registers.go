package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"outsec/model"
	"outsec/model/risk"
)

// The registers of the risk assessment (store/risk.go): Save and Delete of
// assets, threats, vulnerabilities, controls and risks, and the treatment of
// a risk. Each is one riskChange.

// ---------------------------------------------------------------- assets

func assetLabel(a *risk.Asset) string {
	return fmt.Sprintf("name=%s; type=%s; c/i/a=%d/%d/%d", auditValue(a.Name), a.Type, a.C, a.I, a.A)
}

// SaveAsset creates (ID 0) or updates an asset of the engagement, recomputes
// its value and the scores of its risks, and sets a.Value and a.Level.
func (s *Store) SaveAsset(ctx context.Context, op Operator, engagementID int64, a *risk.Asset) error {
	event := EventRiskAssetCreate
	if a.ID != 0 {
		event = EventRiskAssetUpdate
	}
	a.Normalise()
	if verr := a.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectAsset, engagementID, a.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectAsset, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var detail string
		if a.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO assets (engagement_id, name, type, owner, c, i, a, notes,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			a.ID, detail = id, assetLabel(a)
		} else {
			var old risk.Asset
			var typ string
			err := tx.QueryRowContext(ctx, `SELECT name, type, owner, c, i, a, notes FROM assets
				WHERE id = ? AND engagement_id = ?`, a.ID, rt.engID).Scan(&old.Name, &typ, &old.Owner, &old.C, &old.I, &old.A, &old.Notes)
			if err != nil {
				return a.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, a.Name)
			ch.add("type", typ, string(a.Type))
			ch.add("owner", old.Owner, a.Owner)
			ch.add("c", old.C, a.C)
			ch.add("i", old.I, a.I)
			ch.add("a", old.A, a.A)
			ch.add("notes", old.Notes, a.Notes)
			if err := exec1(ctx, tx, `UPDATE assets SET name = ?, type = ?, owner = ?, c = ?, i = ?, a = ?, notes = ?,
				updated_at = ? WHERE id = ?`, a.Name, string(a.Type), a.Owner, a.C, a.I, a.A, a.Notes, now, a.ID); err != nil {
				return a.ID, "", err
			}
			detail = "name=" + auditValue(a.Name) + "; " + ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "asset_id = ?", a.ID)
		if err != nil {
			return a.ID, "", err
		}
		if err := tx.QueryRowContext(ctx, `SELECT value, level FROM assets WHERE id = ?`, a.ID).Scan(&a.Value, &a.Level); err != nil {
			return a.ID, "", err
		}
		return a.ID, fmt.Sprintf("%s; value=%g level=%d; %s", detail, a.Value, a.Level, n), nil
	})
}

// DeleteAsset removes an asset with its vulnerabilities and every risk that
// links it (and those risks' control links); the audit record names them.
func (s *Store) DeleteAsset(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskAssetDelete, ObjectAsset, "assets", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM assets WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		vulns, err := queryIDs(ctx, rt.tx, `SELECT id FROM vulnerabilities WHERE asset_id = ? ORDER BY id`, id)
		if err != nil {
			return "", err
		}
		// A risk links its vulnerability's asset, so these are also the
		// risks of the vulnerabilities.
		cascade, err := riskCascade(ctx, rt.tx, `asset_id = ?`, id)
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("name=%s; cascade: vulnerabilities=%d %s; %s", auditValue(name), len(vulns), idList(vulns), cascade), nil
	})
}

// riskCascade describes the risks matching where that a deletion removes, and
// their control links.
func riskCascade(ctx context.Context, tx *sql.Tx, where string, args ...any) (string, error) {
	risks, err := queryIDs(ctx, tx, `SELECT id FROM risks WHERE `+where+` ORDER BY id`, args...)
	if err != nil {
		return "", err
	}
	var links int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM control_risks WHERE risk_id IN (SELECT id FROM risks WHERE `+where+`)`,
		args...).Scan(&links)
	return fmt.Sprintf("risks=%d %s; control_links=%d", len(risks), idList(risks), links), err
}

// deleteRecord removes record id of table (the foreign keys cascade to what
// depends on it), describing it and the cascade first with describe.
func (s *Store) deleteRecord(ctx context.Context, op Operator, event, objType, table string, id int64,
	describe func(rt *riskTx) (string, error)) error {
	engID, err := recordEngagement(ctx, s.db, table, id)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, event, objType, "#"+strconv.FormatInt(id, 10), err)
		return err
	}
	return s.riskChange(ctx, op, event, objType, engID, func(rt *riskTx) (int64, string, error) {
		detail, err := describe(rt)
		if err != nil {
			return id, "", err
		}
		if err := exec1(ctx, rt.tx, `DELETE FROM `+table+` WHERE id = ? AND engagement_id = ?`, id, rt.engID); err != nil {
			return id, "", err
		}
		return id, detail, nil
	})
}

// ---------------------------------------------------------------- threats

// SaveThreat creates (ID 0) or updates a threat of the engagement and
// recomputes the scores of its risks.
func (s *Store) SaveThreat(ctx context.Context, op Operator, engagementID int64, t *risk.Threat) error {
	event := EventRiskThreatCreate
	if t.ID != 0 {
		event = EventRiskThreatUpdate
	}
	t.Normalise()
	if verr := t.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectThreat, engagementID, t.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectThreat, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var detail string
		if t.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO threats (engagement_id, name, source, path, method, frequency, notes,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			t.ID = id
			detail = fmt.Sprintf("name=%s; source=%s; path=%s; frequency=%d", auditValue(t.Name), t.Source, t.Path, t.Frequency)
		} else {
			var old risk.Threat
			var src, path string
			err := tx.QueryRowContext(ctx, `SELECT name, source, path, method, frequency, notes FROM threats
				WHERE id = ? AND engagement_id = ?`, t.ID, rt.engID).Scan(&old.Name, &src, &path, &old.Method, &old.Frequency, &old.Notes)
			if err != nil {
				return t.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, t.Name)
			ch.add("source", src, string(t.Source))
			ch.add("path", path, string(t.Path))
			ch.add("method", old.Method, t.Method)
			ch.add("frequency", old.Frequency, t.Frequency)
			ch.add("notes", old.Notes, t.Notes)
			if err := exec1(ctx, tx, `UPDATE threats SET name = ?, source = ?, path = ?, method = ?, frequency = ?, notes = ?,
				updated_at = ? WHERE id = ?`, t.Name, string(t.Source), string(t.Path), t.Method, t.Frequency, t.Notes, now, t.ID); err != nil {
				return t.ID, "", err
			}
			detail = "name=" + auditValue(t.Name) + "; " + ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "threat_id = ?", t.ID)
		if err != nil {
			return t.ID, "", err
		}
		return t.ID, detail + "; " + n.String(), nil
	})
}

// DeleteThreat removes a threat and every risk that links it.
func (s *Store) DeleteThreat(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskThreatDelete, ObjectThreat, "threats", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM threats WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		cascade, err := riskCascade(ctx, rt.tx, `threat_id = ?`, id)
		return fmt.Sprintf("name=%s; cascade: %s", auditValue(name), cascade), err
	})
}

// ---------------------------------------------------------------- vulnerabilities

// SaveVulnerability creates (ID 0) or updates a vulnerability of an asset of
// the engagement and recomputes the scores of its risks. A vulnerability that
// risks link cannot be moved to another asset (the risks link its asset).
func (s *Store) SaveVulnerability(ctx context.Context, op Operator, engagementID int64, v *risk.Vulnerability) error {
	event := EventRiskVulnCreate
	if v.ID != 0 {
		event = EventRiskVulnUpdate
	}
	v.Normalise()
	if verr := v.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectVulnerability, engagementID, v.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectVulnerability, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		ok, err := rt.belongs(ctx, "assets", v.AssetID)
		if err != nil {
			return v.ID, "", err
		}
		if !ok {
			return v.ID, "", refError(risk.FieldVulnerability+"asset_id", v.AssetID, risk.ClauseVulnerability)
		}
		var detail string
		if v.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO vulnerabilities (engagement_id, asset_id, description, category,
				severity, identified, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, v.AssetID, v.Description, string(v.Category), v.Severity, string(v.Identified), v.Notes, now, now)
			if err != nil {
				return 0, "", err
			}
			v.ID = id
			detail = fmt.Sprintf("asset=%d; description=%s; category=%s; severity=%d; identified=%s",
				v.AssetID, auditValue(v.Description), v.Category, v.Severity, v.Identified)
		} else {
			var old risk.Vulnerability
			var cat, ident string
			err := tx.QueryRowContext(ctx, `SELECT asset_id, description, category, severity, identified, notes
				FROM vulnerabilities WHERE id = ? AND engagement_id = ?`, v.ID, rt.engID).Scan(&old.AssetID,
				&old.Description, &cat, &old.Severity, &ident, &old.Notes)
			if err != nil {
				return v.ID, "", err
			}
			if old.AssetID != v.AssetID {
				var n int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM risks WHERE vuln_id = ?`, v.ID).Scan(&n); err != nil {
					return v.ID, "", err
				}
				if n > 0 {
					return v.ID, "", model.ValidationError{{Field: risk.FieldVulnerability + "asset_id", Key: risk.KeyVulnHasRisks,
						Args: []any{n}, Clause: risk.ClauseRisk}}
				}
			}
			var ch changes
			ch.add("asset", old.AssetID, v.AssetID)
			ch.add("description", old.Description, v.Description)
			ch.add("category", cat, string(v.Category))
			ch.add("severity", old.Severity, v.Severity)
			ch.add("identified", ident, string(v.Identified))
			ch.add("notes", old.Notes, v.Notes)
			if err := exec1(ctx, tx, `UPDATE vulnerabilities SET asset_id = ?, description = ?, category = ?, severity = ?,
				identified = ?, notes = ?, updated_at = ? WHERE id = ?`, v.AssetID, v.Description, string(v.Category),
				v.Severity, string(v.Identified), v.Notes, now, v.ID); err != nil {
				return v.ID, "", err
			}
			detail = ch.String()
		}
		n, err := rescore(ctx, tx, rt.engID, rt.settings, "vuln_id = ?", v.ID)
		if err != nil {
			return v.ID, "", err
		}
		return v.ID, detail + "; " + n.String(), nil
	})
}

// DeleteVulnerability removes a vulnerability and every risk that links it.
func (s *Store) DeleteVulnerability(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskVulnDelete, ObjectVulnerability, "vulnerabilities", id, func(rt *riskTx) (string, error) {
		var desc string
		var asset int64
		if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id, description FROM vulnerabilities WHERE id = ?`, id).Scan(&asset, &desc); err != nil {
			return "", err
		}
		cascade, err := riskCascade(ctx, rt.tx, `vuln_id = ?`, id)
		return fmt.Sprintf("asset=%d; description=%s; cascade: %s", asset, auditValue(desc), cascade), err
	})
}

// ---------------------------------------------------------------- controls

// SaveControl creates (ID 0) or updates a control of the engagement with the
// risks it treats (c.RiskIDs, each a risk of the engagement; the links are
// replaced). Controls do not enter the scores.
func (s *Store) SaveControl(ctx context.Context, op Operator, engagementID int64, c *risk.Control) error {
	event := EventRiskControlCreate
	if c.ID != 0 {
		event = EventRiskControlUpdate
	}
	c.Normalise()
	if verr := c.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectControl, engagementID, c.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectControl, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		var verr model.ValidationError
		for i, rid := range c.RiskIDs {
			ok, err := rt.belongs(ctx, "risks", rid)
			if err != nil {
				return c.ID, "", err
			}
			if !ok {
				verr = append(verr, refError(fmt.Sprintf("%srisk_ids[%d]", risk.FieldControl, i), rid, risk.ClauseControl)...)
			}
		}
		if verr != nil {
			return c.ID, "", verr
		}
		var detail string
		if c.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO controls (engagement_id, name, description, status, effectiveness,
				created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, c.Name, c.Description, string(c.Status), string(c.Effectiveness), now, now)
			if err != nil {
				return 0, "", err
			}
			c.ID = id
			detail = fmt.Sprintf("name=%s; status=%s; effectiveness=%s; risks=%s", auditValue(c.Name), c.Status,
				c.Effectiveness, idList(c.RiskIDs))
		} else {
			var old risk.Control
			var st, eff string
			err := tx.QueryRowContext(ctx, `SELECT name, description, status, effectiveness FROM controls
				WHERE id = ? AND engagement_id = ?`, c.ID, rt.engID).Scan(&old.Name, &old.Description, &st, &eff)
			if err != nil {
				return c.ID, "", err
			}
			oldLinks, err := queryIDs(ctx, tx, `SELECT risk_id FROM control_risks WHERE control_id = ? ORDER BY risk_id`, c.ID)
			if err != nil {
				return c.ID, "", err
			}
			var ch changes
			ch.add("name", old.Name, c.Name)
			ch.add("description", old.Description, c.Description)
			ch.add("status", st, string(c.Status))
			ch.add("effectiveness", eff, string(c.Effectiveness))
			ch.add("risks", plain(idList(oldLinks)), plain(idList(sortedIDs(c.RiskIDs))))
			if err := exec1(ctx, tx, `UPDATE controls SET name = ?, description = ?, status = ?, effectiveness = ?,
				updated_at = ? WHERE id = ?`, c.Name, c.Description, string(c.Status), string(c.Effectiveness), now, c.ID); err != nil {
				return c.ID, "", err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM control_risks WHERE control_id = ?`, c.ID); err != nil {
				return c.ID, "", err
			}
			detail = "name=" + auditValue(c.Name) + "; " + ch.String()
		}
		for _, rid := range c.RiskIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO control_risks (control_id, risk_id) VALUES (?, ?)`, c.ID, rid); err != nil {
				return c.ID, "", err
			}
		}
		return c.ID, detail, nil
	})
}

func sortedIDs(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// DeleteControl removes a control and its links to risks.
func (s *Store) DeleteControl(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskControlDelete, ObjectControl, "controls", id, func(rt *riskTx) (string, error) {
		var name string
		if err := rt.tx.QueryRowContext(ctx, `SELECT name FROM controls WHERE id = ?`, id).Scan(&name); err != nil {
			return "", err
		}
		links, err := queryIDs(ctx, rt.tx, `SELECT risk_id FROM control_risks WHERE control_id = ? ORDER BY risk_id`, id)
		return fmt.Sprintf("name=%s; cascade: control_links=%d %s", auditValue(name), len(links), idList(links)), err
	})
}

// ---------------------------------------------------------------- risks

// checkTriple checks that the asset, threat and vulnerability of r are records
// of the engagement, that the vulnerability is the asset's (seed 002 §7.7), and
// that no other risk links the same three.
func (rt *riskTx) checkTriple(ctx context.Context, r *risk.Risk) error {
	var verr model.ValidationError
	for _, ref := range []struct {
		table, field string
		id           int64
	}{{"assets", "asset_id", r.AssetID}, {"threats", "threat_id", r.ThreatID}, {"vulnerabilities", "vulnerability_id", r.VulnID}} {
		ok, err := rt.belongs(ctx, ref.table, ref.id)
		if err != nil {
			return err
		}
		if !ok {
			verr = append(verr, refError(risk.FieldRisk+ref.field, ref.id, risk.ClauseRisk)...)
		}
	}
	if verr != nil {
		return verr
	}
	var owner int64
	if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id FROM vulnerabilities WHERE id = ?`, r.VulnID).Scan(&owner); err != nil {
		return err
	}
	if owner != r.AssetID {
		return model.ValidationError{{Field: risk.FieldRisk + "vulnerability_id", Key: risk.KeyVulnOtherAsset,
			Args: []any{r.VulnID, owner, r.AssetID}, Clause: risk.ClauseVulnerability}}
	}
	var other int64
	err := rt.tx.QueryRowContext(ctx, `SELECT id FROM risks WHERE asset_id = ? AND threat_id = ? AND vuln_id = ? AND id != ?`,
		r.AssetID, r.ThreatID, r.VulnID, r.ID).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return &DuplicateRiskError{ExistingID: other}
}

// SaveRisk creates (ID 0) or updates a risk of the engagement: the asset,
// threat and vulnerability it links, its treatment and residual ratings. It
// recomputes its scores and sets r.Inherent and r.Residual.
func (s *Store) SaveRisk(ctx context.Context, op Operator, engagementID int64, r *risk.Risk) error {
	event := EventRiskRiskCreate
	if r.ID != 0 {
		event = EventRiskRiskUpdate
	}
	r.Treatment.Normalise()
	if r.Treatment.Option == risk.TreatAvoid {
		r.ResidualThreat, r.ResidualVuln = 0, 0 // an avoided risk is gone (§7.13)
	}
	if verr := r.Validate(); verr != nil {
		return s.riskFailure(ctx, op, event, ObjectRisk, engagementID, r.ID, verr)
	}
	return s.riskChange(ctx, op, event, ObjectRisk, engagementID, func(rt *riskTx) (int64, string, error) {
		tx, now := rt.tx, fmtTime(rt.now)
		if err := rt.checkTriple(ctx, r); err != nil {
			return r.ID, "", err
		}
		t := r.Treatment
		var detail string
		if r.ID == 0 {
			id, err := insertID(ctx, tx, `INSERT INTO risks (engagement_id, asset_id, threat_id, vuln_id, treatment, measure,
				owner, deadline, cost, status, residual_threat, residual_vuln, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				rt.engID, r.AssetID, r.ThreatID, r.VulnID, string(t.Option), t.Measure, t.Owner, string(t.Deadline), t.Cost,
				string(t.Status), r.ResidualThreat, r.ResidualVuln, now, now)
			if err != nil {
				return 0, "", err
			}
			r.ID = id
			detail = fmt.Sprintf("asset=%d threat=%d vulnerability=%d; treatment=%s; residual=%d/%d",
				r.AssetID, r.ThreatID, r.VulnID, t.Option, r.ResidualThreat, r.ResidualVuln)
		} else {
			old, err := loadRiskInputs(ctx, tx, r.ID, rt.engID)
			if err != nil {
				return r.ID, "", err
			}
			var ch changes
			ch.add("asset", old.AssetID, r.AssetID)
			ch.add("threat", old.ThreatID, r.ThreatID)
			ch.add("vulnerability", old.VulnID, r.VulnID)
			ch = append(ch, treatmentChanges(old, t, r.ResidualThreat, r.ResidualVuln)...)
			if err := exec1(ctx, tx, `UPDATE risks SET asset_id = ?, threat_id = ?, vuln_id = ?, treatment = ?, measure = ?,
				owner = ?, deadline = ?, cost = ?, status = ?, residual_threat = ?, residual_vuln = ?, updated_at = ?,
				retreatment = CASE WHEN ? IN ('control', 'transfer') THEN retreatment ELSE '' END
				WHERE id = ?`, r.AssetID, r.ThreatID, r.VulnID, string(t.Option), t.Measure, t.Owner, string(t.Deadline),
				t.Cost, string(t.Status), r.ResidualThreat, r.ResidualVuln, now, string(t.Option), r.ID); err != nil {
				return r.ID, "", err
			}
			detail = ch.String()
		}
		if err := rt.rescoreRisk(ctx, r); err != nil {
			return r.ID, "", err
		}
		return r.ID, detail + "; " + scoreText(r.Inherent), nil
	})
}

func loadRiskInputs(ctx context.Context, tx *sql.Tx, id, engID int64) (risk.Risk, error) {
	var r risk.Risk
	var opt, deadline, status string
	err := tx.QueryRowContext(ctx, `SELECT asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost, status,
		residual_threat, residual_vuln FROM risks WHERE id = ? AND engagement_id = ?`, id, engID).Scan(&r.AssetID, &r.ThreatID,
		&r.VulnID, &opt, &r.Treatment.Measure, &r.Treatment.Owner, &deadline, &r.Treatment.Cost, &status, &r.ResidualThreat, &r.ResidualVuln)
	r.ID = id
	r.Treatment.Option, r.Treatment.Deadline, r.Treatment.Status = risk.TreatmentOption(opt), model.Date(deadline), risk.TreatmentStatus(status)
	return r, err
}

func treatmentChanges(old risk.Risk, t risk.Treatment, rt, rv int) changes {
	var ch changes
	o := old.Treatment
	ch.add("treatment", string(o.Option), string(t.Option))
	ch.add("measure", o.Measure, t.Measure)
	ch.add("owner", o.Owner, t.Owner)
	ch.add("deadline", string(o.Deadline), string(t.Deadline))
	ch.add("cost", o.Cost, t.Cost)
	ch.add("status", string(o.Status), string(t.Status))
	ch.add("residual", plain(fmt.Sprintf("%d/%d", old.ResidualThreat, old.ResidualVuln)), plain(fmt.Sprintf("%d/%d", rt, rv)))
	return ch
}

// DeleteRisk removes a risk and its control links.
func (s *Store) DeleteRisk(ctx context.Context, op Operator, id int64) error {
	return s.deleteRecord(ctx, op, EventRiskRiskDelete, ObjectRisk, "risks", id, func(rt *riskTx) (string, error) {
		var a, t, v int64
		var level int
		if err := rt.tx.QueryRowContext(ctx, `SELECT asset_id, threat_id, vuln_id, level FROM risks WHERE id = ?`, id).Scan(&a, &t, &v, &level); err != nil {
			return "", err
		}
		links, err := queryIDs(ctx, rt.tx, `SELECT control_id FROM control_risks WHERE risk_id = ? ORDER BY control_id`, id)
		return fmt.Sprintf("asset=%d threat=%d vulnerability=%d level=%d; cascade: control_links=%d %s", a, t, v, level,
			len(links), idList(links)), err
	})
}

// SaveTreatment records the treatment of a risk (seed 002 §7.13) and its
// residual ratings: the threat frequency and vulnerability severity expected
// with the treatment in place, both 1–5, or both 0 while not assessed
// (§7.14). The residual risk is recomputed.
//
// An avoided risk is gone (§7.13): its residual ratings are dropped. A
// first treatment other than control or transfer leaves nothing to treat
// again: a second treatment recorded before is removed, and the audit record
// says so.
func (s *Store) SaveTreatment(ctx context.Context, op Operator, riskID int64, t risk.Treatment, residualThreat, residualVuln int) error {
	t.Normalise()
	if t.Option == risk.TreatAvoid {
		residualThreat, residualVuln = 0, 0
	}
	engID, err := recordEngagement(ctx, s.db, "risks", riskID)
	if err != nil {
		err = classify(s.path, err)
		s.AuditFailure(ctx, op, EventRiskTreatment, ObjectRisk, "#"+strconv.FormatInt(riskID, 10), err)
		return err
	}
	if verr := risk.ValidateTreatment(t, residualThreat, residualVuln); verr != nil {
		return s.riskFailure(ctx, op, EventRiskTreatment, ObjectRisk, engID, riskID, verr)
	}
	return s.riskChange(ctx, op, EventRiskTreatment, ObjectRisk, engID, func(rt *riskTx) (int64, string, error) {
		old, err := loadRiskInputs(ctx, rt.tx, riskID, rt.engID)
		if err != nil {
			return riskID, "", err
		}
		ch := treatmentChanges(old, t, residualThreat, residualVuln)
		if t.Option != risk.TreatControl && t.Option != risk.TreatTransfer {
			res, err := rt.tx.ExecContext(ctx, `UPDATE risks SET retreatment = '' WHERE id = ? AND retreatment <> ''`, riskID)
			if err != nil {
				return riskID, "", err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				ch = append(ch, "retreatment removed")
			}
		}
		if err := exec1(ctx, rt.tx, `UPDATE risks SET treatment = ?, measure = ?, owner = ?, deadline = ?, cost = ?, status = ?,
			residual_threat = ?, residual_vuln = ?, updated_at = ? WHERE id = ?`, string(t.Option), t.Measure, t.Owner,
			string(t.Deadline), t.Cost, string(t.Status), residualThreat, residualVuln, fmtTime(rt.now), riskID); err != nil {
			return riskID, "", err
		}
		r := risk.Risk{ID: riskID}
		if err := rt.rescoreRisk(ctx, &r); err != nil {
			return riskID, "", err
		}
		res := "residual not assessed"
		if r.Residual != nil {
			res = "residual " + scoreText(*r.Residual)
		}
		return riskID, fmt.Sprintf("%s; inherent level=%d; %s", ch, r.Inherent.Level, res), nil
	})
}
