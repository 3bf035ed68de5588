package risk

import "testing"

// The sample is complete and consistent in both languages: valid records,
// every risk scored, the decision the data propose, the asset of C=4 I=4 A=1
// at 3.5 / level 3, and every kind of treatment.
func TestSampleAssessment(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		a := SampleAssessment(lang)
		if len(a.Assets) != 8 || len(a.Threats) != 6 || len(a.Vulns) != 10 || len(a.Risks) != 15 || len(a.Units) != 3 {
			t.Fatalf("%s: sizes", lang)
		}
		for _, x := range a.Assets {
			if verr := x.Validate(); verr != nil {
				t.Errorf("%s asset %d: %v", lang, x.ID, verr)
			}
		}
		for _, x := range a.Risks {
			if verr := x.Validate(); verr != nil {
				t.Errorf("%s risk %d: %v", lang, x.ID, verr)
			}
		}
		for _, x := range a.Units {
			if verr := x.Validate(); verr != nil {
				t.Errorf("%s unit %d: %v", lang, x.ID, verr)
			}
		}
		if un := a.Recompute(); len(un) != 0 {
			t.Fatalf("%s: unscored %v", lang, un)
		}
		if v := a.Assets[3]; v.Value != 3.5 || v.Level != 3 {
			t.Errorf("%s: asset 4 %v level %d", lang, v.Value, v.Level)
		}
		p, rs := a.Propose()
		if p != a.Conclusion.Decision {
			t.Errorf("%s: proposes %s %+v", lang, p, rs)
		}
		opts := map[TreatmentOption]bool{}
		retreated := 0
		for _, r := range a.Risks {
			opts[r.Treatment.Option] = true
			if r.Retreatment != nil {
				retreated++
				// As the store requires (§7.14): a control or transfer whose
				// residual risk is still above the acceptable level.
				if (r.Treatment.Option != TreatControl && r.Treatment.Option != TreatTransfer) || r.Residual == nil ||
					a.Conclusion.Acceptable(r.Residual.Level) || a.Conclusion.Acceptable(r.Inherent.Level) {
					t.Errorf("%s: risk %d treated again without cause: %+v", lang, r.ID, r)
				}
			}
		}
		if len(opts) != 4 || retreated != 2 {
			t.Errorf("%s: options %v, retreated %d", lang, opts, retreated)
		}
		// Lower the benefit below the cost: the proposal becomes "reconsider".
		a.Conclusion.Benefit = a.CostBenefit().Cost - 1
		if p, _ := a.Propose(); p != ProposeReconsider {
			t.Errorf("%s: cost over benefit gives %s", lang, p)
		}
	}
}
