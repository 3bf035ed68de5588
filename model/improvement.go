package model

import "time"

// What the findings register (model/findings, 8.1) reports to the lifecycle
// beyond the state of the step "improvement": the counts the dashboard
// shows, and when "controls must change" (8.1 c)) was last recorded.

// ClauseControlsChange: controls adjusted, policy and rules revised (8.1 c)):
// the risk assessment and the security plan are to be brought up to date.
const ClauseControlsChange Clause = "GB/T 32926—2016 8.1 c)"

// ImprovementFacts is the register's summary for one engagement.
type ImprovementFacts struct {
	Open    int // findings neither closed nor dismissed
	Overdue int // of them, past the action's due date
	Pending int // comparisons of 8.1 d) not yet made
	// ControlsChanged is the latest time "controls must change" was
	// recorded on a corrective action (8.1 c)); zero when never.
	ControlsChanged time.Time
	// IncidentsLate counts the incidents reported after the contract's
	// deadline, or not reported and past it (A.7 c)).
	IncidentsLate int
}

// ApplyControlsChange marks step as needing an update when "controls must
// change" (8.1 c)) was recorded after the step's records were last updated
// (updated; zero: never). A step not started stays so: there is nothing to
// update yet. The store applies it to the risk assessment
// (risk_assessments.updated_at); the security plan (issue 12) is to call it
// with StepSecurityPlan and the plan's own update time:
//
//	model.ApplyControlsChange(&f, model.StepSecurityPlan, planUpdatedAt)
func ApplyControlsChange(f *Facts, step StepID, updated time.Time) {
	at := f.Improvement.ControlsChanged
	if at.IsZero() || !updated.Before(at) {
		return
	}
	if f.States == nil || f.States[step] == NotStarted {
		return
	}
	f.States[step] = NeedsUpdate
	if f.Blocks == nil {
		f.Blocks = map[StepID][]Block{}
	}
	f.Blocks[step] = append(f.Blocks[step], Block{Key: "block.controls_change",
		Args: []any{at.Format(DateLayout)}, Clause: ClauseControlsChange})
}
