package risk

import (
	"context"
	"testing"

	"outsec/i18n"
	"outsec/model/risk"
	"outsec/tui/tuitest"
)

// The sample engagement, driven through the workbench: the asset of C=4,
// I=4, A=1 under the log rule shows 3.5 / level 3; the conclusion shows the
// proposal "proceed" with its reasons and clause; recording a benefit below
// the treatment cost turns it to "reconsider" (5.1.2 b) 2)), shown on the
// conclusion tab.
func TestSampleAssessmentOnScreen(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("r")
	h.MustShow("1 资产(8)", "5 风险(15)", "运维文档和配置基线")
	if row := riskRow(h, 4); row == "" || !containsAll(row, "4 4 1", "3.5", "中") {
		t.Fatalf("asset 4 row %q\n%s", row, h.Screen())
	}
	h.Keys("8")
	h.MustShow("支持开展服务外包 (依据 GB/T 32926—2016 5.1.2 b) 1))", "不超过记录的预期损失或预算 600000.00 元")

	// The benefit recorded below the cost: reconsider, with its reason.
	a, err := st.RiskAssessment(context.Background(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := a.Conclusion
	c.Benefit, c.Decision = a.CostBenefit().Cost-1, risk.ProposeReconsider
	if err := st.SaveConclusion(context.Background(), op, e.ID, c); err != nil {
		t.Fatal(err)
	}
	h = tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("r")
	h.Keys("8")
	h.MustShow("重新考虑服务外包", "(依据 GB/T 32926—2016 5.1.2 b) 2))", "超过记录的预期损失或预算")
}

// An assessment whose stored risk matrix is the old transposed default: the
// method tab says so, citing A.5; R resets it to the standard (one audited
// transaction) and the notice goes.
func TestLegacyMatrixNoticeAndReset(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	st := risk.DefaultSettings(risk.MethodMatrix)
	st.RiskMatrix = risk.LegacyRiskMatrix
	if err := f.st.SaveSettings(context.Background(), f.op, f.e.ID, st); err != nil {
		t.Fatal(err)
	}
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("7")
	h.MustShow("旧版的默认值", "表 A.5 的转置")
	h.Keys("R")
	h.MustShow("已重置为标准值")
	h.MustNotShow("旧版的默认值")
	if got := f.assessment(t).Settings; got.IsLegacyRiskMatrix() {
		t.Fatal("still legacy")
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !contains(s, p) {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// Tab 9, the register of 5.1.1 b): a unit added through the form without a
// treatment is flagged and keeps the proposal "must not proceed"; its
// treatment recorded, the reason goes. Each save is audited.
func TestUnitsRegisterThroughTheForm(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("9")
	h.MustShow("9 部门机构(1)", "业务处")
	n := len(auditOf(t, f))
	h.Keys("a")
	h.MustShow("新增部门内部机构")
	h.TypeText("财务处")
	h.Keys("enter", "enter") // role: other unit involved
	h.TypeText("未设安全管理员")
	h.Keys("tab")
	h.Keys("tab") // no treatment yet
	h.Keys("enter")
	h.MustShow("已添加部门内部机构", "9 部门机构(2)", "! 尚无处置措施")
	if log := auditOf(t, f); len(log) != n+1 || log[0].Event != "risk.unit.create" {
		t.Fatalf("audit: %+v", log[0])
	}
	a := f.assessment(t)
	if len(a.Units) != 2 || a.Units[1].Name != "财务处" || a.Units[1].Effect != "未设安全管理员" {
		t.Fatalf("units %+v", a.Units)
	}
	if _, rs := a.Propose(); !hasUnitReason(rs) {
		t.Fatalf("untreated unit not a reason: %+v", rs)
	}
	h.Keys("8")
	h.MustShow("尚无处置措施")
}

func hasUnitReason(rs []risk.Reason) bool {
	for _, r := range rs {
		if r.Key == "risk.reason.unit_untreated" {
			return true
		}
	}
	return false
}
