package store

import (
	"errors"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/risk"
)

// An assessment stored with the old, transposed risk matrix keeps it (its
// settings are frozen); it is listed as legacy; resetting to the standard
// puts table A.5 back and rescores every risk in one audited transaction.
func TestLegacyRiskMatrixKeptListedAndReset(t *testing.T) {
	s, eng := rkFixture(t)
	rkSmall(t, s, eng)
	old := risk.DefaultSettings(risk.MethodMatrix)
	old.RiskMatrix, old.Revision = risk.LegacyRiskMatrix, 0
	old.AssetRule = risk.AssetLog
	rkMust(t, s.SaveSettings(ctx, testOp, eng, old))
	a, _ := s.RiskAssessment(ctx, eng)
	if a.Settings != old {
		t.Fatalf("stored settings changed: %+v", a.Settings)
	}
	// Scored with the matrix it keeps: asset 1 is C5 I4 A3 (log rule, revision 0: 4),
	// threat 4 × vulnerability 4 → likelihood 18 (level 4), loss 19 (level 4): legacy [4][4] = 20.
	byLevel := map[int64]risk.Score{}
	for _, r := range a.Risks {
		byLevel[r.ID] = r.Inherent
	}
	legacy, err := s.LegacyRiskAssessments(ctx)
	rkMust(t, err)
	if len(legacy) != 1 || legacy[0].EngagementID != eng {
		t.Fatalf("legacy: %+v", legacy)
	}
	n := len(rkAudit(t, s))
	st, err := s.ResetSettings(ctx, testOp, eng)
	rkMust(t, err)
	rec := rkExpectAudit(t, s, n, EventRiskSettingsReset, OutcomeSuccess)
	if len(rkAudit(t, s)) != n+1 || !strings.Contains(rec.Detail, "legacy risk matrix replaced by GB/T 20984—2007 A.5") ||
		!strings.Contains(rec.Detail, "risk_matrix[1][2]: 5 → 6") || !strings.Contains(rec.Detail, "rescored") {
		t.Errorf("reset audit: %d records, %s", len(rkAudit(t, s))-n, rec.Detail)
	}
	want := risk.DefaultSettings(risk.MethodMatrix)
	want.AssetRule = risk.AssetLog // the assessor's choice is kept
	if st != want {
		t.Errorf("reset to %+v", st)
	}
	a, _ = s.RiskAssessment(ctx, eng)
	if a.Settings != want || a.Settings.IsLegacyRiskMatrix() {
		t.Errorf("after reset: %+v", a.Settings)
	}
	rkCheckScores(t, a, want)
	if l, _ := s.LegacyRiskAssessments(ctx); len(l) != 0 {
		t.Errorf("still legacy: %+v", l)
	}
	// The asset value now has its decimal: log2((32+16+8)/3) = 4.22 → 4.2.
	if a.Assets[0].Value != 4.2 || a.Assets[0].Level != 4 {
		t.Errorf("asset value %v level %d", a.Assets[0].Value, a.Assets[0].Level)
	}
}

// The register of units (5.1.1 b)): saved, changed, deleted, each audited; a
// unit without treatment keeps the assessment incomplete.
func TestUnitsRegister(t *testing.T) {
	s, eng := rkFixture(t)
	u := &risk.Unit{Name: "  办公室 ", Role: risk.UnitResponsible, Effect: "未设安全管理员"}
	n := len(rkAudit(t, s))
	rkMust(t, s.SaveUnit(ctx, testOp, eng, u))
	rkExpectAudit(t, s, n, EventRiskUnitCreate, OutcomeSuccess)
	a, _ := s.RiskAssessment(ctx, eng)
	if len(a.Units) != 1 || a.Units[0].Name != "办公室" || a.Units[0].ID != u.ID {
		t.Fatalf("units: %+v", a.Units)
	}
	if _, rs := a.Propose(); !hasReason(rs, "risk.reason.unit_untreated") {
		t.Errorf("untreated unit not reported: %+v", rs)
	}
	u.Treatment = "指定专人担任安全管理员"
	rkMust(t, s.SaveUnit(ctx, testOp, eng, u))
	r := rkExpectAudit(t, s, n+1, EventRiskUnitUpdate, OutcomeSuccess)
	if !strings.Contains(r.Detail, `treatment: "" → "指定专人担任安全管理员"`) {
		t.Errorf("detail %s", r.Detail)
	}
	// Bad input: nothing written, a failure audited, the message names the field and clause.
	err := s.SaveUnit(ctx, testOp, eng, &risk.Unit{Name: "x", Role: "boss"})
	var verr model.ValidationError
	if !errors.As(err, &verr) || len(verr) != 2 || verr[0].Clause != risk.ClauseUnits {
		t.Fatalf("bad unit: %v", err)
	}
	a, _ = s.RiskAssessment(ctx, eng)
	if len(a.Units) != 1 {
		t.Error("a bad unit was written")
	}
	rkMust(t, s.DeleteUnit(ctx, testOp, u.ID))
	a, _ = s.RiskAssessment(ctx, eng)
	if len(a.Units) != 0 {
		t.Error("not deleted")
	}
}

func hasReason(rs []risk.Reason, key string) bool {
	for _, r := range rs {
		if r.Key == key {
			return true
		}
	}
	return false
}

// Seed 002 §7.13–7.14 in the store: avoid drops the residual ratings; a
// second treatment is refused unless the first left the risk above the
// acceptable level; both treatments are kept and scored; changing the first
// treatment to one without residual removes the second, audited.
func TestAvoidAndRetreatmentStored(t *testing.T) {
	s, eng := rkFixture(t)
	ids := rkSmall(t, s, eng)
	rkMust(t, s.SaveConclusion(ctx, testOp, eng, risk.Conclusion{AcceptableLevel: 2}))
	a, _ := s.RiskAssessment(ctx, eng)
	var high int64
	for _, r := range a.Risks {
		if r.Inherent.Level > 2 && high == 0 {
			high = r.ID
		}
	}
	rkMust(t, s.SaveTreatment(ctx, testOp, ids.risks[1], risk.Treatment{Option: risk.TreatAvoid, Measure: "停用该功能"}, 3, 3))
	a, _ = s.RiskAssessment(ctx, eng)
	for _, r := range a.Risks {
		if r.ID == ids.risks[1] && (r.ResidualThreat != 0 || r.Residual != nil || !r.Avoided()) {
			t.Errorf("avoided risk keeps residual: %+v", r)
		}
	}
	rt := &risk.Retreatment{Treatment: risk.Treatment{Option: risk.TreatControl, Measure: "二次加固", Cost: 500}, ResidualThreat: 1, ResidualVuln: 1}
	// Not yet treated: refused.
	var verr model.ValidationError
	if err := s.SaveRetreatment(ctx, testOp, high, rt); !errors.As(err, &verr) || verr[0].Key != risk.KeyRetreatFirst {
		t.Fatalf("retreat untreated: %v", err)
	}
	// Controlled, residual within the level: nothing to treat again.
	rkMust(t, s.SaveTreatment(ctx, testOp, high, risk.Treatment{Option: risk.TreatControl, Measure: "加固", Cost: 1000}, 1, 1))
	if err := s.SaveRetreatment(ctx, testOp, high, rt); !errors.As(err, &verr) || verr[0].Key != risk.KeyRetreatNotHigh {
		t.Fatalf("retreat acceptable: %v", err)
	}
	// Residual still high: treated again, both kept.
	rkMust(t, s.SaveTreatment(ctx, testOp, high, risk.Treatment{Option: risk.TreatControl, Measure: "加固", Cost: 1000}, 4, 4))
	n := len(rkAudit(t, s))
	rkMust(t, s.SaveRetreatment(ctx, testOp, high, rt))
	rec := rkExpectAudit(t, s, n, EventRiskRetreatment, OutcomeSuccess)
	if !strings.Contains(rec.Detail, "second residual likelihood=") {
		t.Errorf("detail %s", rec.Detail)
	}
	a, _ = s.RiskAssessment(ctx, eng)
	var got risk.Risk
	for _, r := range a.Risks {
		if r.ID == high {
			got = r
		}
	}
	if got.Treatment.Measure != "加固" || got.Residual == nil || got.Residual.Level <= 2 || got.Retreatment == nil ||
		got.Retreatment.Treatment.Measure != "二次加固" || got.Retreatment.Residual == nil || got.Retreatment.Residual.Level != 1 {
		t.Fatalf("both treatments: %+v %+v", got, got.Retreatment)
	}
	if got.TotalCost() != 1500 {
		t.Errorf("cost %v", got.TotalCost())
	}
	// Accepting the residual needs the leader's name: refused, nothing written.
	if err := s.SaveRetreatment(ctx, testOp, high, &risk.Retreatment{Treatment: risk.Treatment{Option: risk.TreatAccept}}); !errors.As(err, &verr) {
		t.Fatalf("unapproved accept: %v", err)
	}
	// First treatment changed to accept: the second goes, audited.
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveTreatment(ctx, testOp, high, risk.Treatment{Option: risk.TreatAccept}, 0, 0))
	rec = rkExpectAudit(t, s, n, EventRiskTreatment, OutcomeSuccess)
	if !strings.Contains(rec.Detail, "retreatment removed") {
		t.Errorf("detail %s", rec.Detail)
	}
	a, _ = s.RiskAssessment(ctx, eng)
	for _, r := range a.Risks {
		if r.ID == high && r.Retreatment != nil {
			t.Error("second treatment kept after the first became accept")
		}
	}
}
