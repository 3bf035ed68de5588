package risk

import (
	"math"
	"testing"

	"outsec/model"
)

// The tables of GB/T 20984—2007 appendix A.2 as the issue gives them, typed
// here independently of the defaults in settings.go.
var (
	wantLikelihood = [5][5]int{{2, 4, 7, 11, 14}, {3, 6, 10, 13, 17}, {5, 9, 12, 16, 20}, {7, 11, 14, 18, 22}, {8, 12, 17, 20, 25}}
	wantLoss       = [5][5]int{{2, 4, 6, 10, 13}, {3, 5, 9, 12, 16}, {4, 7, 11, 15, 20}, {5, 8, 14, 19, 22}, {6, 10, 16, 21, 25}}
	wantRisk       = [5][5]int{{3, 5, 6, 7, 9}, {6, 8, 9, 11, 14}, {9, 11, 13, 16, 20}, {12, 15, 17, 20, 23}, {16, 18, 21, 23, 25}}
)

// level by the ranges, written as explicit intervals.
func likelihoodLevelByHand(v int) int {
	switch {
	case v <= 5:
		return 1
	case v <= 11:
		return 2
	case v <= 16:
		return 3
	case v <= 21:
		return 4
	}
	return 5
}

func lossLevelByHand(v int) int {
	switch {
	case v <= 5:
		return 1
	case v <= 10:
		return 2
	case v <= 15:
		return 3
	case v <= 20:
		return 4
	}
	return 5
}

func riskLevelByHand(v int) int {
	switch {
	case v <= 6:
		return 1
	case v <= 12:
		return 2
	case v <= 18:
		return 3
	case v <= 24:
		return 4
	}
	return 5
}

func TestMatrixMethodEveryCell(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	for tf := 1; tf <= 5; tf++ {
		for v := 1; v <= 5; v++ {
			for a := 1; a <= 5; a++ {
				sc, err := s.Score(tf, v, a)
				if err != nil {
					t.Fatal(err)
				}
				l := wantLikelihood[tf-1][v-1]
				f := wantLoss[a-1][v-1]
				ll, fl := likelihoodLevelByHand(l), lossLevelByHand(f)
				r := wantRisk[ll-1][fl-1]
				want := Score{float64(l), ll, float64(f), fl, float64(r), riskLevelByHand(r)}
				if sc != want {
					t.Errorf("T=%d V=%d A=%d: got %+v, want %+v", tf, v, a, sc, want)
				}
			}
		}
	}
}

// Every cell of each default matrix, and its level.
func TestDefaultMatricesCellByCell(t *testing.T) {
	s := DefaultSettings(MethodMatrix)
	for r := 0; r < 5; r++ {
		for c := 0; c < 5; c++ {
			if s.LikelihoodMatrix[r][c] != wantLikelihood[r][c] || s.LossMatrix[r][c] != wantLoss[r][c] || s.RiskMatrix[r][c] != wantRisk[r][c] {
				t.Errorf("cell %d,%d differs", r+1, c+1)
			}
			if got := s.LikelihoodLevels.Level(float64(wantLikelihood[r][c])); got != likelihoodLevelByHand(wantLikelihood[r][c]) {
				t.Errorf("likelihood %d: level %d", wantLikelihood[r][c], got)
			}
			if got := s.LossLevels.Level(float64(wantLoss[r][c])); got != lossLevelByHand(wantLoss[r][c]) {
				t.Errorf("loss %d: level %d", wantLoss[r][c], got)
			}
			if got := s.RiskLevels.Level(float64(wantRisk[r][c])); got != riskLevelByHand(wantRisk[r][c]) {
				t.Errorf("risk %d: level %d", wantRisk[r][c], got)
			}
		}
	}
	// Each value 1–25 against the written ranges.
	for v := 1; v <= 25; v++ {
		if s.LikelihoodLevels.Level(float64(v)) != likelihoodLevelByHand(v) || s.LossLevels.Level(float64(v)) != lossLevelByHand(v) ||
			s.RiskLevels.Level(float64(v)) != riskLevelByHand(v) {
			t.Errorf("value %d: levels differ", v)
		}
	}
}

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
	check(AssetLog, 5, 1, 1, 4, 4) // log2(36/3 = 12) = 3.58 → 4
	check(AssetLog, 3, 3, 3, 3, 3)
	check(AssetLog, 5, 5, 4, 5, 5) // log2(80/3) = 4.74 → 5
	check(AssetLog, 1, 1, 1, 1, 1)
	check(AssetLog, 2, 1, 1, 1, 1) // log2(8/3) = 1.42 → 1

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
	return a
}

func TestRecomputeAndProposal(t *testing.T) {
	a := sample()
	if un := a.Recompute(); len(un) != 0 {
		t.Fatalf("unscored %v", un)
	}
	// Risk 1: asset 1 = max(5,4,3) = 5; T=3, V=4: likelihood 16 (level 3), loss 21 (level 5), risk 20 → level 4.
	if r := a.Risks[0].Inherent; r.Likelihood != 16 || r.LikelihoodLevel != 3 || r.Loss != 21 || r.LossLevel != 5 || r.Value != 20 || r.Level != 4 {
		t.Fatalf("risk 1: %+v", r)
	}
	if p, rs := a.Propose(); p != ProposeStop || len(rs) != 1 || rs[0].Key != "risk.reason.no_acceptable_level" {
		t.Fatalf("no level: %s %v", p, rs)
	}
	a.Conclusion.AcceptableLevel = 3
	p, rs := a.Propose()
	if p != ProposeStop || len(rs) != 1 || rs[0].RiskID != 1 || rs[0].Key != "risk.reason.untreated" {
		t.Fatalf("untreated: %s %+v", p, rs)
	}
	a.Risks[0].Treatment = Treatment{Option: TreatControl, Measure: "数据库加密"}
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.residual_missing" {
		t.Fatalf("no residual: %s %+v", p, rs)
	}
	a.Risks[0].ResidualThreat, a.Risks[0].ResidualVuln = 2, 2 // likelihood 6 (2), loss 10 (2): risk 8 → level 2
	a.Recompute()
	if r := a.Risks[0].Residual; r == nil || r.Level != 2 {
		t.Fatalf("residual: %+v", r)
	}
	if p, _ := a.Propose(); p != ProposeProceed {
		t.Fatalf("treated: %s", p)
	}
	a.Risks[0].Treatment.Option = TreatAccept
	if p, rs := a.Propose(); p != ProposeReconsider || rs[0].Clause != ClauseReconsider {
		t.Fatalf("accepted: %s %+v", p, rs)
	}
}

func TestLifecycleState(t *testing.T) {
	empty := &Assessment{Settings: DefaultSettings(MethodMatrix)}
	if s, _ := empty.LifecycleState(); s != model.NotStarted {
		t.Fatalf("empty: %v", s)
	}
	a := sample()
	a.Conclusion.AcceptableLevel = 4
	a.Recompute()
	if s, b := a.LifecycleState(); s != model.InProgress || len(b) != 0 {
		t.Fatalf("not concluded: %v %v", s, b)
	}
	a.Conclusion = Conclusion{AcceptableLevel: 4, Leader: "王明", Date: "2026-03-01", Decision: ProposeProceed}
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
	if p, rs := a.Propose(); p != ProposeStop || rs[0].Key != "risk.reason.unscored" {
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
