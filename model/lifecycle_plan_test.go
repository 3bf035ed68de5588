package model

import "testing"

// 6.3 a), 6.5 a): a review complete without gaps is not a signing; the plan
// and the filing are blocked until the signing is recorded, and the filing
// also until the plan is approved.
func TestSigningNotReviewGatesPlanAndFiling(t *testing.T) {
	e := valid()
	f := Facts{States: map[StepID]State{StepRisk: Done, StepScreening: Done, StepContract: Done, StepNDA: Done}}
	has := func(steps []StepStatus, id StepID, key string, clause Clause) bool {
		for _, b := range status(steps, id).Blocks {
			if b.Key == key && b.Clause == clause {
				return true
			}
		}
		return false
	}
	steps := Lifecycle(&e, f)
	if !has(steps, StepSecurityPlan, "block.contract_unsigned", "GB/T 32926—2016 6.3 a)") ||
		!has(steps, StepFiling, "block.contract_unsigned", "GB/T 32926—2016 6.5 a)") {
		t.Fatalf("unsigned: plan %+v filing %+v", status(steps, StepSecurityPlan).Blocks, status(steps, StepFiling).Blocks)
	}
	f.ContractSigned = "2026-03-01"
	steps = Lifecycle(&e, f)
	if status(steps, StepSecurityPlan).Blocked() {
		t.Errorf("signed, the plan is blocked: %+v", status(steps, StepSecurityPlan).Blocks)
	}
	if !has(steps, StepFiling, "block.plan_unapproved", "GB/T 32926—2016 6.5 a) 4), 6.3 b)") {
		t.Errorf("the filing waits for the plan: %+v", status(steps, StepFiling).Blocks)
	}
	f.States[StepSecurityPlan] = Done
	if s := status(Lifecycle(&e, f), StepFiling); s.Blocked() {
		t.Errorf("filing still blocked: %+v", s.Blocks)
	}
}
