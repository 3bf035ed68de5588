package store

import (
	"context"
	"database/sql"
	"time"

	"outsec/model"
	"outsec/model/risk"
)

// LifecycleFacts is what the workflows' records report to the lifecycle, for
// every engagement at once (the dashboard), in one transaction: the state and
// blocks of the step "risk assessment" from risk.Assessment.LifecycleState,
// and those of the screening (store/screening.go). An engagement with no
// record of any workflow is absent from the map; its zero Facts mean "not
// started".
//
// For the risk assessment it reads only what the proposal of 5.1.2 b) looks at, with the scores as
// stored: the conclusion, how many records each register has, and the risks
// that are unscored or above the acceptable level (with their treatment and
// residual level). Acceptable risks cannot change the proposal, so they are
// counted, not loaded: a few aggregate queries for any number of engagements.
func (s *Store) LifecycleFacts(ctx context.Context) (map[int64]model.Facts, error) {
	var out map[int64]model.Facts
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = lifecycleFacts(ctx, tx, 0, s.Now())
		return err
	})
	return out, classify(s.path, err)
}

// lifecycleFacts reads the facts of LifecycleFacts from q: of engagement only,
// or of every engagement when only is 0. Each query is the same but for the
// condition on the engagement, so the facts of one engagement are those it
// has among all (Snapshot reads them this way, in its own transaction).
func lifecycleFacts(ctx context.Context, q queryer, only int64, now time.Time) (map[int64]model.Facts, error) {
	out := map[int64]model.Facts{}
	where, and, args := "", "", []any(nil)
	if only != 0 {
		where, and, args = " WHERE engagement_id = ?", " AND r.engagement_id = ?", []any{only}
	}
	as := map[int64]*risk.Assessment{}
	get := func(id int64) *risk.Assessment {
		a := as[id]
		if a == nil {
			a = &risk.Assessment{}
			as[id] = a
		}
		return a
	}
	err := eachRow(ctx, q, `SELECT engagement_id, acceptable_level, leader, concluded_on, decision, remarks, benefit, benefit_basis
		FROM risk_assessments`+where, args, func(r *sql.Rows) error {
		var id int64
		var c risk.Conclusion
		var date, decision, basis string
		if err := r.Scan(&id, &c.AcceptableLevel, &c.Leader, &date, &decision, &c.Remarks, &c.Benefit, &basis); err != nil {
			return err
		}
		c.Date, c.Decision, c.BenefitBasis = model.Date(date), risk.Proposal(decision), risk.BenefitBasis(basis)
		get(id).Conclusion = c
		return nil
	})
	if err != nil {
		return out, err
	}
	// Propose and Empty only ask whether a register is empty: one
	// placeholder record stands for any number.
	for _, reg := range []struct {
		table string
		mark  func(a *risk.Assessment)
	}{
		{"assets", func(a *risk.Assessment) { a.Assets = make([]risk.Asset, 1) }},
		{"threats", func(a *risk.Assessment) { a.Threats = make([]risk.Threat, 1) }},
		{"vulnerabilities", func(a *risk.Assessment) { a.Vulns = make([]risk.Vulnerability, 1) }},
		{"controls", func(a *risk.Assessment) { a.Controls = make([]risk.Control, 1) }},
	} {
		err := eachRow(ctx, q, `SELECT DISTINCT engagement_id FROM `+reg.table+where, args, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			reg.mark(get(id))
			return nil
		})
		if err != nil {
			return out, err
		}
	}
	// The units of 5.1.1 b): few per engagement, each one counts (its
	// treatment).
	err = eachRow(ctx, q, `SELECT engagement_id, id, name, treatment FROM risk_units`+where+` ORDER BY id`, args, func(r *sql.Rows) error {
		var id int64
		var u risk.Unit
		if err := r.Scan(&id, &u.ID, &u.Name, &u.Treatment); err != nil {
			return err
		}
		a := get(id)
		a.Units = append(a.Units, u)
		return nil
	})
	if err != nil {
		return out, err
	}
	counts := map[int64]int{}
	err = eachRow(ctx, q, `SELECT engagement_id, count(*) FROM risks`+where+` GROUP BY engagement_id`, args, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		counts[id] = n
		return nil
	})
	if err != nil {
		return out, err
	}
	// The risks that can make the proposal other than "proceed": unscored
	// ones, and those above the acceptable level once it is set, in the
	// order of their ids as Propose sees them.
	// With their treatment costs, second treatment and the controls linked
	// to them: the cost-benefit analysis and the effectiveness of 5.1.2 b).
	const unacceptable = `(r.level = 0 OR (coalesce(ra.acceptable_level, 0) >= 1 AND r.level > ra.acceptable_level))`
	err = eachRow(ctx, q, `SELECT r.engagement_id, r.id, r.level, r.treatment, r.cost, r.retreatment, r.retreatment_residual_json,
		CASE WHEN r.residual_json = '' THEN -1 ELSE coalesce(json_extract(r.residual_json, '$.level'), 0) END
		FROM risks r LEFT JOIN risk_assessments ra ON ra.engagement_id = r.engagement_id
		WHERE `+unacceptable+and+`
		ORDER BY r.id`, args, func(r *sql.Rows) error {
		var eng int64
		var x risk.Risk
		var opt, retreat, second string
		var res int
		if err := r.Scan(&eng, &x.ID, &x.Inherent.Level, &opt, &x.Treatment.Cost, &retreat, &second, &res); err != nil {
			return err
		}
		x.Treatment.Option = risk.TreatmentOption(opt)
		if res >= 0 {
			x.Residual = &risk.Score{Level: res}
		}
		var err error
		if x.Retreatment, err = parseRetreatment(retreat); err != nil {
			return err
		}
		if x.Retreatment != nil {
			if x.Retreatment.Residual, err = parseResidual(second); err != nil {
				return err
			}
		}
		a := get(eng)
		a.Risks = append(a.Risks, x)
		return nil
	})
	if err != nil {
		return out, err
	}
	ctrl := map[[2]int64]int{} // (engagement, control) → index in its Controls
	err = eachRow(ctx, q, `SELECT r.engagement_id, c.id, c.name, c.effectiveness, r.id
		FROM control_risks cr JOIN controls c ON c.id = cr.control_id JOIN risks r ON r.id = cr.risk_id
		LEFT JOIN risk_assessments ra ON ra.engagement_id = r.engagement_id
		WHERE `+unacceptable+and+` ORDER BY c.id, r.id`, args, func(r *sql.Rows) error {
		var eng, rid int64
		var c risk.Control
		var eff string
		if err := r.Scan(&eng, &c.ID, &c.Name, &eff, &rid); err != nil {
			return err
		}
		a := get(eng)
		k := [2]int64{eng, c.ID}
		i, ok := ctrl[k]
		if !ok {
			c.Effectiveness = risk.Effectiveness(eff)
			a.Controls = append(a.Controls, c)
			i = len(a.Controls) - 1
			ctrl[k] = i
		}
		a.Controls[i].RiskIDs = append(a.Controls[i].RiskIDs, rid)
		return nil
	})
	if err != nil {
		return out, err
	}
	for id, n := range counts {
		a := get(id)
		if n > len(a.Risks) {
			// The others are scored and acceptable: one stands for all.
			a.Risks = append(a.Risks, risk.Risk{Inherent: risk.Score{Level: 1}})
		}
	}
	for id, a := range as {
		st, blocks := a.LifecycleState()
		if st == model.NotStarted && len(blocks) == 0 {
			continue
		}
		f := model.Facts{States: map[model.StepID]model.State{model.StepRisk: st}}
		if len(blocks) > 0 {
			f.Blocks = map[model.StepID][]model.Block{model.StepRisk: blocks}
		}
		out[id] = f
	}
	if err := addScreeningFacts(ctx, q, out, only); err != nil { // the step "screening" (store/screening.go)
		return out, err
	}
	if err := addContractFacts(ctx, q, out, only); err != nil { // the steps "contract" and "NDA" (store/contract.go)
		return out, err
	}
	err = addDocumentFacts(ctx, q, out, as, only) // exported and signed documents (store/signing.go)
	if err != nil {
		return out, err
	}
	if err := addPlanFilingFacts(ctx, q, out, only, now); err != nil { // the plan and the filing (store/filing.go)
		return out, err
	}
	err = addFindingFacts(ctx, q, out, only, now) // the step "improvement" (store/findings.go)
	if err != nil {
		return out, err
	}
	if err := addSupervisionFacts(ctx, q, out, only, now); err != nil { // the steps of clause 7 (store/supervision.go)
		return out, err
	}
	// After the steps of clause 7: a started exit puts them into "closing".
	err = addExitFacts(ctx, q, out, only) // the step "exit" (store/exit.go)
	return out, err
}
