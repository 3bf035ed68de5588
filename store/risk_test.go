package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/casefile"
	"outsec/model/risk"
)

// rkFixture is a fresh database with one engagement.
func rkFixture(t *testing.T) (*Store, int64) {
	t.Helper()
	s, _ := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	return s, e.ID
}

func rkAudit(t *testing.T, s *Store) []AuditRecord {
	t.Helper()
	log, err := s.AuditLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return log
}

// rkExpectAudit checks that exactly one record was added since before, with
// the event and outcome, and returns it.
func rkExpectAudit(t *testing.T, s *Store, before int, event, outcome string) AuditRecord {
	t.Helper()
	log := rkAudit(t, s)
	if len(log) != before+1 {
		t.Fatalf("%s: %d audit records added, want 1: %+v", event, len(log)-before, log[:len(log)-before])
	}
	if r := log[0]; r.Event != event || r.Outcome != outcome {
		t.Fatalf("audit record %s/%s, want %s/%s (%s)", r.Event, r.Outcome, event, outcome, r.Detail)
	}
	return log[0]
}

func rkMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func rkAsset(name string, c, i, a int) *risk.Asset {
	return &risk.Asset{Name: name, Type: "data", C: c, I: i, A: a}
}

func rkThreat(name string, f int) *risk.Threat {
	return &risk.Threat{Name: name, Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: f}
}

func rkVuln(asset int64, desc string, sev int) *risk.Vulnerability {
	return &risk.Vulnerability{AssetID: asset, Description: desc, Category: "application", Severity: sev, Identified: "scan"}
}

// rkCheckScores checks every stored value of the assessment against model/risk
// computed from scratch with settings st.
func rkCheckScores(t *testing.T, a risk.Assessment, st risk.Settings) {
	t.Helper()
	level := map[int64]int{}
	for _, x := range a.Assets {
		v, l, err := st.AssetValue(x.C, x.I, x.A)
		if err != nil || x.Value != v || x.Level != l {
			t.Errorf("asset %d: stored %g/%d, model %g/%d (%v)", x.ID, x.Value, x.Level, v, l, err)
		}
		level[x.ID] = l
	}
	freq, sev := map[int64]int{}, map[int64]int{}
	for _, x := range a.Threats {
		freq[x.ID] = x.Frequency
	}
	for _, x := range a.Vulns {
		sev[x.ID] = x.Severity
	}
	for _, r := range a.Risks {
		want, err := st.Score(freq[r.ThreatID], sev[r.VulnID], level[r.AssetID])
		if err != nil || r.Inherent != want {
			t.Errorf("risk %d: stored %+v, model %+v (%v)", r.ID, r.Inherent, want, err)
		}
		if r.ResidualThreat != 0 {
			want, _ := st.Score(r.ResidualThreat, r.ResidualVuln, level[r.AssetID])
			if r.Residual == nil || *r.Residual != want {
				t.Errorf("risk %d: residual %+v, model %+v", r.ID, r.Residual, want)
			}
		} else if r.Residual != nil {
			t.Errorf("risk %d: residual %+v without residual ratings", r.ID, r.Residual)
		}
	}
}

// rkSmall builds a small assessment: two assets, two threats, three
// vulnerabilities, four risks.
type rkIDs struct {
	assets, threats, vulns, risks []int64
}

func rkSmall(t *testing.T, s *Store, eng int64) rkIDs {
	t.Helper()
	var ids rkIDs
	for _, a := range []*risk.Asset{rkAsset("人口信息数据库", 5, 4, 3), rkAsset("门户网站", 2, 3, 4)} {
		rkMust(t, s.SaveAsset(ctx, testOp, eng, a))
		ids.assets = append(ids.assets, a.ID)
	}
	for _, th := range []*risk.Threat{rkThreat("外部攻击", 4), rkThreat("运维人员误操作", 2)} {
		rkMust(t, s.SaveThreat(ctx, testOp, eng, th))
		ids.threats = append(ids.threats, th.ID)
	}
	for _, v := range []*risk.Vulnerability{rkVuln(ids.assets[0], "弱口令", 4), rkVuln(ids.assets[0], "未加密传输", 3), rkVuln(ids.assets[1], "未及时打补丁", 5)} {
		rkMust(t, s.SaveVulnerability(ctx, testOp, eng, v))
		ids.vulns = append(ids.vulns, v.ID)
	}
	for _, tr := range [][3]int64{
		{ids.assets[0], ids.threats[0], ids.vulns[0]},
		{ids.assets[0], ids.threats[1], ids.vulns[1]},
		{ids.assets[1], ids.threats[0], ids.vulns[2]},
		{ids.assets[1], ids.threats[1], ids.vulns[2]},
	} {
		r := &risk.Risk{AssetID: tr[0], ThreatID: tr[1], VulnID: tr[2]}
		rkMust(t, s.SaveRisk(ctx, testOp, eng, r))
		ids.risks = append(ids.risks, r.ID)
	}
	return ids
}

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

// The record and its audit record are one transaction: when the audit record
// cannot be written, the record is not either; the failure is recorded.
func TestRiskChangeAndAuditAreOneTransaction(t *testing.T) {
	s, eng := rkFixture(t)
	ids := rkSmall(t, s, eng)
	// The connection is the store's only one, so a temporary trigger holds for
	// its statements.
	_, err := s.db.Exec(`CREATE TEMP TRIGGER no_success BEFORE INSERT ON audit_log
		WHEN NEW.outcome = 'success' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`)
	rkMust(t, err)
	before := snapshot(t, s)
	n := len(rkAudit(t, s))
	if err := s.SaveAsset(ctx, testOp, eng, rkAsset("新资产", 1, 1, 1)); err == nil {
		t.Fatal("saved without its audit record")
	}
	rkExpectAudit(t, s, n, EventRiskAssetCreate, OutcomeFailure)
	// Settings: the rescoring of every risk is rolled back with it.
	n = len(rkAudit(t, s))
	if err := s.SaveSettings(ctx, testOp, eng, risk.DefaultSettings(risk.MethodProduct)); err == nil {
		t.Fatal("settings saved without their audit record")
	}
	rkExpectAudit(t, s, n, EventRiskSettings, OutcomeFailure)
	n = len(rkAudit(t, s))
	if err := s.DeleteAsset(ctx, testOp, ids.assets[0]); err == nil {
		t.Fatal("deleted without its audit record")
	}
	rkExpectAudit(t, s, n, EventRiskAssetDelete, OutcomeFailure)
	if after := snapshot(t, s); after != before {
		t.Errorf("a failed action changed the registers:\n%s\n---\n%s", before, after)
	}
}

// snapshot is every register row with its cached scores, as text.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT engagement_id, settings, acceptable_level, decision FROM risk_assessments ORDER BY 1`,
		`SELECT id, name, c, i, a, value, level FROM assets ORDER BY id`,
		`SELECT id, name, frequency FROM threats ORDER BY id`,
		`SELECT id, asset_id, severity FROM vulnerabilities ORDER BY id`,
		`SELECT id, name FROM controls ORDER BY id`,
		`SELECT control_id, risk_id FROM control_risks ORDER BY 1, 2`,
		`SELECT id, asset_id, threat_id, vuln_id, treatment, residual_threat, residual_vuln, likelihood, likelihood_level,
			loss, loss_level, value, level, residual_json FROM risks ORDER BY id`,
	} {
		rows, err := s.db.Query(q)
		rkMust(t, err)
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rkMust(t, rows.Scan(ptrs...))
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
	}
	return b.String()
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

// Every combination of ratings: five assets (value levels 1–5), five threats
// (frequency 1–5), five vulnerabilities of each asset (severity 1–5), and a
// risk for every asset, threat and vulnerability of the asset: 125 risks.
func rkFull(t *testing.T, s *Store, eng int64) {
	t.Helper()
	var threats []int64
	for f := 1; f <= 5; f++ {
		th := rkThreat(fmt.Sprintf("威胁%d", f), f)
		rkMust(t, s.SaveThreat(ctx, testOp, eng, th))
		threats = append(threats, th.ID)
	}
	for c := 1; c <= 5; c++ {
		as := rkAsset(fmt.Sprintf("资产%d", c), c, 1, 1)
		rkMust(t, s.SaveAsset(ctx, testOp, eng, as))
		for sev := 1; sev <= 5; sev++ {
			v := rkVuln(as.ID, fmt.Sprintf("资产%d 脆弱性%d", c, sev), sev)
			rkMust(t, s.SaveVulnerability(ctx, testOp, eng, v))
			for _, th := range threats {
				r := &risk.Risk{AssetID: as.ID, ThreatID: th, VulnID: v.ID}
				if sev == 5 {
					r.ResidualThreat, r.ResidualVuln = 1, 2
					r.Treatment.Option = risk.TreatControl
				}
				rkMust(t, s.SaveRisk(ctx, testOp, eng, r))
			}
		}
	}
}

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
	// 16–20); risk matrix [2][4] is 11, level 2 (7–12).
	for _, r := range a.Risks {
		if r.ThreatID == a.Threats[1].ID && r.AssetID == a.Assets[4].ID {
			var sev int
			for _, v := range a.Vulns {
				if v.ID == r.VulnID {
					sev = v.Severity
				}
			}
			if sev == 3 && (r.Inherent != risk.Score{Likelihood: 10, LikelihoodLevel: 2, Loss: 16, LossLevel: 4, Value: 11, Level: 2}) {
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
	// Controlled with a residual risk within the level: proceed is allowed.
	for _, r := range a.Risks {
		if !c.Acceptable(r.Inherent.Level) {
			rkMust(t, s.SaveTreatment(ctx, testOp, r.ID, risk.Treatment{Option: risk.TreatControl, Measure: "加固"}, 1, 1))
		}
	}
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
	rkMust(t, s.SaveConclusion(ctx, testOp, engs[7], risk.Conclusion{AcceptableLevel: 2, Leader: "王明", Date: "2026-04-01", Decision: risk.ProposeProceed}))
	rkMust(t, s.SaveControl(ctx, testOp, engs[8], &risk.Control{Name: "c", Status: risk.ControlExisting, Effectiveness: "effective"}))

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

// rkCase builds an assessment that uses everything a case file carries, with
// database ids that are not 1, 2, 3 (records were deleted).
func rkCase(t *testing.T, s *Store, op Operator, eng int64) {
	t.Helper()
	tmp := rkAsset("临时", 1, 1, 1)
	rkMust(t, s.SaveAsset(ctx, op, eng, tmp))
	ids := rkSmall(t, s, eng)
	rkMust(t, s.DeleteAsset(ctx, op, tmp.ID))
	extra := rkAsset("备份系统", 3, 2, 5)
	extra.Owner, extra.Notes, extra.Type = "运维科", "异地备份\n第二行", "hardware"
	rkMust(t, s.SaveAsset(ctx, op, eng, extra))
	st := risk.DefaultSettings(risk.MethodMultiplication)
	st.Rounding, st.AssetRule, st.Weights = risk.RoundNone, risk.AssetWeighted, [3]float64{2, 1, 1.5}
	rkMust(t, s.SaveSettings(ctx, op, eng, st))
	rkMust(t, s.SaveTreatment(ctx, op, ids.risks[0], risk.Treatment{Option: risk.TreatControl, Measure: "启用双因素认证",
		Owner: "李华", Deadline: "2026-06-30", Cost: 12345.5, Status: "in_progress"}, 2, 1))
	rkMust(t, s.SaveTreatment(ctx, op, ids.risks[2], risk.Treatment{Option: risk.TreatAccept}, 0, 0))
	rkMust(t, s.SaveControl(ctx, op, eng, &risk.Control{Name: "防火墙", Description: "边界防护", Status: risk.ControlExisting,
		Effectiveness: "partly_effective", RiskIDs: []int64{ids.risks[3], ids.risks[0]}}))
	rkMust(t, s.SaveControl(ctx, op, eng, &risk.Control{Name: "安全培训", Status: risk.ControlPlanned, Effectiveness: "not_assessed"}))
	rkMust(t, s.SaveConclusion(ctx, op, eng, risk.Conclusion{AcceptableLevel: 3, Leader: "王明 副局长", Date: "2026-04-01",
		Decision: risk.ProposeStop, Remarks: "待补充处置措施"}))
}

// riskSection is the "risk_assessment" of a case file, as written.
func riskSection(t *testing.T, file []byte) string {
	t.Helper()
	var top map[string]json.RawMessage
	rkMust(t, json.Unmarshal(file, &top))
	return string(top["risk_assessment"])
}

func TestCaseRoundTripCarriesTheRiskAssessment(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 15, 0, time.UTC))
	engagement(t, a, opA)
	e := engagement(t, a, opA)
	rkCase(t, a, opA, e.ID)
	first := export(t, a, opA, e.ID)
	sec := riskSection(t, first)
	if sec == "" || !strings.Contains(sec, `"method": "multiplication"`) || !strings.Contains(sec, `"residual": {`) {
		t.Fatalf("risk section:\n%s", sec)
	}
	// File-local ids: every register from 1.
	c, err := casefile.Decode(first)
	rkMust(t, err)
	ra := c.RiskAssessment
	if ra.Assets[0].ID != 1 || ra.Assets[2].ID != 3 || ra.Vulns[0].AssetID != 1 || ra.Risks[3].ID != 4 ||
		fmt.Sprint(ra.Controls[0].RiskIDs) != "[1 4]" {
		t.Errorf("file ids: assets %+v, controls %+v", ra.Assets, ra.Controls)
	}
	// An engagement without an assessment has no section.
	if plain := export(t, a, opA, 1); riskSection(t, plain) != "" {
		t.Error("empty assessment exported")
	}

	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	res, err := b.ImportCase(ctx, opB, first, ImportOptions{})
	rkMust(t, err)
	log, _ := b.AuditLog(ctx, 1)
	if !strings.Contains(log[0].Detail, "risk_assessment: method=multiplication assets=3 threats=2 vulnerabilities=3 controls=2 (links=2) risks=4") {
		t.Errorf("import detail: %s", log[0].Detail)
	}
	got, err := b.RiskAssessment(ctx, res.Engagement.ID)
	rkMust(t, err)
	rkCheckScores(t, got, got.Settings)
	second := export(t, b, opB, res.Engagement.ID)
	if s2 := riskSection(t, second); s2 != sec {
		t.Fatalf("risk sections differ:\n%s\n---\n%s", sec, s2)
	}

	// Replace brings the file's assessment in place of the one here.
	rkMust(t, b.SaveAsset(ctx, opB, res.Engagement.ID, rkAsset("本地新增", 2, 2, 2)))
	_, err = b.ImportCase(ctx, opB, first, ImportOptions{OnConflict: ConflictReplace})
	rkMust(t, err)
	if third := export(t, b, opB, res.Engagement.ID); riskSection(t, third) != sec {
		t.Error("replace did not restore the file's assessment")
	}
	log, _ = b.AuditLog(ctx, 2) // the import, then the export
	if log[1].Event != EventEngagementImport || !strings.Contains(log[1].Detail, "risk_assessment replaced: assets=4") {
		t.Errorf("replace record: %+v", log[1])
	}
	// Keep both: the copy has its own records.
	res2, err := b.ImportCase(ctx, opB, first, ImportOptions{OnConflict: ConflictKeepBoth})
	rkMust(t, err)
	if copyOf := export(t, b, opB, res2.Engagement.ID); riskSection(t, copyOf) != sec {
		t.Error("copy differs")
	}
	if count(t, b, "risks") != 8 {
		t.Errorf("%d risks after keep-both", count(t, b, "risks"))
	}
}

func TestCaseImportRefusesTamperedScores(t *testing.T) {
	a, opA := caseStore(t, time.Date(2026, 3, 1, 8, 30, 15, 0, time.UTC))
	e := engagement(t, a, opA)
	rkCase(t, a, opA, e.ID)
	file := export(t, a, opA, e.ID)

	tamper := func(edit func(ra map[string]any)) []byte {
		var top map[string]any
		rkMust(t, json.Unmarshal(file, &top))
		edit(top["risk_assessment"].(map[string]any))
		out, err := json.MarshalIndent(top, "", "  ")
		rkMust(t, err)
		return out
	}
	item := func(ra map[string]any, list string, i int) map[string]any {
		return ra[list].([]any)[i].(map[string]any)
	}
	cases := []struct {
		name  string
		edit  func(ra map[string]any)
		paths []string
		key   string
	}{
		{"risk level", func(ra map[string]any) {
			inh := item(ra, "risks", 1)["inherent"].(map[string]any)
			inh["level"] = inh["level"].(float64) + 1
		}, []string{"$.risk_assessment.risks[1].inherent.level"}, casefile.KeyScoreMismatch},
		{"a rating raised, its scores left", func(ra map[string]any) {
			item(ra, "assets", 0)["c"] = 1.0
			item(ra, "assets", 0)["i"] = 1.0
			item(ra, "assets", 0)["a"] = 1.0
		}, []string{"$.risk_assessment.assets[0].value", "$.risk_assessment.assets[0].level"}, casefile.KeyScoreMismatch},
		{"the method changed, the scores left", func(ra map[string]any) {
			ra["settings"].(map[string]any)["rounding"] = "up"
		}, []string{"$.risk_assessment.risks[1].inherent.likelihood", "$.risk_assessment.risks[1].inherent.level"}, casefile.KeyScoreMismatch},
		{"a residual score removed", func(ra map[string]any) {
			delete(item(ra, "risks", 0), "residual")
		}, []string{"$.risk_assessment.risks[0].residual"}, casefile.KeyResidualMissing},
		{"a dangling reference", func(ra map[string]any) {
			item(ra, "risks", 3)["threat_id"] = 99.0
		}, []string{"$.risk_assessment.risks[3].threat_id"}, risk.KeyReference},
		{"a vulnerability of another asset", func(ra map[string]any) {
			item(ra, "risks", 0)["asset_id"] = 2.0
		}, []string{"$.risk_assessment.risks[0].vulnerability_id"}, risk.KeyVulnOtherAsset},
		{"a matrix row too short", func(ra map[string]any) {
			m := ra["settings"].(map[string]any)["risk_matrix"].([]any)
			m[2] = m[2].([]any)[:4]
		}, []string{"$.risk_assessment.settings.risk_matrix[2]"}, casefile.KeyArrayLength},
		{"level bounds out of order", func(ra map[string]any) {
			ra["settings"].(map[string]any)["risk_levels"].(map[string]any)["upper"].([]any)[2] = 1.0
		}, []string{"$.risk_assessment.settings.risk_levels.upper[2]"}, "risk.err.ranges_order"},
		{"a duplicate risk", func(ra map[string]any) {
			item(ra, "risks", 1)["threat_id"] = item(ra, "risks", 0)["threat_id"]
			item(ra, "risks", 1)["vulnerability_id"] = item(ra, "risks", 0)["vulnerability_id"]
		}, []string{"$.risk_assessment.risks[1]"}, risk.KeyDuplicateRisk},
	}
	before := countRows(t, a)
	risksBefore := count(t, a, "risks")
	b, opB := caseStore(t, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range cases {
		data := tamper(c.edit)
		for _, st := range []*Store{a, b} {
			op := opA
			if st == b {
				op = opB
			}
			_, err := st.ImportCase(ctx, op, data, ImportOptions{OnConflict: ConflictReplace})
			ps := casefile.Problems(err)
			if ps == nil {
				t.Fatalf("%s: imported (%v)", c.name, err)
			}
			found := map[string]casefile.Problem{}
			for _, p := range ps {
				found[p.Path] = p
			}
			for _, p := range c.paths {
				if found[p].Key != c.key {
					t.Errorf("%s: no %s at %s: %v", c.name, c.key, p, ps)
				}
			}
		}
	}
	// Nothing written here (the file's own database, replace) or there (a
	// fresh one), but the failures.
	if after := countRows(t, a); !onlyFailures(t, a, before, after, len(cases)) || count(t, a, "risks") != risksBefore {
		t.Errorf("the refused files changed the database: %+v → %+v", before, after)
	}
	if count(t, b, "engagements")+count(t, b, "risks")+count(t, b, "assets")+count(t, b, "risk_assessments") != 0 {
		t.Error("a refused file was written")
	}
	// The message names the path and says why, in both languages.
	_, err := b.ImportCase(ctx, opB, tamper(cases[0].edit), ImportOptions{})
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range casefile.Problems(err) {
			if txt := p.Text(cat.T); strings.Contains(txt, "⟦") || strings.Contains(txt, "%!") {
				t.Errorf("%s: %s", l, txt)
			}
		}
	}
}

func TestImportRegisters(t *testing.T) {
	s, eng := rkFixture(t)
	existing := rkAsset("已有资产", 2, 2, 2)
	rkMust(t, s.SaveAsset(ctx, testOp, eng, existing))

	assets := []risk.Asset{
		{ID: -1, Name: "数据库", Type: "data", C: 5, I: 4, A: 3},
		{Name: "网站", Type: "service", C: 2, I: 3, A: 4},
		{ID: -7, Name: "机房", Type: "facility", C: 1, I: 1, A: 5},
	}
	threats := []risk.Threat{*rkThreat("攻击", 4), *rkThreat("断电", 2)}
	vulns := []risk.Vulnerability{*rkVuln(-1, "弱口令", 4), *rkVuln(-7, "单路供电", 3), *rkVuln(existing.ID, "未备份", 2)}

	// Any invalid record: nothing written, one failure record, each problem
	// by register and index.
	bad := append([]risk.Asset(nil), assets...)
	bad[1].C = 9
	badV := append([]risk.Vulnerability(nil), vulns...)
	badV[1].AssetID = -3
	before := snapshot(t, s)
	n := len(rkAudit(t, s))
	err := s.ImportRegisters(ctx, testOp, eng, bad, threats, badV)
	var berr BatchError
	if !errors.As(err, &berr) || len(berr) != 2 || berr[0].Register != "assets" || berr[0].Index != 1 ||
		berr[0].Errs[0].Field != "asset.c" || berr[1].Register != "vulnerabilities" || berr[1].Index != 1 {
		t.Fatalf("batch error: %v", err)
	}
	rkExpectAudit(t, s, n, EventRiskImport, OutcomeFailure)
	// An existing asset of another engagement is refused inside the
	// transaction.
	other := validEngagement()
	rkMust(t, s.CreateEngagement(ctx, testOp, other, 0))
	oa := rkAsset("他人", 1, 1, 1)
	rkMust(t, s.SaveAsset(ctx, testOp, other.ID, oa))
	before = snapshot(t, s)
	badV = append([]risk.Vulnerability(nil), vulns...)
	badV[2].AssetID = oa.ID
	if err := s.ImportRegisters(ctx, testOp, eng, append([]risk.Asset(nil), assets...), threats, badV); !errors.As(err, &berr) || berr[0].Index != 2 {
		t.Fatalf("foreign asset: %v", err)
	}
	if snapshot(t, s) != before {
		t.Fatal("a refused import wrote")
	}

	n = len(rkAudit(t, s))
	rkMust(t, s.ImportRegisters(ctx, testOp, eng, assets, threats, vulns))
	r := rkExpectAudit(t, s, n, EventRiskImport, OutcomeSuccess)
	if !strings.Contains(r.Detail, "assets=3 threats=2 vulnerabilities=3") {
		t.Errorf("import detail: %s", r.Detail)
	}
	if assets[0].ID <= 0 || assets[1].ID <= 0 || vulns[0].AssetID != assets[0].ID || vulns[1].AssetID != assets[2].ID ||
		vulns[2].AssetID != existing.ID || assets[0].Level != 5 || threats[1].ID <= 0 {
		t.Errorf("ids: %+v %+v", assets, vulns)
	}
	a, _ := s.RiskAssessment(ctx, eng)
	if len(a.Assets) != 4 || len(a.Vulns) != 3 || len(a.Threats) != 2 {
		t.Errorf("registers: %d %d %d", len(a.Assets), len(a.Vulns), len(a.Threats))
	}
	rkCheckScores(t, a, a.Settings)
}

// Every key the risk store can show exists in both catalogs.
func TestRiskStoreCatalogKeys(t *testing.T) {
	var keys []string
	for _, e := range RiskEvents {
		keys = append(keys, "event."+e)
	}
	for _, o := range RiskObjects {
		keys = append(keys, "object."+o)
	}
	var errs model.ValidationError
	errs = append(errs, (&risk.Asset{Type: "x", C: 0, I: 6, A: 9, Name: strings.Repeat("长", 300), Owner: "\x00", Notes: "\x00"}).Validate()...)
	errs = append(errs, (&risk.Asset{Owner: "\x00"}).Validate()...)
	errs = append(errs, (&risk.Threat{Source: "x", Path: "y", Method: "\x00", Notes: "\x00"}).Validate()...)
	errs = append(errs, (&risk.Threat{}).Validate()...)
	errs = append(errs, (&risk.Vulnerability{Category: "x", Identified: "y", Notes: "\x00"}).Validate()...)
	errs = append(errs, (&risk.Control{Status: "x", Effectiveness: "y", Description: "\x00", RiskIDs: []int64{-1}}).Validate()...)
	errs = append(errs, (&risk.Risk{Treatment: risk.Treatment{Option: "x", Status: "y", Deadline: "z", Cost: -1,
		Measure: "\x00", Owner: "\x00"}, ResidualThreat: 9, ResidualVuln: 0}).Validate()...)
	errs = append(errs, (&risk.Risk{ResidualThreat: 2}).Validate()...)
	errs = append(errs, (&risk.Conclusion{AcceptableLevel: 9, Date: "x", Decision: "maybe", Leader: "\x00", Remarks: "\x00"}).Validate()...)
	errs = append(errs, (&risk.Conclusion{Decision: risk.ProposeProceed}).Validate()...)
	bad := risk.Settings{AssetRule: risk.AssetWeighted, Weights: [3]float64{-1, 0, 0}, Method: risk.MethodMatrix}
	errs = append(errs, risk.ValidateSettings(bad)...)
	bad.Method = risk.MethodMultiplication
	errs = append(errs, risk.ValidateSettings(bad)...)
	seen := map[string]bool{}
	for _, f := range errs {
		keys = append(keys, f.Key, f.LabelKey())
		seen[f.Field] = true
	}
	for _, f := range []string{"asset.name", "asset.type", "asset.c", "threat.frequency", "vulnerability.asset_id",
		"control.risk_ids[0]", "risk.treatment.cost", "risk.residual_threat", "conclusion.decision", "settings.weights"} {
		if !seen[f] {
			t.Errorf("no problem reported for %s", f)
		}
	}
	keys = append(keys, risk.KeyDuplicateRisk, risk.KeyVulnOtherAsset, risk.KeyVulnHasRisks, risk.KeyDecisionOverStop,
		risk.KeyDecisionOverReconsider, casefile.KeyArrayLength, casefile.KeyRiskID, casefile.KeyRiskDuplicateID,
		casefile.KeyScoreMismatch, casefile.KeyResidualMissing, casefile.KeyResidualExtra, casefile.KeyScoreMore)
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for _, l := range i18n.Langs {
		c := i18n.New(l)
		for _, k := range keys {
			if !c.Has(k) {
				t.Errorf("%s: missing key %q", l, k)
			}
		}
	}
	// The store's own messages take the arguments the code gives them.
	en := i18n.New(i18n.EN)
	for key, n := range map[string]int{risk.KeyDuplicateRisk: 1, risk.KeyVulnOtherAsset: 3, risk.KeyVulnHasRisks: 1,
		risk.KeyDecisionOverStop: 0, risk.KeyDecisionOverReconsider: 0, casefile.KeyScoreMismatch: 2, casefile.KeyArrayLength: 2} {
		if got := len(verbs.FindAllString(en.T(key), -1)); got != n {
			t.Errorf("%s: %d verbs, the code gives %d arguments", key, got, n)
		}
	}
}

// The context of a command that is cancelled is honoured, not turned into an
// internal error.
func TestRiskAssessmentCancelled(t *testing.T) {
	s, eng := rkFixture(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.RiskAssessment(c, eng); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
