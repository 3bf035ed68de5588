package risk

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/risk"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// riskRow is the screen line of the risks table that shows risk id.
func riskRow(h *tuitest.Harness, id int64) string {
	h.Tb.Helper()
	for _, l := range strings.Split(h.Screen(), "\n") {
		f := strings.Fields(strings.TrimLeft(l, ">! "))
		if len(f) > 0 && f[0] == fmt.Sprintf("#%d", id) {
			return l
		}
	}
	h.Tb.Fatalf("no row for #%d:\n%s", id, h.Screen())
	return ""
}

// wantScore is how the risks table shows a score: "likelihood/level".
func wantCell(v float64, level int) string { return fmt.Sprintf("%s/%d", riskNum(v), level) }

func TestRiskOpenFromDashboard(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	h := tuitest.NewHarness(t, f.st, i18n.ZH, 120, 36)
	h.MustShow("r 风险评估")
	h.Keys("r")
	h.MustShow("风险评估 · "+f.e.Code, "1 资产(0)", "尚无资产")
	h.CheckFrame(120, 36)
	h.Keys("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("esc did not return to the dashboard:\n%s", h.Screen())
	}
	// Opening again keeps the tab.
	h.Keys("r", "5")
	h.Keys("esc", "r")
	if riskOf(h).tab != riskTabRisks {
		t.Errorf("tab %d after reopening, want the risks tab", riskOf(h).tab)
	}
}

func TestRiskAddAssetThroughForm(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("a")
	h.MustShow("新增资产", "名称")
	h.Keys("enter")
	h.MustShow("名称：必须填写") // in-form validation: nothing typed
	h.TypeText("门户网站")
	h.Keys("enter")         // type: the first, data
	h.Keys("down", "enter") // software
	h.TypeText("信息中心")
	h.Keys("enter")
	// Confidentiality: each level with its definition (seed 002 §7.5).
	h.MustShow("保密性（C）", "5 很高 — 组织最重要的秘密", "1 很低 — 可对社会公开的信息")
	h.Keys("down", "down", "enter") // 3 → 5
	h.MustShow("完整性（I）", "未经授权的修改或破坏")
	h.Keys("enter") // 3
	h.MustShow("可用性（A）", "99.9%")
	h.Keys("up", "enter") // 2
	// The notes group shows the value the rule gives.
	h.MustShow("按当前规则，资产价值为 5（很高")
	h.Keys("enter")
	h.MustShow("已添加资产", "门户网站", "信息中心")

	a := f.assessment(t)
	if len(a.Assets) != 1 {
		t.Fatalf("%d assets stored", len(a.Assets))
	}
	x := a.Assets[0]
	if x.Name != "门户网站" || x.Type != "software" || x.Owner != "信息中心" || x.C != 5 || x.I != 3 || x.A != 2 {
		t.Errorf("stored %+v", x)
	}
	v, lv, _ := risk.DefaultSettings(risk.MethodMatrix).AssetValue(5, 3, 2)
	if v != 5 || lv != 5 {
		t.Fatalf("model: value %v level %d", v, lv)
	}
	row := riskRow(h, x.ID)
	for _, want := range []string{"软件", "5 3 2", " 5.0 很高"} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
}

// riskRowByName is the screen line that contains name.
func riskRowByName(h *tuitest.Harness, name string) string {
	h.Tb.Helper()
	for _, l := range strings.Split(h.Screen(), "\n") {
		if strings.Contains(l, name) {
			return l
		}
	}
	h.Tb.Fatalf("no row with %q:\n%s", name, h.Screen())
	return ""
}

var _ = context.Background
var _ = model.Date("")

// TestRiskBuildThroughForms adds an asset, a threat, a vulnerability and a
// risk through the forms, and checks the numbers the risks table shows
// against model/risk.
func TestRiskBuildThroughForms(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, false)
	h := f.open(t, i18n.ZH, 120, 36)
	// Asset: 业务数据库, data, C 5 I 4 A 3.
	h.Keys("a")
	h.TypeText("业务数据库")
	h.Keys("enter", "enter")
	h.Keys("enter")
	h.Keys("down", "down", "enter") // C 5
	h.Keys("down", "enter")         // I 4
	h.Keys("enter")                 // A 3
	h.Keys("enter")
	h.MustShow("已添加资产")

	// Threat: 黑客攻击, human malicious, indirect, frequency 4.
	h.Keys("2", "a")
	h.MustShow("新增威胁", "威胁来源", "人为因素（恶")
	h.TypeText("黑客攻击")
	h.Keys("enter", "enter", "enter")
	h.TypeText("网络攻击")
	h.Keys("enter")
	h.MustShow("出现频率", "5 很高 — 出现频率很高（每周 1 次或以上）")
	h.Keys("down", "enter") // 4
	h.Keys("enter")
	h.MustShow("已添加威胁", "黑客攻击", "人为因素（恶", "4 高")

	// Vulnerability of the asset, severity 4.
	h.Keys("3", "a")
	h.MustShow("新增脆弱性", "#1 业务数据库 (5 很高)")
	h.Keys("enter")
	h.TypeText("备份未加密")
	h.Keys("enter")
	h.Keys("down", "down", "down", "down", "enter") // data
	h.MustShow("严重程度", "被利用后造成重大损害")
	h.Keys("down", "enter") // 4
	h.MustShow("识别方式", "文档审核")
	h.Keys("down", "enter") // document review
	h.Keys("enter")
	h.MustShow("已添加脆弱性", "备份未加密", "数据", "4 高", "文档审核")

	// Risk: the only asset, threat and vulnerability.
	h.Keys("5", "a")
	h.MustShow("新增风险", "#1 业务数据库", "#1 黑客攻击 (4 高)", "#1 备份未加密 (4 高)")
	st := risk.DefaultSettings(risk.MethodMatrix)
	want, err := st.Score(4, 4, 5)
	if err != nil {
		t.Fatal(err)
	}
	// The form shows the score before it is saved.
	h.MustShow(fmt.Sprintf("风险值 %s（%s）", riskNum(want.Value), riskLabels{T: i18n.New(i18n.ZH).T}.level(want.Level)))
	h.Keys("enter", "enter", "enter") // the preview note is skipped
	h.MustShow("已建立风险 #1")
	a := f.assessment(t)
	if len(a.Risks) != 1 {
		t.Fatalf("%d risks stored", len(a.Risks))
	}
	got := a.Risks[0].Inherent
	if got != want {
		t.Errorf("stored score %+v, model %+v", got, want)
	}
	// Matrix method, T 4, V 4, A 5: likelihood 18 (level 4), loss 21
	// (level 5), risk matrix[4][5] = 23, level 4 (19–24).
	if want.Likelihood != 18 || want.LikelihoodLevel != 4 || want.Loss != 21 || want.LossLevel != 5 || want.Value != 23 || want.Level != 4 {
		t.Errorf("model score %+v differs from the tables", want)
	}
	row := riskRow(h, a.Risks[0].ID)
	for _, s := range []string{wantCell(want.Likelihood, want.LikelihoodLevel), wantCell(want.Loss, want.LossLevel), " 23 ", "高", "未处置"} {
		if !strings.Contains(row, s) {
			t.Errorf("risk row %q lacks %q", row, s)
		}
	}
	// The same triple again is refused in the form, naming the risk.
	h.Keys("a", "enter", "enter", "enter")
	h.MustShow("已作为风险 1 关联")
	h.Keys("esc")
	if n := len(f.assessment(t).Risks); n != 1 {
		t.Errorf("%d risks after a duplicate", n)
	}
}

// checkRisksMatchModel checks that every risk row on screen shows the scores
// the model computes from the stored ratings and settings.
func checkRisksMatchModel(t *testing.T, h *tuitest.Harness, a risk.Assessment) {
	t.Helper()
	a.Recompute()
	for _, r := range a.Risks {
		row := riskRow(h, r.ID)
		sc := r.Inherent
		for _, s := range []string{wantCell(sc.Likelihood, sc.LikelihoodLevel), wantCell(sc.Loss, sc.LossLevel), " " + riskNum(sc.Value) + " "} {
			if !strings.Contains(row, s) {
				t.Errorf("risk #%d row %q lacks %q (model %+v)", r.ID, row, s, sc)
			}
		}
	}
}

func TestRiskMatrixEditorRecomputesEveryRisk(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	before := f.assessment(t)
	h.Keys("5")
	checkRisksMatchModel(t, h, before)

	h.Keys("7")
	h.MustShow("可能性矩阵", "损失矩阵", "风险矩阵", "[2]")
	// To the risk matrix, row 3, column 4 (likelihood level 3, loss level 4).
	for i := 0; i < 13; i++ {
		h.Keys("right")
	}
	h.Keys("down", "down")
	h.MustShow("风险矩阵 第 3 行第 4 列", "[17]")
	h.TypeText("25")
	h.MustShow("25_")
	h.Keys("enter")
	// Risks 2 and 3 sit in that cell (T 4/V 3 and T 3/V 3 on an asset of
	// value 5): both move from 17 (medium, table A.5) to 25 (very high).
	h.MustShow("7 方法设置*", "按新设置有 2 个风险的等级改变", "[25]")
	h.Keys("w")
	h.MustShow("方法设置已保存，全部风险已重新计算")
	h.MustNotShow("7 方法设置*")

	after := f.assessment(t)
	if after.Settings.RiskMatrix[2][3] != 25 {
		t.Fatalf("stored risk matrix %v", after.Settings.RiskMatrix)
	}
	h.Keys("shift+tab", "shift+tab")
	checkRisksMatchModel(t, h, after)
	for i, r := range after.Risks {
		b := before.Risks[i].Inherent
		changed := r.Inherent != b
		if (i == 1 || i == 2) != changed {
			t.Errorf("risk #%d: %+v → %+v", r.ID, b, r.Inherent)
		}
	}
	if !strings.Contains(riskRow(h, after.Risks[1].ID), " 25 很高") {
		t.Errorf("risk 2 does not show 25 very high:\n%s", h.Screen())
	}

	// A value outside 1–25 is named and not saved.
	h.Keys("tab", "tab")
	h.TypeText("99")
	h.Keys("enter")
	h.MustShow("矩阵取值 99 不在 1–25 之间", "不能保存")
	h.Keys("w")
	h.MustShow("设置有 1 个问题，不能保存")
	h.Keys("u")
	h.MustShow("已撤销未保存的修改")
	// The standard's values come back with R: saved at once, every risk
	// rescored, one audit record.
	n := len(auditOf(t, f))
	h.Keys("R")
	h.MustShow("已重置为标准值（GB/T 20984—2007 表 A.1–A.6）并重新计算全部风险", "[17]")
	if got := f.assessment(t).Settings; got != risk.DefaultSettings(risk.MethodMatrix) {
		t.Errorf("settings after reset: %+v", got)
	}
	if log := auditOf(t, f); len(log) != n+1 || log[0].Event != store.EventRiskSettingsReset {
		t.Errorf("reset audit: %d new, %+v", len(log)-n, log[0])
	}
}

func TestRiskMethodFormRecomputes(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("7", "e")
	h.MustShow("计算方法", "矩阵法（GB/T 20984—2007 附录 A.2） — 查表")
	h.Keys("down", "enter") // multiplication
	h.Keys("enter")         // highest of C, I, A
	h.MustShow("取整规则")
	h.Keys("down", "enter") // half up
	h.MustShow("方法设置已保存")
	h.MustShow("矩阵只用于矩阵法", "相乘法 · 建议")
	a := f.assessment(t)
	if a.Settings.Method != risk.MethodMultiplication || a.Settings.Rounding != risk.RoundHalfUp {
		t.Fatalf("settings %+v", a.Settings)
	}
	_, _, wantRisk := risk.DefaultRanges(risk.MethodMultiplication)
	if a.Settings.RiskLevels != wantRisk {
		t.Errorf("risk ranges %v, want the multiplication method's %v", a.Settings.RiskLevels, wantRisk)
	}
	h.Keys("shift+tab", "shift+tab")
	checkRisksMatchModel(t, h, a)
}

func TestRiskHeatMap(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	a := f.assessment(t)
	a.Recompute()
	var want [5][5]int
	for _, r := range a.Risks {
		want[r.Inherent.LikelihoodLevel-1][r.Inherent.LossLevel-1]++
	}
	if riskOf(h).data.heat[0] != want {
		t.Fatalf("heat counts %v, model %v", riskOf(h).data.heat[0], want)
	}
	h.Keys("6")
	h.MustShow("固有风险热力图：4 / 4 个风险", "[中 ·]")
	// Likelihood 3 × loss 4 holds risks 2 and 3; the matrix method gives
	// the cell RiskMatrix[3][4] = 16, medium.
	h.Keys("right")
	lv := riskCellLevel(a.Settings, 3, 4)
	if lv != 3 {
		t.Fatalf("cell level %d", lv)
	}
	h.MustShow("[中 2]", "可能性 3（中）× 损失 4（高）：风险等级 中，2 个风险")
	h.Keys("enter")
	if riskOf(h).tab != riskTabRisks {
		t.Fatal("enter did not list the cell's risks")
	}
	h.MustShow("显示 2 / 共 4 条", "热力图单元格：可能性 3 × 损失 4")
	riskRow(h, a.Risks[1].ID)
	riskRow(h, a.Risks[2].ID)
	h.MustNotShow("#1 ", "#4 ")
	h.Keys("esc")
	h.MustShow("显示 4 / 共 4 条")
	// No residual scores yet.
	h.Keys("6", "space")
	h.MustShow("剩余风险热力图：0 / 4 个风险")
}

func TestRiskTreatmentAndResidual(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	ctx := context.Background()
	if err := f.st.SaveConclusion(ctx, f.op, f.e.ID, risk.Conclusion{AcceptableLevel: 2}); err != nil {
		t.Fatal(err)
	}
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("5")
	h.MustShow("可接受等级：2 低，超出 3 条（!）")
	a := f.assessment(t)
	r1 := a.Risks[0]
	if !strings.HasPrefix(riskRow(h, r1.ID), ">!") {
		t.Errorf("risk 1 (level %d) is not marked: %q", r1.Inherent.Level, riskRow(h, r1.ID))
	}
	if strings.Contains(riskRow(h, a.Risks[3].ID), "!") {
		t.Error("an acceptable risk is marked")
	}
	h.Keys("t")
	h.MustShow("处置与剩余风险", "超出可接受等级 2 低", "控制 — 现有控制措施不足")
	h.Keys("enter") // not decided: refused
	h.MustShow("须选择保持以外的处置方式")
	h.Keys("down", "enter") // keep: refused too
	h.MustShow("须选择保持以外的处置方式")
	h.Keys("down", "enter") // control
	h.TypeText("启用双因素认证")
	h.Keys("enter")
	h.TypeText("信息中心")
	h.Keys("enter")
	h.TypeText("2026/6/30")
	h.Keys("enter")
	h.TypeText("abc")
	h.Keys("enter")
	h.MustShow("成本估算（元）：须为不小于 0 的数")
	h.Keys("backspace", "backspace", "backspace")
	h.TypeText("20000")
	h.Keys("enter")
	h.Keys("down", "enter") // planned
	h.MustShow("处置后的威胁频率")
	h.Keys("down", "down", "enter") // threat frequency 2
	h.Keys("enter")                 // severity not assessed: refused
	h.MustShow("须同时评估")
	h.Keys("down", "down", "enter") // severity 2
	h.MustShow("已记录风险 #1 的处置")

	a = f.assessment(t)
	r1 = a.Risks[0]
	tr := r1.Treatment
	if tr.Option != risk.TreatControl || tr.Measure != "启用双因素认证" || tr.Owner != "信息中心" ||
		tr.Deadline != "2026-06-30" || tr.Cost != 20000 || tr.Status != "planned" || r1.ResidualThreat != 2 || r1.ResidualVuln != 2 {
		t.Fatalf("stored %+v", r1)
	}
	st := a.Settings
	assetLevel := 4 // 门户网站: C 4, I 3, A 3, highest
	want, _ := st.Score(2, 2, assetLevel)
	if r1.Residual == nil || *r1.Residual != want {
		t.Fatalf("residual %+v, model %+v", r1.Residual, want)
	}
	row := riskRow(h, r1.ID)
	wantRes := riskNum(want.Value) + " " + riskLabels{T: i18n.New(i18n.ZH).T}.level(want.Level)
	for _, s := range []string{" 20 高", wantRes, "控制", "计划中"} {
		if !strings.Contains(row, s) {
			t.Errorf("row %q lacks %q", row, s)
		}
	}
	// Inherent and residual side by side: the residual follows the level.
	if i, j := strings.Index(row, " 20 高"), strings.Index(row, wantRes); i < 0 || j < i {
		t.Errorf("residual not beside the inherent risk: %q", row)
	}
	// The detail view says it all.
	h.Keys("i")
	h.MustShow("风险 #1", "固有风险:可能性 18（高）· 损失 19（高）· 风险值 20（高）", "剩余风险:", "处置后的赋值:威胁频率 2，脆弱性严重程度 2",
		"启用双因素认证", "2026-06-30", "成本估算（元）:20000", "超出可接受等级 2 低")
	h.Keys("esc")
	h.MustShow("显示 4 / 共 4 条")
}

func TestRiskConclusion(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("8")
	h.MustShow("工具的建议", "不能执行服务外包 (依据 GB/T 32926—2016 5.1.2 b) 3))",
		"理由（1 条）", "主管领导尚未确定可接受的风险等级 (依据 GB/T 32926—2016 5.1.2 a))", "[进行中]")
	h.Keys("e")
	h.MustShow("可接受的风险等级", "2 低 及以下可接受", "可接受等级为 2 低 时：不能执行服务外包（理由 4 条）")
	h.Keys("down", "down") // 4 高
	h.MustShow("可接受等级为 4 高 时：支持开展服务外包（理由 1 条）")
	h.Keys("enter")
	// 5.1.2 b): the figure the cost is weighed against; nothing is above level 4.
	h.MustShow("预期损失或预算（元）", "目前合计 0", "成本效益比较依据")
	h.Keys("enter", "enter")
	h.MustShow("主管领导", f.e.Leader)
	h.Keys("enter")
	h.MustShow("2026-03-02") // the store's clock
	h.Keys("enter")
	// The decision follows the proposal for the level chosen above: proceed.
	h.MustShow("> 支持开展服务外包")
	h.Keys("enter")
	h.TypeText("经评估,风险可接受")
	h.Keys("enter")
	h.MustShow("评估结论已记录", "支持开展服务外包", "可接受的风险等级:4 高", "全部风险均在可接受等级 4 以内", "[已完成]")
	c := f.assessment(t).Conclusion
	if c.AcceptableLevel != 4 || c.Leader != f.e.Leader || c.Date != "2026-03-02" || c.Decision != risk.ProposeProceed || c.Remarks != "经评估,风险可接受" {
		t.Fatalf("stored %+v", c)
	}
	// The dashboard's lifecycle panel shows the step done.
	h.Keys("esc")
	if h.At() != ui.KindDashboard {
		t.Fatal("esc did not leave")
	}
	h.MustShow("[已完成] 服务外包信息安全风险评估")

	// A decision more permissive than the proposal is refused in the form.
	h.Keys("r", "8", "e")
	h.Keys("up", "up", "enter") // level 2: must not proceed
	h.Keys("enter", "enter")    // benefit, basis
	h.Keys("enter", "enter")
	h.Keys("enter") // decision: still "proceed"
	h.MustShow("不能作更宽松的决定")
	h.Keys("esc")
	h.MustShow("未作任何改动")
}

func TestRiskDeleteNamesCascade(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("down", "d") // 业务数据库
	h.MustShow("删除资产“业务数据库”?", "将一并删除它的 1 个脆弱性和 2 个风险")
	h.Keys("esc")
	h.MustShow("未作任何改动")
	if n := len(f.assessment(t).Risks); n != 4 {
		t.Fatalf("%d risks after cancelling", n)
	}
	h.Keys("d", "y")
	h.MustShow("已删除", "1 资产(2)", "3 脆弱性(2)", "5 风险(2)")
	a := f.assessment(t)
	if len(a.Assets) != 2 || len(a.Vulns) != 2 || len(a.Risks) != 2 {
		t.Fatalf("after delete: %d assets, %d vulns, %d risks", len(a.Assets), len(a.Vulns), len(a.Risks))
	}
	h.Keys("2", "d")
	h.MustShow("删除威胁“黑客攻击”?", "将一并删除关联它的 1 个风险")
}

func TestRiskFilterSortDetail(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("5", "/")
	h.TypeText("备份")
	riskRow(h, 2)
	h.MustNotShow("#1 ")
	h.Keys("enter")
	h.MustShow("显示 2 / 共 4 条", "筛选：备份")
	h.Keys("esc")
	h.MustShow("显示 4 / 共 4 条")
	h.Keys("s")
	h.MustShow("按风险值（高在前）排序")
	// Highest first: risk 1 (20) is first.
	lines := strings.Split(h.Screen(), "\n")
	if !strings.Contains(lines[4], "#1 ") {
		t.Errorf("first row %q", lines[4])
	}
	h.Keys("1", "i")
	h.MustShow("资产 #1 门户网站", "保密性（C）:4 高", "组织的重要秘密，泄露会严重损害", "资产价值:4.0（高），按取 C、I、A 中最高值")
	h.Keys("esc", "2", "i")
	h.MustShow("威胁 #1 黑客攻击", "出现频率较高")
}

func TestRiskScreensFit(t *testing.T) {
	for _, lang := range i18n.Langs {
		for _, sz := range [][2]int{{80, 24}, {120, 36}, {100, 30}} {
			f := newRiskFixture(t, lang, true)
			h := f.open(t, lang, sz[0], sz[1])
			for i := 0; i < int(riskTabCount); i++ {
				h.CheckFrame(sz[0], sz[1])
				if i < 5 {
					h.Keys("i")
					h.CheckFrame(sz[0], sz[1])
					if riskOf(h).mode == riskModeDetail {
						h.Keys("esc")
					}
					h.Keys("a")
					h.CheckFrame(sz[0], sz[1])
					h.Keys("esc")
				}
				h.Keys("tab")
			}
			h.Keys("?")
			h.CheckFrame(sz[0], sz[1])
			h.MustShow(i18n.New(lang).T("tui.risk.helpscreen.settings"))
		}
	}
}

func TestRiskWeightedRuleAndLeaveWithPendingSettings(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("7", "e")
	h.Keys("enter")         // matrix method
	h.Keys("down", "enter") // weighted
	h.MustShow("保密性权重")
	h.Keys("backspace")
	h.TypeText("2")
	h.Keys("enter", "enter", "enter")
	h.MustShow("方法设置已保存", "权重 C:I:A = 2:1:1")
	a := f.assessment(t)
	if a.Settings.AssetRule != risk.AssetWeighted || a.Settings.Weights != [3]float64{2, 1, 1} {
		t.Fatalf("settings %+v", a.Settings)
	}
	// 门户网站 C 4, I 3, A 3: (2·4 + 3 + 3) / 4 = 3.5, level 3.
	if x := a.Assets[0]; x.Value != 3.5 || x.Level != 3 {
		t.Errorf("asset value %v level %d", x.Value, x.Level)
	}
	h.Keys("shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab", "shift+tab")
	if !strings.Contains(riskRow(h, a.Assets[0].ID), "3.5 中") {
		t.Errorf("assets tab:\n%s", h.Screen())
	}
	// Pending edits: leaving asks, and yes discards them.
	h.Keys("tab", "tab", "tab", "tab", "tab", "tab")
	h.TypeText("7")
	h.Keys("enter", "esc")
	h.MustShow("放弃未保存的方法设置?")
	h.Keys("n")
	h.MustShow("7 方法设置*")
	h.Keys("esc", "y")
	if h.At() != ui.KindDashboard {
		t.Fatalf("did not leave:\n%s", h.Screen())
	}
	if f.assessment(t).Settings != a.Settings {
		t.Error("the discarded edit was saved")
	}
	h.Keys("r")
	h.MustNotShow("7 方法设置*")
}

func TestRiskControlLinksRisks(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	h := f.open(t, i18n.ZH, 120, 36)
	h.Keys("4", "a")
	h.TypeText("Web 应用防火墙")
	h.Keys("enter", "enter") // description empty
	h.Keys("down", "enter")  // planned
	h.Keys("down", "enter")  // partly effective
	h.MustShow("关联的风险", "#1 门户网站 / 黑客攻击 / 管理后台使用弱口令 (高)")
	h.Keys("space", "down", "space", "enter")
	h.MustShow("已添加控制措施", "Web 应用防火墙", "计划", "部分有效")
	c := f.assessment(t).Controls
	if len(c) != 1 || len(c[0].RiskIDs) != 2 || c[0].Status != risk.ControlPlanned {
		t.Fatalf("stored %+v", c)
	}
	h.Keys("5", "i")
	h.MustShow("关联的控制措施:1", "Web 应用防火墙(计划,部分有效)")
	h.Keys("esc", "4", "d")
	h.MustShow("它与 2 个风险的关联将被解除，风险本身保留")
}

func TestRiskEnglish(t *testing.T) {
	f := newRiskFixture(t, i18n.EN, true)
	h := f.open(t, i18n.EN, 120, 36)
	h.MustShow("Risk assessment", "1 Assets(3)", "Portal website", "4.0 high")
	h.Keys("a", "X", "enter", "enter", "enter")
	h.MustShow("Confidentiality (C)", "5 very high — ")
	h.Keys("esc", "8")
	h.MustShow("The tool's proposal", "the outsourcing must not proceed", "the leader has not")
}

// TestRiskPageKeptPerEngagement: the risk page of each engagement keeps its
// tab when the user goes to another engagement's and back (the navigator
// keeps pages by kind and engagement).
func TestRiskPageKeptPerEngagement(t *testing.T) {
	f := newRiskFixture(t, i18n.ZH, true)
	// A second engagement, listed first (newest change first).
	tuitest.BlankSample(t, f.st, f.op, "zh-CN")
	h := tuitest.NewHarness(t, f.st, i18n.ZH, 120, 36)
	h.Press("r")
	first := riskOf(h)
	if h.At() != ui.KindRisk || first == nil {
		t.Fatalf("r did not open the risk assessment:\n%s", h.Screen())
	}
	h.Press("3") // the vulnerabilities
	if first.tab != riskTabVulns {
		t.Fatalf("tab %d after 3", first.tab)
	}
	h.Press("esc", "down", "r")
	second := riskOf(h)
	if second == first || second.eng.ID == first.eng.ID {
		t.Fatal("the second engagement shows the first one's page")
	}
	if second.tab != riskTabAssets {
		t.Fatalf("a new page opened on tab %d", second.tab)
	}
	h.Press("esc", "up", "r")
	if riskOf(h) != first || first.tab != riskTabVulns {
		t.Fatalf("coming back to the first engagement: tab %d, same page %v", riskOf(h).tab, riskOf(h) == first)
	}
	h.MustShow(first.eng.Code)
}
