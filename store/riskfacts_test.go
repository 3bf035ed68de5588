package store

import (
	"fmt"
	"testing"

	"outsec/model"
	"outsec/model/risk"
)

// The facts of the dashboard drive the lifecycle: the selection phase is
// blocked until the assessment is concluded with "proceed" (5.1.2 b) 3)).
func TestLifecycleFactsDriveTheLifecycle(t *testing.T) {
	s, eng := rkFixture(t)
	e, err := s.Engagement(ctx, eng)
	rkMust(t, err)
	state := func() (model.StepStatus, model.StepStatus, model.Facts) {
		t.Helper()
		facts, err := s.LifecycleFacts(ctx)
		rkMust(t, err)
		f := facts[eng]
		var riskStep, screening model.StepStatus
		for _, st := range model.Lifecycle(&e, f) {
			switch st.ID {
			case model.StepRisk:
				riskStep = st
			case model.StepScreening:
				screening = st
			}
		}
		return riskStep, screening, f
	}
	riskBlocked := func(st model.StepStatus) bool {
		for _, b := range st.Blocks {
			if b.Key == "block.risk_incomplete" || b.Key == "block.risk_decided" {
				return true
			}
		}
		return false
	}

	rs, sc, f := state()
	if rs.State != model.NotStarted || !riskBlocked(sc) || !model.MustNotProceed(f) {
		t.Errorf("nothing yet: %+v %+v", rs, sc)
	}
	ids := rkSmall(t, s, eng)
	rs, sc, f = state()
	if rs.State != model.InProgress || !riskBlocked(sc) || !model.MustNotProceed(f) || len(rs.Blocks) == 0 {
		t.Errorf("registers, no conclusion: %+v %+v", rs, sc)
	}
	// Concluded with "proceed": done, the selection phase open.
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, risk.Conclusion{AcceptableLevel: 5, Leader: "王明", Date: "2026-04-01", Decision: risk.ProposeProceed}))
	rs, sc, f = state()
	if rs.State != model.Done || riskBlocked(sc) || model.MustNotProceed(f) || len(rs.Blocks) != 0 {
		t.Errorf("concluded proceed: %+v %+v", rs, sc)
	}
	// The leader lowers the acceptable level: the conclusion no longer holds.
	a, _ := s.RiskAssessment(ctx, eng)
	c := a.Conclusion
	c.AcceptableLevel, c.Decision = 1, risk.ProposeStop
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, c))
	// The assessment is complete and decided: done, but the decision blocks
	// the selection phase (5.1.2 b) 3)).
	rs, sc, f = state()
	if rs.State != model.Done || !riskBlocked(sc) || !model.MustNotProceed(f) || rs.Blocks[0].Key != "risk.reason.decided_must_not_proceed" {
		t.Errorf("concluded must_not_proceed: %+v %+v", rs, sc)
	}
	// Data changed after a "proceed": needs update, blocked again.
	c.AcceptableLevel, c.Decision = 5, risk.ProposeProceed
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, c))
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, risk.Conclusion{AcceptableLevel: 5, Leader: "王明", Date: "2026-04-01", Decision: risk.ProposeProceed}))
	rkMust(t, s.DeleteRisk(ctx, testOp, ids.risks[0]))
	rs, _, _ = state()
	if rs.State != model.Done {
		t.Errorf("an acceptable risk removed: %+v", rs)
	}
	for _, r := range ids.risks[1:] {
		rkMust(t, s.DeleteRisk(ctx, testOp, r))
	}
	rs, sc, _ = state()
	if rs.State != model.NeedsUpdate || !riskBlocked(sc) {
		t.Errorf("every risk removed after the conclusion: %+v %+v", rs, sc)
	}
}

// LifecycleFacts loads only what the proposal needs; it must agree with the
// state of the whole assessment, for assessments in every state.
func TestLifecycleFactsAgreeWithTheWholeAssessment(t *testing.T) {
	s, _ := openTemp(t)
	var engs []int64
	for i := 0; i < 9; i++ {
		e := validEngagement()
		e.Name = fmt.Sprintf("项目 %d", i)
		rkMust(t, s.CreateEngagement(ctx, testOp, e, 0))
		engs = append(engs, e.ID)
	}
	// 0: nothing. 1: settings only. 2: assets only. 3: registers, no level.
	rkMust(t, s.SaveSettings(ctx, testOp, engs[1], risk.DefaultSettings(risk.MethodProduct)))
	rkMust(t, s.SaveAsset(ctx, testOp, engs[2], rkAsset("a", 3, 3, 3)))
	rkSmall(t, s, engs[3])
	// 4: an acceptable level below some risks, untreated. 5: treated with
	// residual. 6: accepted. 7: concluded proceed. 8: controls only.
	for i, opt := range map[int]risk.TreatmentOption{4: risk.TreatNone, 5: risk.TreatControl, 6: risk.TreatAccept, 7: risk.TreatControl} {
		ids := rkSmall(t, s, engs[i])
		rkMust(t, s.SaveConclusion(ctx, testOp, engs[i], risk.Conclusion{AcceptableLevel: 2}))
		a, _ := s.RiskAssessment(ctx, engs[i])
		for j, r := range a.Risks {
			if r.Inherent.Level > 2 {
				res := 0
				if opt == risk.TreatControl && (j%2 == 0 || i == 7) {
					res = 1
				}
				rkMust(t, s.SaveTreatment(ctx, testOp, r.ID, risk.Treatment{Option: opt}, res, res))
			}
		}
		_ = ids
	}
	// 7: the controls of its unacceptable risks effective, the cost within the benefit (5.1.2 b) 1)).
	above := func(eng int64) []int64 {
		a, _ := s.RiskAssessment(ctx, eng)
		var out []int64
		for _, r := range a.Risks {
			if r.Inherent.Level > 2 {
				out = append(out, r.ID)
			}
		}
		return out
	}
	rkMust(t, s.SaveControl(ctx, testOp, engs[7], &risk.Control{Name: "加固", Status: risk.ControlPlanned, Effectiveness: "effective", RiskIDs: above(engs[7])}))
	rkMust(t, s.SaveConclusion(ctx, testOp, engs[7], risk.Conclusion{AcceptableLevel: 2, Leader: "王明", Date: "2026-04-01",
		Decision: risk.ProposeProceed, Benefit: 1000, BenefitBasis: risk.BenefitBudget}))
	rkMust(t, s.SaveControl(ctx, testOp, engs[8], &risk.Control{Name: "c", Status: risk.ControlExisting, Effectiveness: "effective"}))
	// 9–12 as 7, but: 9 a control only partly effective; 10 the cost above the
	// benefit; 11 a unit without treatment; 12 the residual still high, treated again.
	for i := 9; i <= 12; i++ {
		e := validEngagement()
		e.Name = fmt.Sprintf("项目 %d", i)
		rkMust(t, s.CreateEngagement(ctx, testOp, e, 0))
		engs = append(engs, e.ID)
		rkSmall(t, s, e.ID)
		rkMust(t, s.SaveConclusion(ctx, testOp, e.ID, risk.Conclusion{AcceptableLevel: 2, Benefit: 1000, BenefitBasis: risk.BenefitExpectedLoss}))
		eff := risk.Effectiveness("effective")
		if i == 9 {
			eff = "partly_effective"
		}
		cost := 100.0
		if i == 10 {
			cost = 2000
		}
		ids := above(e.ID)
		for _, id := range ids {
			res := 1
			if i == 12 {
				res = 4
			}
			rkMust(t, s.SaveTreatment(ctx, testOp, id, risk.Treatment{Option: risk.TreatControl, Cost: cost}, res, res))
			if i == 12 {
				rkMust(t, s.SaveRetreatment(ctx, testOp, id, &risk.Retreatment{Treatment: risk.Treatment{Option: risk.TreatControl, Cost: 10},
					ResidualThreat: 1, ResidualVuln: 1}))
			}
		}
		rkMust(t, s.SaveControl(ctx, testOp, e.ID, &risk.Control{Name: "加固", Status: risk.ControlPlanned, Effectiveness: eff, RiskIDs: ids}))
		if i == 11 {
			rkMust(t, s.SaveUnit(ctx, testOp, e.ID, &risk.Unit{Name: "财务处", Role: risk.UnitInvolved, Effect: "无安全员"}))
		}
	}
	wantProposal := map[int]risk.Proposal{7: risk.ProposeProceed, 9: risk.ProposeReconsider, 10: risk.ProposeReconsider,
		11: risk.ProposeStop, 12: risk.ProposeProceed}
	for i, want := range wantProposal {
		a, _ := s.RiskAssessment(ctx, engs[i])
		if p, rs := a.Propose(); p != want {
			t.Errorf("engagement %d: proposal %s %+v, want %s", i, p, rs, want)
		}
	}

	facts, err := s.LifecycleFacts(ctx)
	rkMust(t, err)
	for i, id := range engs {
		a, err := s.RiskAssessment(ctx, id)
		rkMust(t, err)
		st, blocks := a.LifecycleState()
		f := facts[id]
		got := f.States[model.StepRisk]
		if got != st || fmt.Sprint(f.Blocks[model.StepRisk]) != fmt.Sprint(blocks) {
			t.Errorf("engagement %d: facts %v %v, whole assessment %v %v", i, got, f.Blocks[model.StepRisk], st, blocks)
		}
	}
	if facts[engs[7]].States[model.StepRisk] != model.Done {
		t.Errorf("engagement 7 not done: %+v", facts[engs[7]])
	}
	if _, ok := facts[engs[0]]; ok {
		t.Errorf("engagement without an assessment has facts: %+v", facts[engs[0]])
	}
}
