package risk

import (
	"context"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// riskFixture is a small assessment written through the store: three assets,
// two threats, three vulnerabilities and four risks, as an official would
// record them.
type riskFixture struct {
	st      *store.Store
	op      store.Operator
	e       model.Engagement
	assets  []risk.Asset
	threats []risk.Threat
	vulns   []risk.Vulnerability
	risks   []risk.Risk
}

// newRiskFixture opens a store with the sample engagement; with seed, the
// assessment's registers are filled.
func newRiskFixture(tb testing.TB, lang i18n.Lang, seed bool) *riskFixture {
	tb.Helper()
	ctx := context.Background()
	st, op := tuitest.WithOperator(tb)
	e := tuitest.BlankSample(tb, st, op, string(lang))
	f := &riskFixture{st: st, op: op, e: e}
	if !seed {
		return f
	}
	zh := lang == i18n.ZH
	name := func(z, en string) string {
		if zh {
			return z
		}
		return en
	}
	f.assets = []risk.Asset{
		{Name: name("门户网站", "Portal website"), Type: "software", Owner: name("信息中心", "IT centre"), C: 4, I: 3, A: 3},
		{Name: name("业务数据库", "Case database"), Type: "data", Owner: name("业务处", "Casework unit"), C: 5, I: 5, A: 4},
		{Name: name("运维终端", "Maintenance terminal"), Type: "hardware", C: 2, I: 2, A: 3},
	}
	for i := range f.assets {
		if err := st.SaveAsset(ctx, op, e.ID, &f.assets[i]); err != nil {
			tb.Fatal(err)
		}
	}
	f.threats = []risk.Threat{
		{Name: name("黑客攻击", "Hacking"), Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Method: name("网络攻击", "network attack"), Frequency: 4},
		{Name: name("运维误操作", "Operator error"), Source: risk.SourceHumanNonMalicious, Path: risk.PathDirect, Frequency: 3},
	}
	for i := range f.threats {
		if err := st.SaveThreat(ctx, op, e.ID, &f.threats[i]); err != nil {
			tb.Fatal(err)
		}
	}
	f.vulns = []risk.Vulnerability{
		{AssetID: f.assets[0].ID, Description: name("管理后台使用弱口令", "Weak admin password"), Category: "application", Severity: 4, Identified: "scan"},
		{AssetID: f.assets[1].ID, Description: name("备份未加密", "Unencrypted backups"), Category: "data", Severity: 3, Identified: "document_review"},
		{AssetID: f.assets[2].ID, Description: name("未及时安装补丁", "Missing patches"), Category: "host", Severity: 2, Identified: "verification"},
	}
	for i := range f.vulns {
		if err := st.SaveVulnerability(ctx, op, e.ID, &f.vulns[i]); err != nil {
			tb.Fatal(err)
		}
	}
	f.risks = []risk.Risk{
		{AssetID: f.assets[0].ID, ThreatID: f.threats[0].ID, VulnID: f.vulns[0].ID},
		{AssetID: f.assets[1].ID, ThreatID: f.threats[0].ID, VulnID: f.vulns[1].ID},
		{AssetID: f.assets[1].ID, ThreatID: f.threats[1].ID, VulnID: f.vulns[1].ID},
		{AssetID: f.assets[2].ID, ThreatID: f.threats[1].ID, VulnID: f.vulns[2].ID},
	}
	for i := range f.risks {
		if err := st.SaveRisk(ctx, op, e.ID, &f.risks[i]); err != nil {
			tb.Fatal(err)
		}
	}
	// 5.1.1 b): a unit of the department, treated.
	if err := st.SaveUnit(ctx, op, e.ID, &risk.Unit{Name: name("业务处", "Casework unit"), Role: risk.UnitInvolved,
		Effect:    name("自行为外包人员开通账号", "Opens accounts for the vendor's staff on its own"),
		Treatment: name("账号统一由信息中心开通", "Accounts only through the IT centre")}); err != nil {
		tb.Fatal(err)
	}
	return f
}

// open starts the workbench and opens the assessment with r.
func (f *riskFixture) open(tb testing.TB, lang i18n.Lang, w, h int) *tuitest.Harness {
	tb.Helper()
	hs := tuitest.NewHarness(tb, f.st, lang, w, h)
	hs.Press("r")
	if hs.At() != ui.KindRisk || riskOf(hs) == nil || riskOf(hs).data == nil {
		tb.Fatalf("the risk assessment did not open:\n%s", hs.Screen())
	}
	return hs
}

// assessment is the assessment as the store has it now.
func (f *riskFixture) assessment(tb testing.TB) risk.Assessment {
	tb.Helper()
	a, err := f.st.RiskAssessment(context.Background(), f.e.ID)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func riskOf(h *tuitest.Harness) *riskScreen {
	p, _ := h.PageOf(ui.KindRisk).(*riskScreen)
	return p
}

// auditOf is the audit trail of the fixture's store, newest first.
func auditOf(tb testing.TB, f *riskFixture) []store.AuditRecord {
	tb.Helper()
	log, err := f.st.AuditLog(context.Background(), 0)
	if err != nil {
		tb.Fatal(err)
	}
	return log
}
