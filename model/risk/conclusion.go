package risk

import (
	"strings"

	"outsec/model"
)

// Proposal is what the tool proposes from the assessment (GB/T 32926—2016
// 5.1.2 b)).
type Proposal string

const (
	ProposeProceed    Proposal = "proceed"          // b) 1): controls are adequate and effective
	ProposeReconsider Proposal = "reconsider"       // b) 2): control costs too much
	ProposeStop       Proposal = "must_not_proceed" // b) 3): a risk cannot be treated, or the assessment is incomplete
)

// Clauses the proposal rests on.
const (
	ClauseProceed     model.Clause = "GB/T 32926—2016 5.1.2 b) 1)"
	ClauseReconsider  model.Clause = "GB/T 32926—2016 5.1.2 b) 2)"
	ClauseStop        model.Clause = "GB/T 32926—2016 5.1.2 b) 3)"
	ClauseAcceptable  model.Clause = "GB/T 32926—2016 5.1.2 a)"
	ClauseResidual    model.Clause = "GB/T 32926—2016 5.1.1 d); 风险评估程序 §7.14"
	ClauseTreatment   model.Clause = "风险评估程序 §7.13"
	ClauseRetreatment model.Clause = "风险评估程序 §7.14; GB/T 32926—2016 5.1.2 a)"
	ClauseUnits       model.Clause = "GB/T 32926—2016 5.1.1 b)"
	// ClauseRiskMatrix is the table the default risk matrix comes from.
	ClauseRiskMatrix model.Clause = "GB/T 20984—2007 A.5"
)

// Reason is one finding behind the proposal: a catalog key, its arguments and
// the clause. RiskID is set when the finding is about one risk, UnitID when
// it is about one unit of the department (5.1.1 b)).
type Reason struct {
	Key    string
	Args   []any
	Clause model.Clause
	RiskID int64
	UnitID int64
}

// Costs is the cost-benefit analysis of 5.1.2 b): the unacceptable risks
// (inherent level above the acceptable level), the cost of their treatments
// (first and second) against the figure the assessor recorded, and how many
// of them rely on controls that are all effective.
type Costs struct {
	Unacceptable int          // risks above the acceptable level
	Cost         float64      // the estimated cost of their treatments, yuan
	Benefit      float64      // Conclusion.Benefit
	Basis        BenefitBasis // Conclusion.BenefitBasis
	Controlled   int          // of them, treated by controls (keep, control; first or second treatment)
	Effective    int          // of those, every linked control rated effective (5.1.1 c))
}

// Weighed reports whether the cost could be weighed: a benefit is recorded.
func (c Costs) Weighed() bool { return c.Benefit > 0 }

// CostBenefit computes the analysis of 5.1.2 b) from the assessment as it
// stands, after Recompute. Without an acceptable level nothing is counted.
func (a *Assessment) CostBenefit() Costs {
	c := Costs{Benefit: a.Conclusion.Benefit, Basis: a.Conclusion.BenefitBasis}
	if a.Conclusion.AcceptableLevel < 1 {
		return c
	}
	ctrl := a.controlsByRisk()
	for i := range a.Risks {
		r := &a.Risks[i]
		if r.Inherent.Level == 0 || a.Conclusion.Acceptable(r.Inherent.Level) {
			continue
		}
		c.Unacceptable++
		c.Cost += r.TotalCost()
		if reliesOnControls(r) {
			c.Controlled++
			if allEffective(ctrl[r.ID]) {
				c.Effective++
			}
		}
	}
	return c
}

// reliesOnControls: the risk is treated by the department's own controls
// (keep or control, as the last treatment that is not an acceptance), not
// avoided, transferred or accepted.
func reliesOnControls(r *Risk) bool {
	if r.Avoided() {
		return false
	}
	if rt := r.Retreatment; rt != nil && rt.Treatment.Option == TreatTransfer {
		return false
	}
	switch r.Treatment.Option {
	case TreatKeep, TreatControl:
		return true
	}
	return r.Retreatment != nil && r.Retreatment.Treatment.Option == TreatControl
}

func (a *Assessment) controlsByRisk() map[int64][]*Control {
	m := map[int64][]*Control{}
	for i := range a.Controls {
		for _, id := range a.Controls[i].RiskIDs {
			m[id] = append(m[id], &a.Controls[i])
		}
	}
	return m
}

func allEffective(cs []*Control) bool {
	if len(cs) == 0 {
		return false
	}
	for _, c := range cs {
		if c.Effectiveness != "effective" {
			return false
		}
	}
	return true
}

// Propose derives the proposal of 5.1.2 b) from the assessment as it stands,
// after Recompute. The reasons list every finding, not only the first:
//   - b) 3) must not proceed: the assessment is incomplete (no assets,
//     threats, vulnerabilities, risks, units of 5.1.1 b) or acceptable level;
//     an unscored risk; a unit without treatment), or an unacceptable risk is
//     not treated effectively (untreated or only kept, its residual not
//     assessed or still above the acceptable level after the treatments, a
//     second treatment that accepts it without the leader's named approval);
//   - b) 2) reconsider: an unacceptable risk is accepted as too costly to
//     control (§7.13 "接受"); the cost of treating the unacceptable risks
//     exceeds the recorded benefit, or no benefit is recorded to weigh it;
//     or the controls such a risk relies on are not all rated effective
//     (5.1.1 c)), so b) 1) does not hold;
//   - b) 1) proceed otherwise, with the reasons that support it.
func (a *Assessment) Propose() (Proposal, []Reason) {
	var stop, reconsider []Reason
	incomplete := func(key string, args ...any) {
		stop = append(stop, Reason{Key: key, Args: args, Clause: ClauseStop})
	}
	if len(a.Assets) == 0 {
		incomplete("risk.reason.no_assets")
	}
	if len(a.Threats) == 0 {
		incomplete("risk.reason.no_threats")
	}
	if len(a.Vulns) == 0 {
		incomplete("risk.reason.no_vulnerabilities")
	}
	if len(a.Risks) == 0 {
		incomplete("risk.reason.no_risks")
	}
	if len(a.Units) == 0 {
		stop = append(stop, Reason{Key: "risk.reason.no_units", Clause: ClauseUnits})
	}
	for _, u := range a.Units {
		if strings.TrimSpace(u.Treatment) == "" {
			stop = append(stop, Reason{Key: "risk.reason.unit_untreated", Args: []any{u.ID, u.Name}, Clause: ClauseUnits, UnitID: u.ID})
		}
	}
	c := a.Conclusion
	if c.AcceptableLevel < 1 || c.AcceptableLevel > 5 {
		stop = append(stop, Reason{Key: "risk.reason.no_acceptable_level", Clause: ClauseAcceptable})
	}
	ctrl := a.controlsByRisk()
	var accepted []Reason
	for i := range a.Risks {
		r := &a.Risks[i]
		if r.Inherent.Level == 0 {
			stop = append(stop, Reason{Key: "risk.reason.unscored", Args: []any{r.ID}, Clause: ClauseStop, RiskID: r.ID})
			continue
		}
		if c.AcceptableLevel < 1 || c.Acceptable(r.Inherent.Level) {
			continue
		}
		switch r.Treatment.Option {
		case TreatNone, TreatKeep:
			// §7.13: an unacceptable risk needs new measures; keeping the
			// existing controls is no treatment of it.
			stop = append(stop, Reason{Key: "risk.reason.untreated", Args: []any{r.ID, r.Inherent.Level}, Clause: ClauseStop, RiskID: r.ID})
			continue
		case TreatAccept:
			reconsider = append(reconsider, Reason{Key: "risk.reason.accepted", Args: []any{r.ID, r.Inherent.Level}, Clause: ClauseReconsider, RiskID: r.ID})
			continue
		case TreatAvoid:
			continue // gone
		}
		switch {
		case r.Residual == nil:
			stop = append(stop, Reason{Key: "risk.reason.residual_missing", Args: []any{r.ID}, Clause: ClauseResidual, RiskID: r.ID})
			continue
		case c.Acceptable(r.Residual.Level):
		default:
			// §7.14 再处理: still unacceptable after the first treatment.
			rt := r.Retreatment
			switch {
			case rt == nil:
				stop = append(stop, Reason{Key: "risk.reason.residual_high", Args: []any{r.ID, r.Residual.Level}, Clause: ClauseResidual, RiskID: r.ID})
				continue
			case rt.Treatment.Option == TreatAvoid:
				continue
			case rt.Treatment.Option == TreatAccept:
				if strings.TrimSpace(rt.ApprovedBy) == "" || rt.ApprovedOn.IsZero() {
					stop = append(stop, Reason{Key: "risk.reason.residual_accept_unapproved", Args: []any{r.ID}, Clause: ClauseRetreatment, RiskID: r.ID})
					continue
				}
				accepted = append(accepted, Reason{Key: "risk.reason.residual_accepted", Args: []any{r.ID, r.Residual.Level, rt.ApprovedBy, string(rt.ApprovedOn)}, Clause: ClauseRetreatment, RiskID: r.ID})
			case rt.Residual == nil:
				stop = append(stop, Reason{Key: "risk.reason.retreatment_residual_missing", Args: []any{r.ID}, Clause: ClauseRetreatment, RiskID: r.ID})
				continue
			case !c.Acceptable(rt.Residual.Level):
				stop = append(stop, Reason{Key: "risk.reason.retreatment_residual_high", Args: []any{r.ID, rt.Residual.Level}, Clause: ClauseRetreatment, RiskID: r.ID})
				continue
			}
		}
		if reliesOnControls(r) && !allEffective(ctrl[r.ID]) {
			names := make([]string, 0, len(ctrl[r.ID]))
			for _, x := range ctrl[r.ID] {
				if x.Effectiveness != "effective" {
					names = append(names, x.Name)
				}
			}
			if len(ctrl[r.ID]) == 0 {
				reconsider = append(reconsider, Reason{Key: "risk.reason.no_controls", Args: []any{r.ID}, Clause: ClauseProceed, RiskID: r.ID})
			} else {
				reconsider = append(reconsider, Reason{Key: "risk.reason.controls_not_effective", Args: []any{r.ID, strings.Join(names, ", ")}, Clause: ClauseProceed, RiskID: r.ID})
			}
		}
	}
	cb := a.CostBenefit()
	if cb.Unacceptable > 0 && c.AcceptableLevel >= 1 {
		switch {
		case !cb.Weighed():
			reconsider = append(reconsider, Reason{Key: "risk.reason.benefit_missing", Args: []any{cb.Unacceptable, cb.Cost}, Clause: ClauseReconsider})
		case cb.Cost > cb.Benefit:
			reconsider = append(reconsider, Reason{Key: "risk.reason.cost_over_benefit", Args: []any{cb.Cost, cb.Benefit}, Clause: ClauseReconsider})
		}
	}
	switch {
	case len(stop) > 0:
		return ProposeStop, append(stop, reconsider...)
	case len(reconsider) > 0:
		return ProposeReconsider, reconsider
	}
	// b) 1): what supports proceeding.
	var ok []Reason
	if cb.Unacceptable == 0 {
		ok = append(ok, Reason{Key: "risk.reason.all_acceptable", Args: []any{c.AcceptableLevel}, Clause: ClauseProceed})
	} else {
		ok = append(ok, Reason{Key: "risk.reason.controls_effective", Args: []any{cb.Unacceptable, cb.Effective, cb.Controlled}, Clause: ClauseProceed},
			Reason{Key: "risk.reason.cost_within_benefit", Args: []any{cb.Cost, cb.Benefit}, Clause: ClauseProceed})
	}
	return ProposeProceed, append(ok, accepted...)
}

// Concluded reports whether the leader's decision is recorded: the acceptable
// level, the leader's name, the date and the decision (5.1.2 a), b)).
func (c Conclusion) Concluded() bool {
	return c.AcceptableLevel >= 1 && c.AcceptableLevel <= 5 && strings.TrimSpace(c.Leader) != "" &&
		!c.Date.IsZero() && c.Decision != ""
}

// Empty reports whether nothing of the assessment has been recorded yet.
func (a *Assessment) Empty() bool {
	return len(a.Assets) == 0 && len(a.Threats) == 0 && len(a.Vulns) == 0 && len(a.Risks) == 0 &&
		len(a.Controls) == 0 && len(a.Units) == 0 && a.Conclusion == (Conclusion{})
}

// Rank orders the decisions from the most permissive (proceed, 0) to the most
// cautious (must not proceed, 2). A leader may decide more cautiously than the
// proposal, never more permissively (5.1.2 b)).
func (p Proposal) Rank() int {
	switch p {
	case ProposeProceed:
		return 0
	case ProposeReconsider:
		return 1
	}
	return 2
}

// Clause is the clause of 5.1.2 b) the decision rests on.
func (p Proposal) Clause() model.Clause {
	switch p {
	case ProposeProceed:
		return ClauseProceed
	case ProposeReconsider:
		return ClauseReconsider
	}
	return ClauseStop
}

// LifecycleState is what the assessment reports to the lifecycle for the step
// "risk assessment", after Recompute:
//   - not started while nothing is recorded;
//   - in progress until the leader's decision is recorded, blocked by the
//     reasons the proposal is not "proceed";
//   - needs update when the data changed after the conclusion so that the
//     recorded decision is now more permissive than the proposal;
//   - done once concluded. A decision to proceed clears the way; a decision to
//     reconsider or not to proceed is done too, and blocks with that decision,
//     so that the selection phase may not start (5.1.2 b) 2), 3)).
func (a *Assessment) LifecycleState() (model.State, []model.Block) {
	if a.Empty() {
		return model.NotStarted, nil
	}
	p, reasons := a.Propose()
	if p == ProposeProceed {
		reasons = nil // what supports proceeding blocks nothing
	}
	blocks := make([]model.Block, 0, len(reasons)+1)
	for _, r := range reasons {
		blocks = append(blocks, model.Block{Key: r.Key, Args: r.Args, Clause: r.Clause})
	}
	c := a.Conclusion
	switch {
	case !c.Concluded():
		return model.InProgress, blocks
	case c.Decision.Rank() < p.Rank():
		return model.NeedsUpdate, append(blocks, model.Block{Key: "risk.reason.conclusion_outdated", Args: []any{string(c.Decision), string(p)}, Clause: ClauseAcceptable})
	case c.Decision == ProposeProceed:
		return model.Done, nil
	}
	return model.Done, append([]model.Block{{Key: "risk.reason.decided_" + string(c.Decision), Clause: c.Decision.Clause()}}, blocks...)
}
