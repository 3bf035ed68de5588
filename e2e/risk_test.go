//go:build unix

package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// keysPaced presses tmux keys one at a time, as a person would.
func (s *session) keysPaced(keys ...string) {
	s.t.Helper()
	s.press(keys...)
}

// The scripted run: on the real binary, build a small assessment through
// the screens — three assets, two threats, three vulnerabilities, four risks, a
// treatment with a residual score — reach the conclusion, and see the result on
// the dashboard.
func TestRiskAssessmentThroughTheScreens(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	blankSample(t, db) // the sample's record alone: this run fills the workflow itself
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")
	s.press("r")
	s.waitFor("尚无资产")

	// Assets (tab 1). The C/I/A choices start at 3.
	asset := func(name string, typeDowns int, c, i, a []string) {
		t.Helper()
		s.press("a")
		s.waitFor("新增资产")
		s.field(name)
		for k := 0; k < typeDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		s.field("信息技术处")
		s.press(append(c, "Enter")...)
		s.press(append(i, "Enter")...)
		s.press(append(a, "Enter")...)
		s.field("") // notes: Enter saves
		s.waitFor("已添加资产")
	}
	asset("政务数据", 0, []string{"Down", "Down"}, []string{"Down"}, nil)    // 5 4 3 → value 5
	asset("门户网站", 1, []string{"Up"}, []string{"Down"}, []string{"Down"}) // 2 4 4 → 4
	asset("运维人员", 4, nil, []string{"Up"}, []string{"Up"})                // 3 2 2 → 3
	scr := s.waitFor("资产(3)")
	if !strings.Contains(scr, "政务数据") || !strings.Contains(scr, "运维人员") {
		t.Fatalf("assets:\n%s", scr)
	}

	// Threats (tab 2).
	s.press("2")
	threat := func(name string, sourceDowns int, direct bool, freq []string) {
		t.Helper()
		s.press("a")
		s.waitFor("新增威胁")
		s.field(name)
		for k := 0; k < sourceDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		if direct {
			s.press("Up")
		}
		s.press("Enter")
		s.field("")
		s.press(append(freq, "Enter")...)
		s.field("")
		s.waitFor("已添加威胁")
	}
	threat("越权访问", 0, false, nil)            // frequency 3
	threat("误操作", 1, true, []string{"Down"}) // frequency 4
	s.waitFor("威胁(2)")

	// Vulnerabilities (tab 3), each of one asset. The form starts at the asset
	// selected on its tab: select the first.
	s.press("1", "Home", "3")
	vuln := func(assetDowns int, desc string, catDowns int, sev []string, identDowns int) {
		t.Helper()
		s.press("a")
		s.waitFor("新增脆弱性")
		for k := 0; k < assetDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		s.field(desc)
		for k := 0; k < catDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		s.press(append(sev, "Enter")...)
		for k := 0; k < identDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		s.field("")
		s.waitFor("已添加脆弱性")
	}
	vuln(0, "数据库未加密", 4, []string{"Down"}, 3) // severity 4, verification
	vuln(1, "弱口令", 3, nil, 4)                 // severity 3, scan
	vuln(2, "未签保密协议", 6, []string{"Up"}, 0)   // severity 2, interview
	s.waitFor("脆弱性(3)")

	// Risks (tab 5): asset, threat, one of that asset's vulnerabilities. The
	// form starts at the asset and the threat selected on their tabs.
	s.press("2", "Home", "5")
	risk := func(assetDowns, threatDowns int) {
		t.Helper()
		s.press("a")
		s.waitFor("新增风险")
		for k := 0; k < assetDowns; k++ {
			s.press("Down")
		}
		s.press("Enter")
		for k := 0; k < threatDowns; k++ {
			s.press("Down")
		}
		s.press("Enter", "Enter")
		s.waitFor("已建立风险")
	}
	risk(0, 0) // 政务数据 × 越权访问: L 16/3, F 21/5, risk (A.5) 21 高
	risk(1, 0) // 门户网站 × 越权访问: L 12/3, F 14/3, risk 13 中
	risk(1, 1) // 门户网站 × 误操作: L 14/3, F 14/3, risk 13 中
	risk(2, 1) // 运维人员 × 误操作: L 11/2, F 7/2, risk 8 低
	scr = s.waitFor("风险(4)")
	for _, want := range []string{"16/3 21/5     21 高", "12/3 14/3     13 中", "14/3 14/3     13 中", "11/2  7/2      8 低"} {
		if !strings.Contains(scr, want) {
			t.Errorf("risks lack %q:\n%s", want, scr)
		}
	}

	// Treat the high risk (first row) and re-rate it: threat 2, severity 2 →
	// likelihood 6/2, loss 10/2, residual 8 低.
	s.press("Home", "t")
	s.waitFor("处置与剩余风险")
	s.press("Down", "Down", "Enter") // 控制
	s.field("数据库加密,运维账号最小授权")
	s.field("信息技术处")
	s.field("2026-06-30")
	s.field("50000")
	s.press("Down", "Enter")         // 计划中
	s.press("Down", "Down", "Enter") // residual threat 2
	s.press("Down", "Down", "Enter") // residual severity 2
	scr = s.waitFor("8 低     控制")
	if !strings.Contains(scr, "21 高   8 低") {
		t.Errorf("residual not beside the inherent risk:\n%s", scr)
	}

	// The control the treatment relies on, rated effective (5.1.1 c), 5.1.2 b) 1)),
	// linked to the high risk (the first in the list).
	s.press("4", "a")
	s.waitFor("新增控制措施")
	s.field("数据库加密")
	s.press("Tab")            // description
	s.press("Enter")          // existing
	s.press("Enter")          // effective
	s.press("Space", "Enter") // the first risk
	s.waitFor("已添加控制措施")

	// A unit of the department and its treatment (tab 9, 5.1.1 b)).
	s.press("9", "a")
	s.waitFor("新增部门内部机构")
	s.field("业务处")
	s.press("Enter") // other unit involved
	s.typeText("自行为外包人员开通账号")
	s.press("Tab")
	s.typeText("账号统一由信息技术处审批")
	s.press("Tab")
	s.field("") // owner: Enter saves
	s.waitFor("已添加部门内部机构")

	// Conclusion (tab 8): acceptable level 3, the expected loss, the leader's decision.
	s.press("8")
	s.waitFor("主管领导尚未确定可接受的风险等级")
	s.press("e")
	s.waitFor("可接受的风险等级")
	s.press("Down", "Enter") // 3 中
	s.field("100000")        // the expected loss the cost (50000) is weighed against
	s.press("Enter")         // basis: expected loss
	s.press("Enter")         // leader: the engagement's, prefilled
	s.press("Enter")         // date: today
	s.press("Enter")         // decision: the proposal
	s.field("")
	scr = s.waitFor("决定:支持开展服务外包")
	if !strings.Contains(scr, "[已完成]") {
		t.Fatalf("conclusion:\n%s", scr)
	}

	// Back on the dashboard, the lifecycle shows the result.
	s.press("Escape")
	scr = s.waitFor("[已完成] 服务外包信息安全风险评估")
	if strings.Contains(scr, "不得执行") {
		t.Fatalf("dashboard still says must not proceed:\n%s", scr)
	}
	s.press("q")
	s.exited()

	// The audit trail has every step, and verifies.
	out, err := exec.Command(binary(t), "--db", db, "audit", "verify").CombinedOutput()
	if err != nil {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
}
