package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"outsec/model"
	"outsec/model/risk"
)

// The risk assessment as a whole (store/risk.go): reading it (RiskAssessment,
// loadAssessment), its settings as JSON, its row (ensureAssessment), and the
// changes of the assessment itself: SaveSettings and SaveConclusion.

// ---------------------------------------------------------------- reading

// RiskAssessment returns the assessment of an engagement: its settings
// (DefaultSettings(MethodMatrix) while none were saved), every register in the
// order the records were created, the controls' links, the conclusion, and the
// derived values as stored. ErrNotFound when the engagement does not exist.
func (s *Store) RiskAssessment(ctx context.Context, engagementID int64) (risk.Assessment, error) {
	var a risk.Assessment
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := engagementCode(ctx, tx, engagementID); err != nil {
			return err
		}
		var err error
		a, _, err = loadAssessment(ctx, tx, engagementID)
		return err
	})
	return a, classify(s.path, err)
}

func parseSettings(js string) (risk.Settings, error) {
	var st risk.Settings
	if err := json.Unmarshal([]byte(js), &st); err != nil {
		return st, &Error{Code: CodeInternal, Err: fmt.Errorf("risk settings: %w", err)}
	}
	return st, nil
}

func settingsJSON(st risk.Settings) string {
	b, _ := json.Marshal(st) // plain numbers and strings: cannot fail
	return string(b)
}

// loadSettings is the saved settings of an engagement, or the default and
// false when there is no assessment row.
func loadSettings(ctx context.Context, q queryer, engID int64) (risk.Settings, bool, error) {
	var js string
	err := q.QueryRowContext(ctx, `SELECT settings FROM risk_assessments WHERE engagement_id = ?`, engID).Scan(&js)
	if errors.Is(err, sql.ErrNoRows) {
		return risk.DefaultSettings(risk.MethodMatrix), false, nil
	}
	if err != nil {
		return risk.Settings{}, false, err
	}
	st, err := parseSettings(js)
	return st, true, err
}

// loadAssessment reads the whole assessment of an engagement with the scores
// as stored; exists says whether it has an assessment row.
func loadAssessment(ctx context.Context, q queryer, engID int64) (a risk.Assessment, exists bool, err error) {
	var js, date, decision, basis string
	err = q.QueryRowContext(ctx, `SELECT settings, acceptable_level, leader, concluded_on, decision, remarks, benefit, benefit_basis
		FROM risk_assessments WHERE engagement_id = ?`, engID).Scan(&js, &a.Conclusion.AcceptableLevel,
		&a.Conclusion.Leader, &date, &decision, &a.Conclusion.Remarks, &a.Conclusion.Benefit, &basis)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		a.Settings = risk.DefaultSettings(risk.MethodMatrix)
	case err != nil:
		return a, false, err
	default:
		exists = true
		if a.Settings, err = parseSettings(js); err != nil {
			return a, true, err
		}
		a.Conclusion.Date, a.Conclusion.Decision = model.Date(date), risk.Proposal(decision)
		a.Conclusion.BenefitBasis = risk.BenefitBasis(basis)
	}

	err = eachRow(ctx, q, `SELECT id, name, type, owner, c, i, a, notes, value, level FROM assets
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Asset
		var typ string
		if err := r.Scan(&x.ID, &x.Name, &typ, &x.Owner, &x.C, &x.I, &x.A, &x.Notes, &x.Value, &x.Level); err != nil {
			return err
		}
		x.Type = risk.AssetType(typ)
		a.Assets = append(a.Assets, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	err = eachRow(ctx, q, `SELECT id, name, source, path, method, frequency, notes FROM threats
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Threat
		var src, path string
		if err := r.Scan(&x.ID, &x.Name, &src, &path, &x.Method, &x.Frequency, &x.Notes); err != nil {
			return err
		}
		x.Source, x.Path = risk.ThreatSource(src), risk.ThreatPath(path)
		a.Threats = append(a.Threats, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	err = eachRow(ctx, q, `SELECT id, asset_id, description, category, severity, identified, notes FROM vulnerabilities
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Vulnerability
		var cat, ident string
		if err := r.Scan(&x.ID, &x.AssetID, &x.Description, &cat, &x.Severity, &ident, &x.Notes); err != nil {
			return err
		}
		x.Category, x.Identified = risk.VulnCategory(cat), risk.Identification(ident)
		a.Vulns = append(a.Vulns, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	ctrl := map[int64]int{}
	err = eachRow(ctx, q, `SELECT id, name, description, status, effectiveness FROM controls
		WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Control
		var st, eff string
		if err := r.Scan(&x.ID, &x.Name, &x.Description, &st, &eff); err != nil {
			return err
		}
		x.Status, x.Effectiveness = risk.ControlStatus(st), risk.Effectiveness(eff)
		ctrl[x.ID] = len(a.Controls)
		a.Controls = append(a.Controls, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	if len(a.Controls) > 0 {
		err = eachRow(ctx, q, `SELECT cr.control_id, cr.risk_id FROM control_risks cr
			JOIN controls c ON c.id = cr.control_id WHERE c.engagement_id = ? ORDER BY cr.control_id, cr.risk_id`,
			[]any{engID}, func(r *sql.Rows) error {
				var cid, rid int64
				if err := r.Scan(&cid, &rid); err != nil {
					return err
				}
				if i, ok := ctrl[cid]; ok {
					a.Controls[i].RiskIDs = append(a.Controls[i].RiskIDs, rid)
				}
				return nil
			})
		if err != nil {
			return a, exists, err
		}
	}
	// Sized first: with 100,000 risks, growing the slice costs more than
	// counting them.
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM risks WHERE engagement_id = ?`, engID).Scan(&n); err != nil {
		return a, exists, err
	}
	if n > 0 {
		a.Risks = make([]risk.Risk, 0, n)
	}
	err = eachRow(ctx, q, `SELECT id, asset_id, threat_id, vuln_id, treatment, measure, owner, deadline, cost, status,
		residual_threat, residual_vuln, likelihood, likelihood_level, loss, loss_level, value, level, residual_json,
		retreatment, retreatment_residual_json
		FROM risks WHERE engagement_id = ? ORDER BY id`, []any{engID}, func(r *sql.Rows) error {
		var x risk.Risk
		var opt, deadline, status, res, retreat, second string
		sc := &x.Inherent
		if err := r.Scan(&x.ID, &x.AssetID, &x.ThreatID, &x.VulnID, &opt, &x.Treatment.Measure, &x.Treatment.Owner,
			&deadline, &x.Treatment.Cost, &status, &x.ResidualThreat, &x.ResidualVuln, &sc.Likelihood,
			&sc.LikelihoodLevel, &sc.Loss, &sc.LossLevel, &sc.Value, &sc.Level, &res, &retreat, &second); err != nil {
			return err
		}
		x.Treatment.Option, x.Treatment.Deadline = risk.TreatmentOption(opt), model.Date(deadline)
		x.Treatment.Status = risk.TreatmentStatus(status)
		var err error
		if x.Residual, err = parseResidual(res); err != nil {
			return err
		}
		if x.Retreatment, err = parseRetreatment(retreat); err != nil {
			return err
		}
		if x.Retreatment != nil {
			if x.Retreatment.Residual, err = parseResidual(second); err != nil {
				return err
			}
		}
		a.Risks = append(a.Risks, x)
		return nil
	})
	if err != nil {
		return a, exists, err
	}
	a.Units, err = loadUnits(ctx, q, engID)
	return a, exists, err
}

// ensureAssessment makes sure the engagement has an assessment row (with the
// default settings) and returns its settings.
func ensureAssessment(ctx context.Context, tx *sql.Tx, engID int64, now time.Time) (risk.Settings, error) {
	st, exists, err := loadSettings(ctx, tx, engID)
	if err != nil || exists {
		return st, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO risk_assessments (engagement_id, settings, updated_at) VALUES (?, ?, ?)`,
		engID, settingsJSON(st), fmtTime(now))
	return st, err
}

// ---------------------------------------------------------------- settings

// SaveSettings replaces the assessment's settings (method, asset rule,
// weights, rounding, matrices, level ranges; Settings.Validate), recomputes
// every asset value and every risk, and writes one audit record naming each
// change, old → new.
func (s *Store) SaveSettings(ctx context.Context, op Operator, engagementID int64, st risk.Settings) error {
	if verr := risk.ValidateSettings(st); verr != nil {
		return s.riskFailure(ctx, op, EventRiskSettings, ObjectRiskAssessment, engagementID, 0, verr)
	}
	return s.riskChange(ctx, op, EventRiskSettings, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		return rt.replaceSettings(ctx, st)
	})
}

// replaceSettings writes new settings and rescores everything: the detail
// names every change and how many rows were rescored.
func (rt *riskTx) replaceSettings(ctx context.Context, st risk.Settings) (int64, string, error) {
	ch := settingsChanges(rt.settings, st)
	if _, err := rt.tx.ExecContext(ctx, `UPDATE risk_assessments SET settings = ? WHERE engagement_id = ?`,
		settingsJSON(st), rt.engID); err != nil {
		return 0, "", err
	}
	n, err := rescore(ctx, rt.tx, rt.engID, st, "")
	if err != nil {
		return 0, "", err
	}
	return 0, ch.String() + "; " + n.String(), nil
}

// ResetSettings puts the standard's settings of the assessment's method back
// (risk.DefaultSettings: tables A.1–A.6 of GB/T 20984—2007, the current
// scoring rules; an assessment scored with the old transposed risk matrix
// gets table A.5), keeping the asset rule and its weights and the rounding,
// which are the assessor's choices. It rescores everything in the same
// transaction and writes one audit record (risk.settings.reset) naming each
// change and, when it was so, that the legacy matrix was replaced.
func (s *Store) ResetSettings(ctx context.Context, op Operator, engagementID int64) (risk.Settings, error) {
	var out risk.Settings
	err := s.riskChange(ctx, op, EventRiskSettingsReset, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		out = StandardSettings(rt.settings)
		id, detail, err := rt.replaceSettings(ctx, out)
		if rt.settings.IsLegacyRiskMatrix() {
			detail = "legacy risk matrix replaced by " + string(risk.ClauseRiskMatrix) + "; " + detail
		}
		return id, detail, err
	})
	return out, err
}

// StandardSettings is what "reset to the standard" makes of settings: the
// defaults of their method with their asset rule, weights and rounding.
func StandardSettings(old risk.Settings) risk.Settings {
	m := old.Method
	if !slicesContains(risk.Methods, m) {
		m = risk.MethodMatrix
	}
	st := risk.DefaultSettings(m)
	if slicesContains(risk.AssetRules, old.AssetRule) {
		st.AssetRule, st.Weights = old.AssetRule, old.Weights
	}
	if slicesContains(risk.Roundings, old.Rounding) {
		st.Rounding = old.Rounding
	}
	if risk.ValidateSettings(st) != nil {
		st = risk.DefaultSettings(m)
	}
	return st
}

func slicesContains[T comparable](set []T, v T) bool {
	for _, x := range set {
		if x == v {
			return true
		}
	}
	return false
}

// LegacyAssessment is an assessment whose risk matrix is the old, transposed
// default instead of table A.5 (LegacyRiskAssessments).
type LegacyAssessment struct {
	EngagementID int64
	Code, Name   string
	Method       risk.Method
}

// LegacyRiskAssessments lists the assessments whose stored risk matrix is
// risk.LegacyRiskMatrix, by engagement code: they keep it (settings are
// frozen) until someone resets them to the standard.
func (s *Store) LegacyRiskAssessments(ctx context.Context) ([]LegacyAssessment, error) {
	var out []LegacyAssessment
	err := eachRow(ctx, s.db, `SELECT e.id, e.code, e.name, ra.settings FROM risk_assessments ra
		JOIN engagements e ON e.id = ra.engagement_id ORDER BY e.code`, nil, func(r *sql.Rows) error {
		var x LegacyAssessment
		var js string
		if err := r.Scan(&x.EngagementID, &x.Code, &x.Name, &js); err != nil {
			return err
		}
		st, err := parseSettings(js)
		if err != nil {
			return err
		}
		if st.IsLegacyRiskMatrix() {
			x.Method = st.Method
			out = append(out, x)
		}
		return nil
	})
	return out, classify(s.path, err)
}

// settingsChanges names every setting that differs: the method and rule,
// each weight, each matrix cell (row and column from 1, as on screen) and
// each level bound (level from 1).
func settingsChanges(old, new risk.Settings) changes {
	var ch changes
	ch.add("method", string(old.Method), string(new.Method))
	ch.add("asset_rule", string(old.AssetRule), string(new.AssetRule))
	for i, name := range []string{"c", "i", "a"} {
		ch.add("weights."+name, old.Weights[i], new.Weights[i])
	}
	ch.add("rounding", string(old.Rounding), string(new.Rounding))
	for _, m := range []struct {
		name     string
		old, new risk.Matrix
	}{
		{"likelihood_matrix", old.LikelihoodMatrix, new.LikelihoodMatrix},
		{"loss_matrix", old.LossMatrix, new.LossMatrix},
		{"risk_matrix", old.RiskMatrix, new.RiskMatrix},
	} {
		for r := range m.old {
			for c := range m.old[r] {
				ch.add(fmt.Sprintf("%s[%d][%d]", m.name, r+1, c+1), m.old[r][c], m.new[r][c])
			}
		}
	}
	for _, rg := range []struct {
		name     string
		old, new risk.Ranges
	}{
		{"likelihood_levels", old.LikelihoodLevels, new.LikelihoodLevels},
		{"loss_levels", old.LossLevels, new.LossLevels},
		{"risk_levels", old.RiskLevels, new.RiskLevels},
	} {
		for i := range rg.old.Upper {
			ch.add(fmt.Sprintf("%s.level%d.upper", rg.name, i+1), rg.old.Upper[i], rg.new.Upper[i])
		}
	}
	return ch
}

// ---------------------------------------------------------------- conclusion

// decisionRank orders the decisions from the most to the least permissive.
func decisionRank(p risk.Proposal) int {
	switch p {
	case risk.ProposeProceed:
		return 0
	case risk.ProposeReconsider:
		return 1
	}
	return 2
}

// SaveConclusion records the leader's acceptable risk level, name, date and
// decision (GB/T 32926—2016 5.1.2). A decision more permissive than what the
// assessment as it stands supports is refused: "proceed" or "reconsider"
// while the proposal is "must not proceed" (5.1.2 b) 3)), "proceed" while it
// is "reconsider" (b) 2)). A more cautious decision is the leader's to take.
// The proposal is computed with the new acceptable level.
func (s *Store) SaveConclusion(ctx context.Context, op Operator, engagementID int64, c risk.Conclusion) error {
	c.Normalise()
	if verr := c.Validate(); verr != nil {
		return s.riskFailure(ctx, op, EventRiskConclusion, ObjectRiskAssessment, engagementID, 0, verr)
	}
	return s.riskChange(ctx, op, EventRiskConclusion, ObjectRiskAssessment, engagementID, func(rt *riskTx) (int64, string, error) {
		a, _, err := loadAssessment(ctx, rt.tx, rt.engID)
		if err != nil {
			return 0, "", err
		}
		old := a.Conclusion
		a.Conclusion = c
		p, _ := a.Propose()
		if c.Decision != "" && decisionRank(c.Decision) < decisionRank(p) {
			key, clause := risk.KeyDecisionOverStop, risk.ClauseStop
			if p == risk.ProposeReconsider {
				key, clause = risk.KeyDecisionOverReconsider, risk.ClauseReconsider
			}
			return 0, "", model.ValidationError{{Field: risk.FieldConclusion + "decision", Key: key, Clause: clause}}
		}
		var ch changes
		ch.add("acceptable_level", old.AcceptableLevel, c.AcceptableLevel)
		ch.add("leader", old.Leader, c.Leader)
		ch.add("date", string(old.Date), string(c.Date))
		ch.add("decision", string(old.Decision), string(c.Decision))
		ch.add("remarks", old.Remarks, c.Remarks)
		ch.add("benefit", old.Benefit, c.Benefit)
		ch.add("benefit_basis", string(old.BenefitBasis), string(c.BenefitBasis))
		if _, err := rt.tx.ExecContext(ctx, `UPDATE risk_assessments SET acceptable_level = ?, leader = ?, concluded_on = ?,
			decision = ?, remarks = ?, benefit = ?, benefit_basis = ? WHERE engagement_id = ?`, c.AcceptableLevel, c.Leader, string(c.Date),
			string(c.Decision), c.Remarks, c.Benefit, string(c.BenefitBasis), rt.engID); err != nil {
			return 0, "", err
		}
		return 0, fmt.Sprintf("%s; proposal=%s", ch, p), nil
	})
}
