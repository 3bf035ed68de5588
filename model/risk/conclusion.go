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
	ClauseProceed    model.Clause = "GB/T 32926—2016 5.1.2 b) 1)"
	ClauseReconsider model.Clause = "GB/T 32926—2016 5.1.2 b) 2)"
	ClauseStop       model.Clause = "GB/T 32926—2016 5.1.2 b) 3)"
	ClauseAcceptable model.Clause = "GB/T 32926—2016 5.1.2 a)"
	ClauseResidual   model.Clause = "GB/T 32926—2016 5.1.1 d); 风险评估程序 §7.14"
	ClauseTreatment  model.Clause = "风险评估程序 §7.13"
)

// Reason is one finding behind the proposal: a catalog key, its arguments and
// the clause. RiskID is set when the finding is about one risk.
type Reason struct {
	Key    string
	Args   []any
	Clause model.Clause
	RiskID int64
}

// Propose derives the proposal of 5.1.2 b) from the assessment as it stands,
// after Recompute. The reasons list every finding, not only the first.
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
	c := a.Conclusion
	if c.AcceptableLevel < 1 || c.AcceptableLevel > 5 {
		stop = append(stop, Reason{Key: "risk.reason.no_acceptable_level", Clause: ClauseAcceptable})
	}
	for _, r := range a.Risks {
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
		case TreatAccept:
			reconsider = append(reconsider, Reason{Key: "risk.reason.accepted", Args: []any{r.ID, r.Inherent.Level}, Clause: ClauseReconsider, RiskID: r.ID})
		default:
			switch {
			case r.Residual == nil:
				stop = append(stop, Reason{Key: "risk.reason.residual_missing", Args: []any{r.ID}, Clause: ClauseResidual, RiskID: r.ID})
			case !c.Acceptable(r.Residual.Level):
				stop = append(stop, Reason{Key: "risk.reason.residual_high", Args: []any{r.ID, r.Residual.Level}, Clause: ClauseResidual, RiskID: r.ID})
			}
		}
	}
	switch {
	case len(stop) > 0:
		return ProposeStop, append(stop, reconsider...)
	case len(reconsider) > 0:
		return ProposeReconsider, reconsider
	}
	return ProposeProceed, nil
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
		len(a.Controls) == 0 && a.Conclusion == (Conclusion{})
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
