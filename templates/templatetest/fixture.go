// Package templatetest builds the fixed engagement the document tests render:
// a test store with a fixed clock, one engagement with a small risk
// assessment (two risks, one treated with a residual risk and an effective
// control, a unit of the department, the benefit weighed, a leader's decision) and a screening (a vendor checklist, two service people, one
// without an NDA). Only tests import it.
package templatetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outsec/model"
	"outsec/model/risk"
	"outsec/model/screening"
	"outsec/store"
)

// Clock is the fixed time of the test store.
var Clock = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// Open opens a new store in a temporary folder with the fixed clock.
func Open(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "outsec.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return Clock }
	t.Cleanup(func() { st.Close() })
	return st
}

// Engagement creates the fixed engagement in st, its names in lang, and
// returns it.
func Engagement(t testing.TB, st *store.Store, lang string) model.Engagement {
	t.Helper()
	ctx := context.Background()
	op := store.SystemOperator("test")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	zh := lang != "en"
	pick := func(z, e string) string {
		if zh {
			return z
		}
		return e
	}
	e := model.SampleEngagement(lang)
	e.Sample = false
	must(st.CreateEngagement(ctx, op, &e, 0))

	a1 := risk.Asset{Name: pick("门户网站数据", "Portal data"), Type: "data", Owner: pick("信息技术处", "IT division"), C: 4, I: 4, A: 3}
	a2 := risk.Asset{Name: pick("内容管理系统", "Content management system"), Type: "software", C: 3, I: 4, A: 4,
		Notes: pick("含 | 竖线", "with a | pipe")}
	must(st.SaveAsset(ctx, op, e.ID, &a1))
	must(st.SaveAsset(ctx, op, e.ID, &a2))
	t1 := risk.Threat{Name: pick("网络攻击", "Network attack"), Source: risk.SourceHumanMalicious, Path: risk.PathIndirect,
		Method: pick("口令猜解", "password guessing"), Frequency: 3}
	t2 := risk.Threat{Name: pick("运维误操作", "Operator error"), Source: risk.SourceHumanNonMalicious, Path: risk.PathDirect, Frequency: 2}
	must(st.SaveThreat(ctx, op, e.ID, &t1))
	must(st.SaveThreat(ctx, op, e.ID, &t2))
	v1 := risk.Vulnerability{AssetID: a2.ID, Description: pick("管理后台使用弱口令", "Weak passwords on the admin console"),
		Category: "host", Severity: 4, Identified: "scan"}
	v2 := risk.Vulnerability{AssetID: a1.ID, Description: pick("备份未加密 <b>", "Backups not encrypted <b>"),
		Category: "data", Severity: 3, Identified: "document_review"}
	must(st.SaveVulnerability(ctx, op, e.ID, &v1))
	must(st.SaveVulnerability(ctx, op, e.ID, &v2))
	r1 := risk.Risk{AssetID: a2.ID, ThreatID: t1.ID, VulnID: v1.ID}
	r2 := risk.Risk{AssetID: a1.ID, ThreatID: t2.ID, VulnID: v2.ID}
	must(st.SaveRisk(ctx, op, e.ID, &r1))
	must(st.SaveRisk(ctx, op, e.ID, &r2))
	must(st.SaveTreatment(ctx, op, r1.ID, risk.Treatment{
		Option:  risk.TreatControl,
		Measure: pick("启用多因素认证 | 双人复核\n每季度复查", "Multi-factor login | four eyes\nreviewed quarterly"),
		Owner:   pick("李华", "Li Hua"), Deadline: "2026-04-30", Cost: 20000, Status: "planned",
	}, 2, 2))
	must(st.SaveTreatment(ctx, op, r2.ID, risk.Treatment{Option: risk.TreatKeep, Status: "done"}, 0, 0))
	c1 := risk.Control{Name: pick("多因素认证", "Multi-factor authentication"), Status: risk.ControlPlanned,
		Effectiveness: "effective", RiskIDs: []int64{r1.ID}}
	must(st.SaveControl(ctx, op, e.ID, &c1))
	must(st.SaveUnit(ctx, op, e.ID, &risk.Unit{Name: pick("办公室", "General office"), Role: risk.UnitInvolved,
		Effect:    pick("自行为外包人员开通后台账号 | 未经审批", "Grants the vendor's staff console accounts | unapproved"),
		Treatment: pick("账号统一由信息技术处审批", "Accounts only through the IT division"), Owner: pick("李华", "Li Hua")}))
	must(st.SaveConclusion(ctx, op, e.ID, risk.Conclusion{
		AcceptableLevel: 2, Leader: e.Leader, Date: "2026-03-01", Decision: risk.ProposeProceed,
		Remarks: pick("措施落实后复评。\n第二行", "Re-assess once the measures are in place.\nSecond line"),
		Benefit: 150000, BenefitBasis: risk.BenefitExpectedLoss,
	}))

	for i, it := range screening.VendorItems {
		res := screening.Met
		if it.ID == "b8" {
			res = screening.Unknown
		}
		ev := ""
		if i == 0 {
			ev = pick("营业执照 911100001234", "Business licence 911100001234")
		}
		must(st.SaveVendorAnswer(ctx, op, e.ID, screening.Answer{Item: it.ID, Result: res, Evidence: ev}))
	}
	p1 := screening.Person{Name: pick("张三", "Zhang San"), Role: pick("运维工程师", "Operations engineer"),
		IDType: screening.IDResident, IDNumber: "110101199001011234", StartDate: "2026-02-01", NDASigned: "2026-01-20"}
	p2 := screening.Person{Name: pick("李四", "Li Si"), Role: pick("开发工程师", "Developer"), Employer: pick("某分包公司", "A subcontractor")}
	must(st.CreatePerson(ctx, op, e.ID, &p1))
	must(st.CreatePerson(ctx, op, e.ID, &p2))
	for _, it := range screening.PersonItems {
		must(st.SavePersonAnswer(ctx, op, p1.ID, screening.Answer{Item: it.ID, Result: screening.Met}))
	}
	must(st.SavePersonAnswer(ctx, op, p2.ID, screening.Answer{Item: "c6", Result: screening.NotMet,
		Evidence: pick("未签订保密协议", "No NDA signed")}))
	return e
}
