package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/risk"
)

func TestRiskRegistersCRUDWithAudit(t *testing.T) {
	s, eng := rkFixture(t)

	// Nothing yet: the default settings, empty registers.
	a, err := s.RiskAssessment(ctx, eng)
	rkMust(t, err)
	if !a.Empty() || a.Settings != risk.DefaultSettings(risk.MethodMatrix) {
		t.Fatalf("fresh assessment: %+v", a)
	}
	if _, err := s.RiskAssessment(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown engagement: %v", err)
	}

	n := len(rkAudit(t, s))
	as := rkAsset(" 人口信息数据库 ", 5, 4, 3)
	rkMust(t, s.SaveAsset(ctx, testOp, eng, as))
	r := rkExpectAudit(t, s, n, EventRiskAssetCreate, OutcomeSuccess)
	if as.ID == 0 || as.Name != "人口信息数据库" || as.Value != 5 || as.Level != 5 {
		t.Errorf("asset after save: %+v", as)
	}
	if r.ObjectType != ObjectAsset || !strings.HasSuffix(r.ObjectID, fmt.Sprintf("/%d", as.ID)) || !strings.Contains(r.Detail, "人口信息数据库") {
		t.Errorf("audit: %+v", r)
	}

	th := rkThreat("外部攻击", 4)
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveThreat(ctx, testOp, eng, th))
	rkExpectAudit(t, s, n, EventRiskThreatCreate, OutcomeSuccess)

	v := rkVuln(as.ID, "弱口令", 4)
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveVulnerability(ctx, testOp, eng, v))
	rkExpectAudit(t, s, n, EventRiskVulnCreate, OutcomeSuccess)

	rk := &risk.Risk{AssetID: as.ID, ThreatID: th.ID, VulnID: v.ID}
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveRisk(ctx, testOp, eng, rk))
	rkExpectAudit(t, s, n, EventRiskRiskCreate, OutcomeSuccess)
	want, _ := risk.DefaultSettings(risk.MethodMatrix).Score(4, 4, 5)
	if rk.Inherent != want || rk.Inherent.Level == 0 {
		t.Errorf("risk scores %+v, want %+v", rk.Inherent, want)
	}

	ct := &risk.Control{Name: "双因素认证", Status: risk.ControlPlanned, Effectiveness: "not_assessed", RiskIDs: []int64{rk.ID, rk.ID}}
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveControl(ctx, testOp, eng, ct))
	rkExpectAudit(t, s, n, EventRiskControlCreate, OutcomeSuccess)

	// Updates: each one record, naming what changed.
	as.C = 2
	as.Owner = "信息中心"
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveAsset(ctx, testOp, eng, as))
	r = rkExpectAudit(t, s, n, EventRiskAssetUpdate, OutcomeSuccess)
	if !strings.Contains(r.Detail, "c: 5 → 2") || !strings.Contains(r.Detail, `owner: "" → "信息中心"`) || !strings.Contains(r.Detail, "risks=1") {
		t.Errorf("update detail: %s", r.Detail)
	}
	if as.Value != 4 || as.Level != 4 {
		t.Errorf("asset value after update: %+v", as)
	}
	th.Frequency = 1
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveThreat(ctx, testOp, eng, th))
	r = rkExpectAudit(t, s, n, EventRiskThreatUpdate, OutcomeSuccess)
	if !strings.Contains(r.Detail, "frequency: 4 → 1") {
		t.Errorf("threat detail: %s", r.Detail)
	}
	v.Severity = 2
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveVulnerability(ctx, testOp, eng, v))
	rkExpectAudit(t, s, n, EventRiskVulnUpdate, OutcomeSuccess)
	ct.Effectiveness = "effective"
	ct.RiskIDs = nil
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveControl(ctx, testOp, eng, ct))
	r = rkExpectAudit(t, s, n, EventRiskControlUpdate, OutcomeSuccess)
	if !strings.Contains(r.Detail, fmt.Sprintf("risks: [%d] → []", rk.ID)) {
		t.Errorf("control detail: %s", r.Detail)
	}

	// Treatment and residual risk.
	n = len(rkAudit(t, s))
	rkMust(t, s.SaveTreatment(ctx, testOp, rk.ID, risk.Treatment{Option: risk.TreatControl, Measure: "启用双因素认证",
		Owner: "李华", Deadline: "2026-06-30", Cost: 20000, Status: "planned"}, 1, 1))
	r = rkExpectAudit(t, s, n, EventRiskTreatment, OutcomeSuccess)
	if !strings.Contains(r.Detail, `treatment: "" → "control"`) || !strings.Contains(r.Detail, "residual: 0/0 → 1/1") {
		t.Errorf("treatment detail: %s", r.Detail)
	}

	a, err = s.RiskAssessment(ctx, eng)
	rkMust(t, err)
	if len(a.Assets) != 1 || len(a.Threats) != 1 || len(a.Vulns) != 1 || len(a.Risks) != 1 || len(a.Controls) != 1 {
		t.Fatalf("registers: %+v", a)
	}
	if a.Assets[0].Owner != "信息中心" || a.Threats[0].Frequency != 1 || a.Vulns[0].Severity != 2 ||
		a.Controls[0].Effectiveness != "effective" || a.Controls[0].RiskIDs != nil {
		t.Errorf("updates not stored: %+v", a)
	}
	got := a.Risks[0]
	if got.Treatment.Option != risk.TreatControl || got.Treatment.Deadline != "2026-06-30" || got.Treatment.Cost != 20000 || got.Residual == nil {
		t.Errorf("treatment not stored: %+v", got)
	}
	rkCheckScores(t, a, a.Settings)

	// Deletes: the control, then the risk.
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteControl(ctx, testOp, ct.ID))
	rkExpectAudit(t, s, n, EventRiskControlDelete, OutcomeSuccess)
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteRisk(ctx, testOp, rk.ID))
	rkExpectAudit(t, s, n, EventRiskRiskDelete, OutcomeSuccess)
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteThreat(ctx, testOp, th.ID))
	rkExpectAudit(t, s, n, EventRiskThreatDelete, OutcomeSuccess)
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteVulnerability(ctx, testOp, v.ID))
	rkExpectAudit(t, s, n, EventRiskVulnDelete, OutcomeSuccess)
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteAsset(ctx, testOp, as.ID))
	rkExpectAudit(t, s, n, EventRiskAssetDelete, OutcomeSuccess)
	a, _ = s.RiskAssessment(ctx, eng)
	if !a.Empty() {
		t.Errorf("after deleting everything: %+v", a)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
}

func TestRiskInvalidInputWritesOnlyTheFailure(t *testing.T) {
	s, eng := rkFixture(t)
	ids := rkSmall(t, s, eng)
	before := snapshot(t, s)

	fields := func(err error) map[string]model.FieldError {
		var verr model.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("not a validation error: %v", err)
		}
		m := map[string]model.FieldError{}
		for _, f := range verr {
			m[f.Field] = f
		}
		return m
	}

	n := len(rkAudit(t, s))
	err := s.SaveAsset(ctx, testOp, eng, &risk.Asset{Name: "  ", Type: "spaceship", C: 7, I: 0, A: 3})
	f := fields(err)
	if f["asset.name"].Key != "err.required" || f["asset.type"].Key != risk.KeyEnum || f["asset.c"].Key != risk.KeyRating ||
		f["asset.i"].Key != risk.KeyRating || f["asset.c"].Clause != risk.ClauseAsset || len(f) != 4 {
		t.Errorf("asset problems: %+v", f)
	}
	r := rkExpectAudit(t, s, n, EventRiskAssetCreate, OutcomeFailure)
	if !strings.Contains(r.Detail, "asset.c") {
		t.Errorf("failure detail: %s", r.Detail)
	}

	n = len(rkAudit(t, s))
	err = s.SaveThreat(ctx, testOp, eng, &risk.Threat{Name: "x", Source: "aliens", Path: risk.PathDirect, Frequency: 6})
	f = fields(err)
	if f["threat.source"].Key != risk.KeyEnum || f["threat.frequency"].Key != risk.KeyRating || f["threat.frequency"].Clause != risk.ClauseThreat {
		t.Errorf("threat problems: %+v", f)
	}
	rkExpectAudit(t, s, n, EventRiskThreatCreate, OutcomeFailure)

	// A vulnerability of an asset of another engagement.
	other := validEngagement()
	other.Name = "另一个项目"
	rkMust(t, s.CreateEngagement(ctx, testOp, other, 0))
	oa := rkAsset("他人的资产", 1, 1, 1)
	rkMust(t, s.SaveAsset(ctx, testOp, other.ID, oa))
	before = snapshot(t, s)
	n = len(rkAudit(t, s))
	f = fields(s.SaveVulnerability(ctx, testOp, eng, rkVuln(oa.ID, "x", 3)))
	if f["vulnerability.asset_id"].Key != risk.KeyReference {
		t.Errorf("foreign asset: %+v", f)
	}
	rkExpectAudit(t, s, n, EventRiskVulnCreate, OutcomeFailure)

	// A risk whose vulnerability belongs to another asset.
	n = len(rkAudit(t, s))
	err = s.SaveRisk(ctx, testOp, eng, &risk.Risk{AssetID: ids.assets[1], ThreatID: ids.threats[0], VulnID: ids.vulns[0]})
	f = fields(err)
	if fe := f["risk.vulnerability_id"]; fe.Key != risk.KeyVulnOtherAsset || fmt.Sprint(fe.Args) != fmt.Sprint([]any{ids.vulns[0], ids.assets[0], ids.assets[1]}) {
		t.Errorf("other asset's vulnerability: %+v", f)
	}
	rkExpectAudit(t, s, n, EventRiskRiskCreate, OutcomeFailure)

	// The same triple twice: a conflict naming the risk that has it.
	n = len(rkAudit(t, s))
	err = s.SaveRisk(ctx, testOp, eng, &risk.Risk{AssetID: ids.assets[0], ThreatID: ids.threats[0], VulnID: ids.vulns[0]})
	var dup *DuplicateRiskError
	if !errors.As(err, &dup) || !errors.Is(err, ErrConflict) || dup.ExistingID != ids.risks[0] {
		t.Errorf("duplicate risk: %v", err)
	}
	rkExpectAudit(t, s, n, EventRiskRiskCreate, OutcomeFailure)
	// Changing a risk to the triple of another is the same conflict.
	err = s.SaveRisk(ctx, testOp, eng, &risk.Risk{ID: ids.risks[1], AssetID: ids.assets[0], ThreatID: ids.threats[0], VulnID: ids.vulns[0]})
	if !errors.As(err, &dup) {
		t.Errorf("update to a duplicate: %v", err)
	}

	// Residual ratings: both or neither; treatment values known.
	n = len(rkAudit(t, s))
	err = s.SaveTreatment(ctx, testOp, ids.risks[0], risk.Treatment{Option: "ignore", Deadline: "2026-13-01", Cost: -1}, 2, 0)
	f = fields(err)
	if f["risk.treatment.option"].Key != risk.KeyEnum || f["risk.treatment.deadline"].Key != "err.date" ||
		f["risk.treatment.cost"].Key != risk.KeyCost || f["risk.residual_vulnerability"].Key != risk.KeyResidualPair ||
		f["risk.residual_vulnerability"].Clause != risk.ClauseResidual {
		t.Errorf("treatment problems: %+v", f)
	}
	rkExpectAudit(t, s, n, EventRiskTreatment, OutcomeFailure)

	// Settings: Settings.Validate's problems, as fields.
	bad := risk.DefaultSettings(risk.MethodMatrix)
	bad.LikelihoodMatrix[1][2] = 30
	bad.RiskLevels.Upper[2] = 1
	n = len(rkAudit(t, s))
	f = fields(s.SaveSettings(ctx, testOp, eng, bad))
	if f["settings.likelihood_matrix[2][3]"].Key != "risk.err.matrix_cell" || f["settings.risk_levels.upper[2]"].Key != "risk.err.ranges_order" {
		t.Errorf("settings problems: %+v", f)
	}
	rkExpectAudit(t, s, n, EventRiskSettings, OutcomeFailure)

	// A vulnerability that risks link cannot move to another asset.
	v := rkVuln(ids.assets[1], "弱口令", 4)
	v.ID = ids.vulns[0]
	f = fields(s.SaveVulnerability(ctx, testOp, eng, v))
	if f["vulnerability.asset_id"].Key != risk.KeyVulnHasRisks {
		t.Errorf("moving a linked vulnerability: %+v", f)
	}

	// A control linking a risk that is not the engagement's.
	f = fields(s.SaveControl(ctx, testOp, eng, &risk.Control{Name: "c", Status: risk.ControlExisting, Effectiveness: "effective", RiskIDs: []int64{ids.risks[0], 424242}}))
	if f["control.risk_ids[1]"].Key != risk.KeyReference {
		t.Errorf("control link: %+v", f)
	}

	// Records and engagements that do not exist.
	if err := s.SaveAsset(ctx, testOp, 9999, rkAsset("x", 1, 1, 1)); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown engagement: %v", err)
	}
	oa.Name = "改名"
	if err := s.SaveAsset(ctx, testOp, eng, oa); !errors.Is(err, ErrNotFound) {
		t.Errorf("another engagement's asset: %v", err)
	}
	if err := s.DeleteRisk(ctx, testOp, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown risk: %v", err)
	}
	if err := s.SaveTreatment(ctx, testOp, 9999, risk.Treatment{}, 0, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown risk: %v", err)
	}

	if after := snapshot(t, s); after != before {
		t.Errorf("failed actions changed the registers:\n%s\n---\n%s", before, after)
	}
	if v, err := s.VerifyAudit(ctx); err != nil || v.Break != nil {
		t.Fatal(v, err)
	}
}

func TestDeleteAssetCascades(t *testing.T) {
	s, eng := rkFixture(t)
	ids := rkSmall(t, s, eng)
	ct := &risk.Control{Name: "访问控制", Status: risk.ControlExisting, Effectiveness: "effective",
		RiskIDs: []int64{ids.risks[0], ids.risks[1], ids.risks[2]}}
	rkMust(t, s.SaveControl(ctx, testOp, eng, ct))

	n := len(rkAudit(t, s))
	rkMust(t, s.DeleteAsset(ctx, testOp, ids.assets[0]))
	r := rkExpectAudit(t, s, n, EventRiskAssetDelete, OutcomeSuccess)
	wantDetail := fmt.Sprintf("cascade: vulnerabilities=2 [%d %d]; risks=2 [%d %d]; control_links=2",
		ids.vulns[0], ids.vulns[1], ids.risks[0], ids.risks[1])
	if !strings.Contains(r.Detail, wantDetail) || !strings.Contains(r.Detail, "人口信息数据库") {
		t.Errorf("detail %q, want it to contain %q", r.Detail, wantDetail)
	}
	a, err := s.RiskAssessment(ctx, eng)
	rkMust(t, err)
	if len(a.Assets) != 1 || len(a.Vulns) != 1 || len(a.Risks) != 2 || len(a.Threats) != 2 {
		t.Fatalf("after cascade: %d assets, %d vulns, %d risks, %d threats", len(a.Assets), len(a.Vulns), len(a.Risks), len(a.Threats))
	}
	if a.Risks[0].ID != ids.risks[2] || len(a.Controls) != 1 || fmt.Sprint(a.Controls[0].RiskIDs) != fmt.Sprint([]int64{ids.risks[2]}) {
		t.Errorf("survivors: %+v / %+v", a.Risks, a.Controls)
	}

	// A threat takes its risks with it.
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteThreat(ctx, testOp, ids.threats[1]))
	r = rkExpectAudit(t, s, n, EventRiskThreatDelete, OutcomeSuccess)
	if !strings.Contains(r.Detail, fmt.Sprintf("risks=1 [%d]", ids.risks[3])) {
		t.Errorf("threat cascade: %s", r.Detail)
	}
	// A vulnerability too.
	n = len(rkAudit(t, s))
	rkMust(t, s.DeleteVulnerability(ctx, testOp, ids.vulns[2]))
	r = rkExpectAudit(t, s, n, EventRiskVulnDelete, OutcomeSuccess)
	if !strings.Contains(r.Detail, fmt.Sprintf("risks=1 [%d]; control_links=1", ids.risks[2])) {
		t.Errorf("vulnerability cascade: %s", r.Detail)
	}
	if c := count(t, s, "risks") + count(t, s, "control_risks") + count(t, s, "vulnerabilities"); c != 0 {
		t.Errorf("%d rows left", c)
	}
}
