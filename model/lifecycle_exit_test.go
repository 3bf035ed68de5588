package model

import "testing"

// Starting an exit puts the supervision steps into "closing"; the
// engagement's phase is "done" once the exit is (8.2).
func TestExitClosesSupervisionAndEndsThePhase(t *testing.T) {
	e := SampleEngagement("zh-CN")
	f := Facts{States: map[StepID]State{StepRisk: Done, StepDelivery: Done, StepExit: InProgress}, ContractSigned: "2026-01-10"}
	steps := Lifecycle(&e, f)
	got := map[StepID]State{}
	for _, s := range steps {
		got[s.ID] = s.State
	}
	if got[StepProcessAudit] != Closing || got[StepInspection] != Closing || got[StepDelivery] != Done {
		t.Errorf("supervision while exiting: %v", got)
	}
	if CurrentPhase(steps) == PhaseDone {
		t.Error("done before the exit is")
	}
	f.States[StepExit] = Done
	if p := CurrentPhase(Lifecycle(&e, f)); p != PhaseDone {
		t.Errorf("phase %v after the exit", p)
	}
	delete(f.States, StepExit)
	for _, s := range Lifecycle(&e, f) {
		if s.State == Closing {
			t.Errorf("%s closing without an exit", s.ID)
		}
	}
}
