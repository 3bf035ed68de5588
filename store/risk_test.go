package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

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
	// 5.1.1 b): one unit of the department, treated.
	rkMust(t, s.SaveUnit(ctx, testOp, eng, &risk.Unit{Name: "业务处", Role: risk.UnitInvolved,
		Effect: "自行为外包人员开通系统账号", Treatment: "账号统一由信息技术处审批开通", Owner: "赵磊"}))
	return ids
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
