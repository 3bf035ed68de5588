package model

import "testing"

func TestRequireSignedApproval(t *testing.T) {
	done := func() Facts {
		return Facts{States: map[StepID]State{StepRisk: Done}}
	}
	f := done()
	RequireSignedApproval(&f, "2026-04-01")
	if f.States[StepRisk] != InProgress || len(f.Blocks[StepRisk]) != 1 || !MustNotProceed(f) {
		t.Fatalf("nothing signed: %+v", f)
	}
	f = done()
	f.Documents = map[StepID][]DocumentFact{StepRisk: {
		{Kind: "treatment-plan", Signed: true, SignedOn: "2026-04-02"}, // not the report
		{Kind: "risk-report", Signed: true, SignedOn: "2026-03-31"},    // before the decision
	}}
	RequireSignedApproval(&f, "2026-04-01")
	if f.States[StepRisk] != InProgress {
		t.Fatalf("wrong documents counted: %+v", f)
	}
	f = done()
	f.Documents = map[StepID][]DocumentFact{StepRisk: {{Kind: "risk-report", Signed: true, SignedOn: "2026-04-01"}}}
	RequireSignedApproval(&f, "2026-04-01")
	if f.States[StepRisk] != Done || len(f.Blocks[StepRisk]) != 0 || MustNotProceed(f) {
		t.Fatalf("signed on the day: %+v", f)
	}
	// Not done by its records: the policy adds nothing.
	f = Facts{States: map[StepID]State{StepRisk: InProgress}}
	RequireSignedApproval(&f, "2026-04-01")
	if len(f.Blocks[StepRisk]) != 0 {
		t.Fatalf("in progress: %+v", f)
	}
	if s, ok := DocumentStep("risk-report"); !ok || s != StepRisk {
		t.Fatal("risk-report step")
	}
	if s := Lifecycle(&Engagement{}, Facts{Documents: map[StepID][]DocumentFact{StepNDA: {{Number: "N-1"}}}}); len(s[5].Documents) != 1 || s[5].ID != StepNDA {
		t.Fatalf("documents not on their step: %+v", s[5])
	}
}

// A contract whose clauses need revising (6.2.1 b)) is still signed: the
// steps after it are not blocked as if there were no contract.
func TestContractNeedsUpdateIsSigned(t *testing.T) {
	f := Facts{States: map[StepID]State{StepRisk: Done, StepContract: NeedsUpdate}, ContractSigned: "2026-03-01"}
	for _, s := range Lifecycle(&Engagement{}, f) {
		for _, b := range s.Blocks {
			if b.Key == "block.contract_unsigned" || b.Key == "block.service_not_started" {
				t.Errorf("%s blocked by %s", s.ID, b.Key)
			}
		}
	}
	f.States[StepContract], f.ContractSigned = InProgress, ""
	blocked := false
	for _, s := range Lifecycle(&Engagement{}, f) {
		for _, b := range s.Blocks {
			blocked = blocked || b.Key == "block.contract_unsigned"
		}
	}
	if !blocked {
		t.Error("a contract in progress blocks nothing")
	}
}
