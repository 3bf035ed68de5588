package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"outsec/model/risk"
)

// The cached scores of the risk assessment (store/risk.go): rescore recomputes
// them with model/risk after a change and writeScores writes those that
// differ; the residual score is kept as JSON.

// ---------------------------------------------------------------- scores

// rescored counts the rows whose cached scores a change rewrote.
type rescored struct{ assets, risks int }

func (r rescored) String() string {
	return fmt.Sprintf("rescored assets=%d risks=%d", r.assets, r.risks)
}

// rescore recomputes with model/risk, in tx, the value of every asset of the
// engagement and the scores of its risks that match where (an SQL condition on
// risks, "" for all, "0" for none), and rewrites the rows whose cached values
// differ from the recomputed ones.
func rescore(ctx context.Context, tx *sql.Tx, engID int64, st risk.Settings, where string, args ...any) (rescored, error) {
	var n rescored
	a := risk.Assessment{Settings: st}
	var oldAssets []risk.Asset
	err := eachRow(ctx, tx, `SELECT id, c, i, a, value, level FROM assets WHERE engagement_id = ? ORDER BY id`,
		[]any{engID}, func(r *sql.Rows) error {
			var x risk.Asset
			if err := r.Scan(&x.ID, &x.C, &x.I, &x.A, &x.Value, &x.Level); err != nil {
				return err
			}
			a.Assets = append(a.Assets, x)
			return nil
		})
	if err != nil {
		return n, err
	}
	oldAssets = append(oldAssets, a.Assets...)
	if where != "0" {
		err = eachRow(ctx, tx, `SELECT id, frequency FROM threats WHERE engagement_id = ?`, []any{engID}, func(r *sql.Rows) error {
			var x risk.Threat
			if err := r.Scan(&x.ID, &x.Frequency); err != nil {
				return err
			}
			a.Threats = append(a.Threats, x)
			return nil
		})
		if err != nil {
			return n, err
		}
		err = eachRow(ctx, tx, `SELECT id, severity FROM vulnerabilities WHERE engagement_id = ?`, []any{engID}, func(r *sql.Rows) error {
			var x risk.Vulnerability
			if err := r.Scan(&x.ID, &x.Severity); err != nil {
				return err
			}
			a.Vulns = append(a.Vulns, x)
			return nil
		})
		if err != nil {
			return n, err
		}
		// Only the ratings: the cached scores are compared by the UPDATE.
		q := `SELECT id, asset_id, threat_id, vuln_id, treatment, residual_threat, residual_vuln, retreatment FROM risks WHERE engagement_id = ?`
		if where != "" {
			q += " AND (" + where + ")"
		}
		err = eachRow(ctx, tx, q, append([]any{engID}, args...), func(r *sql.Rows) error {
			var x risk.Risk
			var opt, rt string
			if err := r.Scan(&x.ID, &x.AssetID, &x.ThreatID, &x.VulnID, &opt, &x.ResidualThreat, &x.ResidualVuln, &rt); err != nil {
				return err
			}
			x.Treatment.Option = risk.TreatmentOption(opt)
			var err error
			if x.Retreatment, err = parseRetreatment(rt); err != nil {
				return err
			}
			a.Risks = append(a.Risks, x)
			return nil
		})
		if err != nil {
			return n, err
		}
	}

	a.Recompute()

	var upA *sql.Stmt
	for i, x := range a.Assets {
		if x.Value == oldAssets[i].Value && x.Level == oldAssets[i].Level {
			continue
		}
		if upA == nil {
			if upA, err = tx.PrepareContext(ctx, `UPDATE assets SET value = ?, level = ? WHERE id = ?`); err != nil {
				return n, err
			}
			defer upA.Close()
		}
		if _, err := upA.ExecContext(ctx, x.Value, x.Level, x.ID); err != nil {
			return n, err
		}
		n.assets++
	}
	n.risks, err = writeScores(ctx, tx, a.Risks)
	return n, err
}

// scoreBatch is how many risks one UPDATE takes: 9 parameters each, well
// under SQLite's limit of 32766.
const scoreBatch = 500

// writeScores writes the scores of the risks into the rows whose cached
// scores differ, scoreBatch risks per statement (a statement per row costs
// much more with 100,000 risks), and returns how many rows changed.
func writeScores(ctx context.Context, tx *sql.Tx, risks []risk.Risk) (int, error) {
	var full *sql.Stmt
	changed := 0
	args := make([]any, 0, 9*scoreBatch)
	for len(risks) > 0 {
		k := min(len(risks), scoreBatch)
		args = args[:0]
		for i := range risks[:k] {
			x := &risks[i]
			sc := x.Inherent
			var second *risk.Score
			if x.Retreatment != nil {
				second = x.Retreatment.Residual
			}
			args = append(args, x.ID, sc.Likelihood, sc.LikelihoodLevel, sc.Loss, sc.LossLevel, sc.Value, sc.Level,
				residualJSON(x.Residual), residualJSON(second))
		}
		q := `UPDATE risks SET likelihood = v.column2, likelihood_level = v.column3, loss = v.column4, loss_level = v.column5,
			value = v.column6, level = v.column7, residual_json = v.column8, retreatment_residual_json = v.column9
			FROM (VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?), ", k), ", ") + `) AS v
			WHERE risks.id = v.column1 AND (risks.likelihood <> v.column2 OR risks.likelihood_level <> v.column3
				OR risks.loss <> v.column4 OR risks.loss_level <> v.column5 OR risks.value <> v.column6
				OR risks.level <> v.column7 OR risks.residual_json <> v.column8 OR risks.retreatment_residual_json <> v.column9)`
		var res sql.Result
		var err error
		if k == scoreBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, q); err != nil {
					return changed, err
				}
				defer full.Close()
			}
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.ExecContext(ctx, q, args...)
		}
		if err != nil {
			return changed, err
		}
		m, err := res.RowsAffected()
		if err != nil {
			return changed, err
		}
		changed += int(m)
		risks = risks[k:]
	}
	return changed, nil
}

func sameScore(a, b *risk.Score) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func residualJSON(sc *risk.Score) string {
	if sc == nil {
		return ""
	}
	b, _ := json.Marshal(sc)
	return string(b)
}

func parseResidual(js string) (*risk.Score, error) {
	if js == "" {
		return nil, nil
	}
	var sc risk.Score
	if err := json.Unmarshal([]byte(js), &sc); err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("residual score: %w", err)}
	}
	return &sc, nil
}

// retreatmentJSON is the inputs of a second treatment as stored, without
// its derived residual; ” for none.
func retreatmentJSON(rt *risk.Retreatment) string {
	if rt == nil {
		return ""
	}
	x := *rt
	x.Residual = nil
	b, _ := json.Marshal(x)
	return string(b)
}

func parseRetreatment(js string) (*risk.Retreatment, error) {
	if js == "" {
		return nil, nil
	}
	var rt risk.Retreatment
	if err := json.Unmarshal([]byte(js), &rt); err != nil {
		return nil, &Error{Code: CodeInternal, Err: fmt.Errorf("retreatment: %w", err)}
	}
	return &rt, nil
}

func scoreText(sc risk.Score) string {
	return fmt.Sprintf("likelihood=%g(%d) loss=%g(%d) risk=%g level=%d", sc.Likelihood, sc.LikelihoodLevel,
		sc.Loss, sc.LossLevel, sc.Value, sc.Level)
}

// rescoreRisk recomputes one risk and reads back its scores into r.
func (rt *riskTx) rescoreRisk(ctx context.Context, r *risk.Risk) error {
	if _, err := rescore(ctx, rt.tx, rt.engID, rt.settings, "id = ?", r.ID); err != nil {
		return err
	}
	sc := &r.Inherent
	var res, second, retreat string
	err := rt.tx.QueryRowContext(ctx, `SELECT likelihood, likelihood_level, loss, loss_level, value, level, residual_json,
		retreatment, retreatment_residual_json FROM risks WHERE id = ?`, r.ID).Scan(&sc.Likelihood, &sc.LikelihoodLevel,
		&sc.Loss, &sc.LossLevel, &sc.Value, &sc.Level, &res, &retreat, &second)
	if err != nil {
		return err
	}
	if r.Residual, err = parseResidual(res); err != nil {
		return err
	}
	if r.Retreatment, err = parseRetreatment(retreat); err != nil || r.Retreatment == nil {
		return err
	}
	r.Retreatment.Residual, err = parseResidual(second)
	return err
}
