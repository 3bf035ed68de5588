package risk

import (
	"math"
	"testing"

	"outsec/model"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMultiplicationMethodByHand(t *testing.T) {
	s := DefaultSettings(MethodMultiplication)
	// T=3, V=4, A=2: √12 = 3.4641, √8 = 2.8284, risk 9.7980 → 6–10 → level 2.
	cases := []struct {
		round      Rounding
		l, f, r    float64
		ll, fl, rl int
	}{
		{RoundNone, math.Sqrt(12), math.Sqrt(8), math.Sqrt(96), 3, 3, 2},
		{RoundHalfUp, 3, 3, 9, 3, 3, 2},
		{RoundUp, 4, 3, 12, 4, 3, 3},
		{RoundDown, 3, 2, 6, 3, 2, 2},
	}
	for _, c := range cases {
		s.Rounding = c.round
		sc, err := s.Score(3, 4, 2)
		if err != nil {
			t.Fatal(err)
		}
		if !near(sc.Likelihood, c.l) || !near(sc.Loss, c.f) || !near(sc.Value, c.r) ||
			sc.LikelihoodLevel != c.ll || sc.LossLevel != c.fl || sc.Level != c.rl {
			t.Errorf("%s: got %+v, want L=%v F=%v R=%v levels %d %d %d", c.round, sc, c.l, c.f, c.r, c.ll, c.fl, c.rl)
		}
	}
	// Extremes: 1,1,1 → risk 1 level 1; 5,5,5 → 25 level 5; 4,4,4 → 16 level 4.
	s.Rounding = RoundNone
	for _, c := range []struct{ t, v, a, lvl int }{{1, 1, 1, 1}, {5, 5, 5, 5}, {4, 4, 4, 4}, {2, 5, 3, 3}} {
		sc, _ := s.Score(c.t, c.v, c.a)
		want := math.Sqrt(float64(c.t*c.v)) * math.Sqrt(float64(c.a*c.v))
		if !near(sc.Value, want) || sc.Level != c.lvl {
			t.Errorf("%+v: %+v (want value %v)", c, sc, want)
		}
	}
}

func TestPlainProductByHand(t *testing.T) {
	s := DefaultSettings(MethodProduct)
	for _, c := range []struct{ t, v, a, l, f, r, lvl int }{
		{3, 4, 2, 12, 8, 96, 2},
		{5, 5, 5, 25, 25, 625, 5},
		{1, 1, 1, 1, 1, 1, 1},
		{3, 3, 3, 9, 9, 81, 2},
		{4, 4, 4, 16, 16, 256, 4},
	} {
		sc, err := s.Score(c.t, c.v, c.a)
		if err != nil {
			t.Fatal(err)
		}
		if sc.Likelihood != float64(c.l) || sc.Loss != float64(c.f) || sc.Value != float64(c.r) || sc.Level != c.lvl {
			t.Errorf("%+v: got %+v", c, sc)
		}
	}
	// The assessment defines the ranges: move the level-1 bound and the level follows.
	s.RiskLevels = Ranges{Upper: [5]float64{100, 200, 300, 400, 625}}
	if sc, _ := s.Score(3, 4, 2); sc.Level != 1 {
		t.Errorf("custom ranges: %+v", sc)
	}
}

func TestAssetValueRulesAndSeedTable(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	check := func(rule AssetRule, c, i, a int, score float64, level int) {
		t.Helper()
		s.AssetRule = rule
		got, lvl, err := s.AssetValue(c, i, a)
		if err != nil || !near(got, score) || lvl != level {
			t.Errorf("%s(%d,%d,%d) = %v level %d (%v), want %v level %d", rule, c, i, a, got, lvl, err, score, level)
		}
	}
	check(AssetMax, 3, 4, 2, 4, 4)
	check(AssetMax, 1, 1, 1, 1, 1)
	s.Weights = [3]float64{2, 1, 1}
	check(AssetWeighted, 3, 4, 2, 3, 3)
	s.Weights = [3]float64{1, 1, 1}
	check(AssetWeighted, 1, 2, 2, 5.0/3, 2) // 1.67 → 1.7 → level 2
	check(AssetWeighted, 1, 1, 2, 4.0/3, 1) // 1.33 → 1.3 → level 1
	check(AssetWeighted, 4, 5, 5, 14.0/3, 5)
	check(AssetLog, 5, 1, 1, 3.6, 4) // log2(36/3 = 12) = 3.58 → 3.6
	check(AssetLog, 3, 3, 3, 3, 3)
	check(AssetLog, 5, 5, 4, 4.7, 5) // log2(80/3) = 4.74 → 4.7
	check(AssetLog, 1, 1, 1, 1, 1)
	check(AssetLog, 2, 1, 1, 1.4, 1) // log2(8/3) = 1.42 → 1.4
	check(AssetLog, 4, 4, 1, 3.5, 3) // log2(34/3 = 11.33) = 3.50 → 3.5: level 3, not 4
	// Revision 0 (assessments scored before issue 11) rounded to a whole number.
	s.Revision = 0
	check(AssetLog, 4, 4, 1, 4, 4)
	s.Revision = CurrentRevision

	// Seed 002 §7.5: 4.6–5 → 5, 3.6–4.5 → 4, 2.6–3.5 → 3, 1.6–2.5 → 2, 1–1.5 → 1.
	for score, level := range map[float64]int{1: 1, 1.5: 1, 1.54: 1, 1.55: 2, 1.6: 2, 2.5: 2, 2.6: 3, 3.5: 3, 3.6: 4, 4.5: 4, 4.55: 5, 4.6: 5, 5: 5} {
		if got := AssetLevel(score); got != level {
			t.Errorf("AssetLevel(%v) = %d, want %d", score, got, level)
		}
	}
	if _, _, err := s.AssetValue(0, 3, 3); err == nil {
		t.Error("C=0 accepted")
	}
	if _, err := s.Score(6, 1, 1); err == nil {
		t.Error("threat 6 accepted")
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, m := range Methods {
		if errs := DefaultSettings(m).Validate(); len(errs) != 0 {
			t.Errorf("%s defaults invalid: %v", m, errs)
		}
	}
	s := DefaultSettings(MethodMatrix)
	s.LikelihoodMatrix[1][2] = 26
	s.RiskLevels.Upper[3] = 10
	s.AssetRule = AssetWeighted
	s.Weights = [3]float64{0, 0, 0}
	errs := s.Validate()
	fields := map[string]string{}
	for _, e := range errs {
		fields[e.Field] = e.Key
	}
	for f, k := range map[string]string{"likelihood_matrix[2][3]": "risk.err.matrix_cell", "risk_levels.upper[3]": "risk.err.ranges_order", "weights": "risk.err.weights_zero"} {
		if fields[f] != k {
			t.Errorf("%s: got %q, want %q (all: %v)", f, fields[f], k, errs)
		}
	}
}

// sample builds a small assessment: three assets, two threats, three
// vulnerabilities, four risks.
func sample() *Assessment {
	a := &Assessment{Settings: DefaultSettings(MethodMatrix)}
	a.Assets = []Asset{{ID: 1, Name: "政务数据", Type: "data", C: 5, I: 4, A: 3}, {ID: 2, Name: "门户网站", Type: "software", C: 2, I: 4, A: 4}, {ID: 3, Name: "运维人员", Type: "people", C: 3, I: 2, A: 2}}
	a.Threats = []Threat{{ID: 1, Name: "越权访问", Source: SourceHumanMalicious, Path: PathIndirect, Frequency: 3}, {ID: 2, Name: "误操作", Source: SourceHumanNonMalicious, Path: PathDirect, Frequency: 4}}
	a.Vulns = []Vulnerability{{ID: 1, AssetID: 1, Description: "数据未加密", Category: "data", Severity: 4, Identified: "verification"},
		{ID: 2, AssetID: 2, Description: "弱口令", Category: "application", Severity: 3, Identified: "scan"},
		{ID: 3, AssetID: 3, Description: "未签保密协议", Category: "people", Severity: 2, Identified: "interview"}}
	a.Risks = []Risk{{ID: 1, AssetID: 1, ThreatID: 1, VulnID: 1}, {ID: 2, AssetID: 2, ThreatID: 1, VulnID: 2},
		{ID: 3, AssetID: 2, ThreatID: 2, VulnID: 2}, {ID: 4, AssetID: 3, ThreatID: 2, VulnID: 3}}
	a.Units = []Unit{{ID: 1, Name: "业务处", Role: UnitInvolved, Effect: "自行为外包人员开通账号", Treatment: "账号统一由信息技术处审批"}}
	return a
}

func TestRecomputeAndProposal(t *testing.T) {
	a := sample()
	if un := a.Recompute(); len(un) != 0 {
		t.Fatalf("unscored %v", un)
	}
	// Risk 1: asset 1 = max(5,4,3) = 5; T=3, V=4: likelihood 16 (A.1, level 3 by A.2), loss 21 (A.3, level 5
	// by A.4), risk A.5[3][5] = 21 → level 4 (A.6).
	if r := a.Risks[0].Inherent; r.Likelihood != 16 || r.LikelihoodLevel != 3 || r.Loss != 21 || r.LossLevel != 5 || r.Value != 21 || r.Level != 4 {
		t.Fatalf("risk 1: %+v", r)
	}
	if p, rs := a.Propose(); p != ProposeStop || len(rs) != 1 || rs[0].Key != "risk.reason.no_acceptable_level" {
		t.Fatalf("no level: %s %v", p, rs)
	}
	a.Conclusion.AcceptableLevel = 3
	p, rs := a.Propose()
	if p != ProposeStop || len(rs) != 2 || rs[0].RiskID != 1 || rs[0].Key != "risk.reason.untreated" || rs[1].Key != "risk.reason.benefit_missing" {
		t.Fatalf("untreated: %s %+v", p, rs)
	}
	a.Risks[0].Treatment = Treatment{Option: TreatControl, Measure: "数据库加密", Cost: 80000}
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.residual_missing" {
		t.Fatalf("no residual: %s %+v", p, rs)
	}
	a.Risks[0].ResidualThreat, a.Risks[0].ResidualVuln = 2, 2 // likelihood 6 (2), loss 10 (2): risk 8 → level 2
	a.Recompute()
	if r := a.Risks[0].Residual; r == nil || r.Level != 2 {
		t.Fatalf("residual: %+v", r)
	}
	// Treated, but no control is linked to it and no benefit is recorded:
	// 5.1.2 b) 1) does not hold and the cost cannot be weighed.
	p, rs = a.Propose()
	if p != ProposeReconsider || len(rs) != 2 || rs[0].Key != "risk.reason.no_controls" || rs[0].Clause != ClauseProceed ||
		rs[1].Key != "risk.reason.benefit_missing" || rs[1].Clause != ClauseReconsider {
		t.Fatalf("no controls, no benefit: %s %+v", p, rs)
	}
	// An effective control, a benefit above the cost: b) 1) proceed, with its reasons.
	a.Controls = []Control{{ID: 1, Name: "数据库加密", Status: ControlPlanned, Effectiveness: "effective", RiskIDs: []int64{1}}}
	a.Conclusion.Benefit, a.Conclusion.BenefitBasis = 100000, BenefitExpectedLoss
	p, rs = a.Propose()
	if p != ProposeProceed || len(rs) != 2 || rs[0].Key != "risk.reason.controls_effective" || rs[1].Key != "risk.reason.cost_within_benefit" ||
		rs[1].Clause != ClauseProceed {
		t.Fatalf("treated: %s %+v", p, rs)
	}
	if cb := a.CostBenefit(); cb.Unacceptable != 1 || cb.Cost != 80000 || cb.Controlled != 1 || cb.Effective != 1 {
		t.Fatalf("costs: %+v", cb)
	}
	// The cost above the benefit: b) 2) reconsider.
	a.Conclusion.Benefit = 50000
	if p, rs := a.Propose(); p != ProposeReconsider || len(rs) != 1 || rs[0].Key != "risk.reason.cost_over_benefit" || rs[0].Clause != ClauseReconsider {
		t.Fatalf("costly: %s %+v", p, rs)
	}
	// A control only partly effective: b) 1) does not hold.
	a.Conclusion.Benefit = 100000
	a.Controls[0].Effectiveness = "partly_effective"
	if p, rs := a.Propose(); p != ProposeReconsider || len(rs) != 1 || rs[0].Key != "risk.reason.controls_not_effective" {
		t.Fatalf("partly effective: %s %+v", p, rs)
	}
	a.Controls[0].Effectiveness = "effective"
	a.Risks[0].Treatment.Option = TreatAccept
	if p, rs := a.Propose(); p != ProposeReconsider || rs[0].Clause != ClauseReconsider {
		t.Fatalf("accepted: %s %+v", p, rs)
	}
	// A unit of the department without treatment: the assessment is incomplete (5.1.1 b)).
	a.Risks[0].Treatment.Option = TreatControl
	a.Units[0].Treatment = ""
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.unit_untreated" || rs[0].Clause != ClauseUnits {
		t.Fatalf("unit untreated: %s %+v", p, rs)
	}
	a.Units = nil
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.no_units" {
		t.Fatalf("no units: %s %+v", p, rs)
	}
}

// Seed 002 §7.13–7.14: an avoided risk is gone without residual ratings; a
// risk still above the acceptable level after control is treated again or
// accepted with the leader's named approval, and both treatments are kept.
func TestAvoidAndRetreatment(t *testing.T) {
	a := sample()
	a.Conclusion = Conclusion{AcceptableLevel: 2, Benefit: 1e6, BenefitBasis: BenefitBudget}
	a.Controls = []Control{{ID: 1, Name: "c", Status: ControlExisting, Effectiveness: "effective", RiskIDs: []int64{1, 2, 3}}}
	a.Recompute()
	// Risks 1–3 are above level 2; risk 4 is acceptable.
	for i := 1; i < 3; i++ {
		a.Risks[i].Treatment = Treatment{Option: TreatAvoid, Measure: "停用"}
		a.Risks[i].ResidualThreat, a.Risks[i].ResidualVuln = 5, 5 // ignored: avoided
	}
	a.Risks[0].Treatment = Treatment{Option: TreatControl, Measure: "加密", Cost: 1000}
	a.Risks[0].ResidualThreat, a.Risks[0].ResidualVuln = 3, 3 // likelihood 12 (3), loss 16 (4): 17 → level 3
	a.Recompute()
	if a.Risks[1].Residual != nil || !a.Risks[1].Avoided() || a.Risks[1].Final() != nil {
		t.Fatalf("avoided risk has a residual: %+v", a.Risks[1])
	}
	if r := a.Risks[0].Residual; r == nil || r.Level != 3 {
		t.Fatalf("residual: %+v", r)
	}
	if p, rs := a.Propose(); p != ProposeStop || len(rs) != 1 || rs[0].Key != "risk.reason.residual_high" {
		t.Fatalf("residual high: %s %+v", p, rs)
	}
	// 再处理: a further control, re-rated.
	a.Risks[0].Retreatment = &Retreatment{Treatment: Treatment{Option: TreatControl, Measure: "加密并脱敏", Cost: 500}, ResidualThreat: 1, ResidualVuln: 2}
	a.Recompute()
	rt := a.Risks[0].Retreatment
	if rt.Residual == nil || rt.Residual.Level != 1 || a.Risks[0].Residual.Level != 3 || a.Risks[0].Final() != rt.Residual {
		t.Fatalf("second residual: %+v first %+v", rt.Residual, a.Risks[0].Residual)
	}
	if p, rs := a.Propose(); p != ProposeProceed {
		t.Fatalf("treated again: %s %+v", p, rs)
	}
	if cb := a.CostBenefit(); cb.Cost != 1500 || cb.Unacceptable != 3 || cb.Controlled != 1 {
		t.Fatalf("both costs: %+v", cb)
	}
	// Accepting the residual needs the leader's name and date.
	a.Risks[0].Retreatment = &Retreatment{Treatment: Treatment{Option: TreatAccept}}
	a.Recompute()
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.residual_accept_unapproved" {
		t.Fatalf("unapproved: %s %+v", p, rs)
	}
	if verr := a.Risks[0].Retreatment.Validate(); len(verr) != 2 {
		t.Fatalf("validate unapproved: %v", verr)
	}
	a.Risks[0].Retreatment.ApprovedBy, a.Risks[0].Retreatment.ApprovedOn = "王明", "2026-03-05"
	p, rs := a.Propose()
	if p != ProposeProceed || rs[len(rs)-1].Key != "risk.reason.residual_accepted" || rs[len(rs)-1].Clause != ClauseRetreatment {
		t.Fatalf("approved: %s %+v", p, rs)
	}
	// Keeping is no second treatment.
	if verr := (&Retreatment{Treatment: Treatment{Option: TreatKeep}}).Validate(); len(verr) != 1 || verr[0].Key != KeyRetreatOption {
		t.Fatalf("keep: %v", verr)
	}
}

func TestLifecycleState(t *testing.T) {
	empty := &Assessment{Settings: DefaultSettings(MethodMatrix)}
	if s, _ := empty.LifecycleState(); s != model.NotStarted {
		t.Fatalf("empty: %v", s)
	}
	a := sample()
	a.Conclusion.AcceptableLevel = 5
	a.Recompute()
	if s, b := a.LifecycleState(); s != model.InProgress || len(b) != 0 {
		t.Fatalf("not concluded: %v %v", s, b)
	}
	a.Conclusion = Conclusion{AcceptableLevel: 5, Leader: "王明", Date: "2026-03-01", Decision: ProposeProceed}
	if s, _ := a.LifecycleState(); s != model.Done {
		t.Fatalf("concluded: %v", s)
	}
	// Lower the acceptable level after the conclusion: the data no longer
	// support it, so the step needs an update and selection is blocked again.
	a.Conclusion.AcceptableLevel = 3
	s, b := a.LifecycleState()
	if s != model.NeedsUpdate || len(b) == 0 {
		t.Fatalf("outdated: %v %v", s, b)
	}
	f := model.Facts{States: map[model.StepID]model.State{model.StepRisk: s}, Blocks: map[model.StepID][]model.Block{model.StepRisk: b}}
	if !model.MustNotProceed(f) {
		t.Fatal("selection may proceed on an outdated conclusion")
	}
	// A leader may decide more cautiously than the proposal: the assessment is
	// done, and the decision keeps the selection phase closed.
	a.Conclusion = Conclusion{AcceptableLevel: 4, Leader: "王明", Date: "2026-03-01", Decision: ProposeStop}
	s, b = a.LifecycleState()
	if s != model.Done || len(b) != 1 || b[0].Key != "risk.reason.decided_must_not_proceed" {
		t.Fatalf("cautious decision: %v %v", s, b)
	}
	f = model.Facts{States: map[model.StepID]model.State{model.StepRisk: s}, Blocks: map[model.StepID][]model.Block{model.StepRisk: b}}
	steps := model.Lifecycle(&model.Engagement{}, f)
	if !model.MustNotProceed(f) || steps[2].ID != model.StepScreening || len(steps[2].Blocks) != 1 || steps[2].Blocks[0].Key != "block.risk_decided" {
		t.Fatalf("selection after a decision not to proceed: %+v", steps[2])
	}
}

func TestRecomputeReportsUnscorable(t *testing.T) {
	a := sample()
	a.Risks = append(a.Risks, Risk{ID: 9, AssetID: 1, ThreatID: 77, VulnID: 1})
	if un := a.Recompute(); len(un) != 1 || un[0] != 9 {
		t.Fatalf("unscored %v", un)
	}
	a.Conclusion.AcceptableLevel = 5
	if p, rs := a.Propose(); p != ProposeStop || len(rs) != 1 || rs[0].Key != "risk.reason.unscored" {
		t.Fatalf("%s %v", p, rs)
	}
}

func BenchmarkRecompute100k(b *testing.B) {
	a := &Assessment{Settings: DefaultSettings(MethodMatrix)}
	for i := 1; i <= 1000; i++ {
		a.Assets = append(a.Assets, Asset{ID: int64(i), C: i%5 + 1, I: (i/5)%5 + 1, A: (i/25)%5 + 1})
		a.Vulns = append(a.Vulns, Vulnerability{ID: int64(i), AssetID: int64(i), Severity: i%5 + 1})
	}
	for i := 1; i <= 100; i++ {
		a.Threats = append(a.Threats, Threat{ID: int64(i), Frequency: i%5 + 1})
	}
	for i := 0; i < 100000; i++ {
		v := int64(i%1000 + 1)
		a.Risks = append(a.Risks, Risk{ID: int64(i + 1), AssetID: v, VulnID: v, ThreatID: int64(i/1000 + 1)})
	}
	b.ResetTimer()
	for b.Loop() {
		if un := a.Recompute(); len(un) != 0 {
			b.Fatal(un)
		}
	}
}
