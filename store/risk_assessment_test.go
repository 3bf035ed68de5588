package store

import (
	"errors"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/risk"
)

func TestSettingsChangeRecomputesEveryRisk(t *testing.T) {
	s, eng := rkFixture(t)
	rkFull(t, s, eng)
	a, err := s.RiskAssessment(ctx, eng)
	rkMust(t, err)
	if len(a.Risks) != 125 {
		t.Fatalf("%d risks", len(a.Risks))
	}
	rkCheckScores(t, a, risk.DefaultSettings(risk.MethodMatrix))
	// Spot checks by hand from the tables of the issue: threat 2 × vuln 3 is
	// likelihood 10 (level 2: 6–11); asset 5 × vuln 3 is loss 16 (level 4:
	// 16–20); risk matrix A.5 row 2 column 4 is 15, level 3 (13–18, A.6).
	for _, r := range a.Risks {
		if r.ThreatID == a.Threats[1].ID && r.AssetID == a.Assets[4].ID {
			var sev int
			for _, v := range a.Vulns {
				if v.ID == r.VulnID {
					sev = v.Severity
				}
			}
			if sev == 3 && (r.Inherent != risk.Score{Likelihood: 10, LikelihoodLevel: 2, Loss: 16, LossLevel: 4, Value: 15, Level: 3}) {
				t.Errorf("T2 V3 A5: %+v", r.Inherent)
			}
		}
	}

	// The method: every risk recomputed, one audit record naming the change.
	st := risk.DefaultSettings(risk.MethodMultiplication)
	st.Rounding = risk.RoundHalfUp
	n := len(rkAudit(t, s))
	rkMust(t, s.SaveSettings(ctx, testOp, eng, st))
	r := rkExpectAudit(t, s, n, EventRiskSettings, OutcomeSuccess)
	if !strings.Contains(r.Detail, `method: "matrix" → "multiplication"`) || !strings.Contains(r.Detail, `rounding: "none" → "half_up"`) ||
		!strings.Contains(r.Detail, "risk_levels.level1.upper: 6 → 5") || r.ObjectType != ObjectRiskAssessment {
		t.Errorf("settings detail: %s", r.Detail)
	}
	a, _ = s.RiskAssessment(ctx, eng)
	if a.Settings != st {
		t.Errorf("settings stored %+v", a.Settings)
	}
	rkCheckScores(t, a, st)

	// Back to the matrix method, then one cell: the risks it touches change,
	// the record names the cell.
	st = risk.DefaultSettings(risk.MethodMatrix)
	rkMust(t, s.SaveSettings(ctx, testOp, eng, st))
	before, _ := s.RiskAssessment(ctx, eng)
	st.LikelihoodMatrix[1][2] = 12 // threat 2, vulnerability 3: 10 → 12, level 2 → 3
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveSettings(ctx, testOp, eng, st))
	r = rkExpectAudit(t, s, n, EventRiskSettings, OutcomeSuccess)
	if !strings.Contains(r.Detail, "likelihood_matrix[2][3]: 10 → 12") || strings.Contains(r.Detail, "method") {
		t.Errorf("cell detail: %s", r.Detail)
	}
	// Five assets have a severity-3 vulnerability, each with the threat of
	// frequency 2: five risks change.
	if !strings.Contains(r.Detail, "rescored assets=0 risks=5") {
		t.Errorf("rescored count: %s", r.Detail)
	}
	after, _ := s.RiskAssessment(ctx, eng)
	rkCheckScores(t, after, st)
	changed := 0
	for i := range after.Risks {
		if after.Risks[i].Inherent != before.Risks[i].Inherent {
			changed++
			if after.Risks[i].Inherent.Likelihood != 12 || after.Risks[i].Inherent.LikelihoodLevel != 3 {
				t.Errorf("changed risk: %+v", after.Risks[i].Inherent)
			}
		}
	}
	if changed != 5 {
		t.Errorf("%d risks changed, want 5", changed)
	}

	// The asset rule changes asset values, and through them the losses.
	st.AssetRule, st.Weights = risk.AssetWeighted, [3]float64{3, 1, 1}
	rkMust(t, s.SaveSettings(ctx, testOp, eng, st))
	a, _ = s.RiskAssessment(ctx, eng)
	rkCheckScores(t, a, st)
	st = risk.DefaultSettings(risk.MethodProduct)
	rkMust(t, s.SaveSettings(ctx, testOp, eng, st))
	a, _ = s.RiskAssessment(ctx, eng)
	rkCheckScores(t, a, st)
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
}

func TestConclusionMustNotContradictTheProposal(t *testing.T) {
	s, eng := rkFixture(t)
	ids := rkSmall(t, s, eng)
	a, _ := s.RiskAssessment(ctx, eng)
	// The highest inherent level: set the acceptable level just below it.
	top, topID := 0, int64(0)
	for _, r := range a.Risks {
		if r.Inherent.Level > top {
			top, topID = r.Inherent.Level, r.ID
		}
	}
	if top < 2 {
		t.Fatalf("fixture: top level %d", top)
	}
	c := risk.Conclusion{AcceptableLevel: top - 1, Leader: "王明 副局长", Date: "2026-04-01", Decision: risk.ProposeProceed}
	before := snapshot(t, s)
	n := len(rkAudit(t, s))
	err := s.SaveConclusion(ctx, testOp, eng, c)
	var verr model.ValidationError
	if !errors.As(err, &verr) || len(verr) != 1 || verr[0].Field != "conclusion.decision" ||
		verr[0].Key != risk.KeyDecisionOverStop || verr[0].Clause != risk.ClauseStop {
		t.Fatalf("proceed over must_not_proceed: %v", err)
	}
	rkExpectAudit(t, s, n, EventRiskConclusion, OutcomeFailure)
	if snapshot(t, s) != before {
		t.Error("a refused conclusion was written")
	}
	c.Decision = risk.ProposeReconsider
	if err := s.SaveConclusion(ctx, testOp, eng, c); !errors.As(err, &verr) || verr[0].Key != risk.KeyDecisionOverStop {
		t.Errorf("reconsider over must_not_proceed: %v", err)
	}
	// A decision needs the level, the leader and the date (5.1.2 a)).
	err = s.SaveConclusion(ctx, testOp, eng, risk.Conclusion{Decision: risk.ProposeStop})
	if !errors.As(err, &verr) || len(verr) != 3 {
		t.Errorf("bare decision: %v", err)
	}
	// The cautious decision is the leader's.
	c.Decision = risk.ProposeStop
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, c))
	r := rkExpectAudit(t, s, n, EventRiskConclusion, OutcomeSuccess)
	if !strings.Contains(r.Detail, `decision: "" → "must_not_proceed"`) || !strings.Contains(r.Detail, "proposal=must_not_proceed") {
		t.Errorf("conclusion detail: %s", r.Detail)
	}

	// Accepting every unacceptable risk gives "reconsider": proceeding is
	// still refused, citing b) 2).
	a, _ = s.RiskAssessment(ctx, eng)
	for _, r := range a.Risks {
		if !c.Acceptable(r.Inherent.Level) {
			rkMust(t, s.SaveTreatment(ctx, testOp, r.ID, risk.Treatment{Option: risk.TreatAccept}, 0, 0))
		}
	}
	c.Decision = risk.ProposeProceed
	if err := s.SaveConclusion(ctx, testOp, eng, c); !errors.As(err, &verr) || verr[0].Key != risk.KeyDecisionOverReconsider ||
		verr[0].Clause != risk.ClauseReconsider {
		t.Errorf("proceed over reconsider: %v", err)
	}
	// Controlled with a residual risk within the level, but the control not
	// yet shown effective and no benefit recorded: still b) 2).
	var controlled []int64
	for _, r := range a.Risks {
		if !c.Acceptable(r.Inherent.Level) {
			rkMust(t, s.SaveTreatment(ctx, testOp, r.ID, risk.Treatment{Option: risk.TreatControl, Measure: "加固", Cost: 20000}, 1, 1))
			controlled = append(controlled, r.ID)
		}
	}
	ctl := &risk.Control{Name: "安全加固", Status: risk.ControlPlanned, Effectiveness: "partly_effective", RiskIDs: controlled}
	rkMust(t, s.SaveControl(ctx, testOp, eng, ctl))
	c.Benefit, c.BenefitBasis = 10000, risk.BenefitExpectedLoss
	if err := s.SaveConclusion(ctx, testOp, eng, c); !errors.As(err, &verr) || verr[0].Key != risk.KeyDecisionOverReconsider {
		t.Errorf("proceed with a partly effective control and the cost over the benefit: %v", err)
	}
	// The control effective, the benefit above the cost: proceed is allowed (b) 1)).
	ctl.Effectiveness = "effective"
	rkMust(t, s.SaveControl(ctx, testOp, eng, ctl))
	c.Benefit = float64(20000*len(controlled)) + 1
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, c))
	a, _ = s.RiskAssessment(ctx, eng)
	if a.Conclusion != c {
		t.Errorf("conclusion stored %+v, want %+v", a.Conclusion, c)
	}
	if p, reasons := a.Propose(); p != risk.ProposeProceed {
		t.Errorf("proposal %s %+v", p, reasons)
	}
	_ = ids
	_ = topID
}
