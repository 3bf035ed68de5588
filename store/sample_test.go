package store

import (
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/risk"
)

// The sample engagement has something in every workflow, in one audited
// transaction: a whole risk assessment whose decision agrees with its data,
// four people in the screening with both cross-check flags, and a contract
// review with two gaps.
func TestSampleIsExplorable(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		s, _ := openTemp(t)
		n := len(rkAudit(t, s))
		e, err := s.LoadSample(ctx, testOp, lang)
		rkMust(t, err)
		rec := rkExpectAudit(t, s, n, EventSampleLoad, OutcomeSuccess)
		if len(rkAudit(t, s)) != n+1 || !strings.Contains(rec.Detail, "risks=15 units=3") || !strings.Contains(rec.Detail, "people=4") {
			t.Errorf("%s: audit %s", lang, rec.Detail)
		}
		a, err := s.RiskAssessment(ctx, e.ID)
		rkMust(t, err)
		if len(a.Assets) != 8 || len(a.Threats) != 6 || len(a.Vulns) != 10 || len(a.Risks) != 15 || len(a.Controls) != 6 || len(a.Units) != 3 {
			t.Fatalf("%s: registers %d %d %d %d %d %d", lang, len(a.Assets), len(a.Threats), len(a.Vulns), len(a.Risks), len(a.Controls), len(a.Units))
		}
		rkCheckScores(t, a, a.Settings)
		if a.Assets[3].Value != 3.5 || a.Assets[3].Level != 3 || a.Settings.AssetRule != risk.AssetLog {
			t.Errorf("%s: asset C4 I4 A1: %v level %d", lang, a.Assets[3].Value, a.Assets[3].Level)
		}
		if p, rs := a.Propose(); p != risk.ProposeProceed || a.Conclusion.Decision != p {
			t.Errorf("%s: proposal %s %+v", lang, p, rs)
		}
		sc, err := s.Screening(ctx, e.ID)
		rkMust(t, err)
		conflicts := 0
		for i := range sc.People {
			conflicts += len(sc.People[i].Conflicts())
		}
		if len(sc.People) != 4 || sc.WithoutNDA() != 1 || conflicts != 1 {
			t.Errorf("%s: people %d, without NDA %d, conflicts %d", lang, len(sc.People), sc.WithoutNDA(), conflicts)
		}
		c, err := s.Contract(ctx, e.ID)
		rkMust(t, err)
		if g := c.Gaps(e.CloudWebsite); len(g) != 2 {
			t.Errorf("%s: %d gaps", lang, len(g))
		}
		facts, err := s.LifecycleFacts(ctx)
		rkMust(t, err)
		if facts[e.ID].States[model.StepRisk] != model.Done {
			t.Errorf("%s: risk step %+v", lang, facts[e.ID])
		}
	}
}
