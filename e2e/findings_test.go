//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A finding from open to verified closed on the real binary: recorded by one
// operator, moved to "rectification reported", refused closing (no evidence,
// the reporter), the vendor's report added as evidence, and closed by a
// second operator profile; the dashboard's column and the lifecycle follow.
func TestFindingOpenToVerifiedClosed(t *testing.T) {
	needTmux(t)
	db := filepath.Join(t.TempDir(), "outsec.db")
	blankSample(t, db)
	report := filepath.Join(t.TempDir(), "整改报告.pdf")
	if err := os.WriteFile(report, []byte("%PDF-1.4 rectification report"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := start(t, 100, 30, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")

	s.press("F")
	s.waitFor("尚未登记问题")
	s.press("n")
	s.waitFor("登记问题")
	s.field("运维终端未启用登录失败锁定")
	s.field("A.4 b)")
	s.field("") // severity: medium
	s.field("启用登录失败锁定策略")
	s.field("") // owner: the vendor
	s.field("2026-12-31")
	s.waitFor("已登记问题 #1")

	// Open → in rectification → rectification reported.
	s.press("m")
	s.waitFor("变更问题 #1 的状态")
	s.press("Down", "Enter")
	s.field("")
	s.waitFor("问题 #1 已转为“整改中”")
	s.press("m")
	s.waitFor("变更问题 #1 的状态")
	s.press("Enter")
	s.field("收到整改报告")
	s.waitFor("问题 #1 已转为“已报整改结果”")

	// Closing without evidence, by the reporter: refused, citing 8.1.
	s.press("v")
	s.waitFor("验证并关闭问题 #1")
	s.field("")
	s.field("")
	scr := s.waitFor("须由其他操作员验证")
	if !strings.Contains(scr, "关闭问题须有证据") || !strings.Contains(scr, "8.1 b)") {
		t.Fatalf("refusal:\n%s", scr)
	}
	s.press("Escape")

	// The vendor's report as evidence.
	s.press("a")
	s.waitFor("为问题 #1 添加证据")
	s.field(report)
	s.field("")
	s.field("")
	s.waitFor("已为问题 #1 添加证据")
	s.waitFor("整改报告.pdf")

	// A second operator profile verifies and closes it.
	s.press("o")
	s.waitFor("操作员")
	s.press("a")
	s.field("李验证")
	s.field("科长")
	s.field("信息技术处")
	s.waitFor("李验证")
	s.press("v")
	s.waitFor("验证人：李验证")
	s.field("")
	s.field("现场复核锁定策略已生效")
	scr = s.waitFor("问题 #1 已验证关闭")
	if !strings.Contains(scr, "已由 李验证") {
		t.Fatalf("closed:\n%s", scr)
	}
	s.press("Escape")
	s.press("Tab", "End")
	s.waitFor("[已完成] 服务改进")
	s.press("q")
	s.exited()

	// The evidence file is kept by its digest, and doctor finds it intact.
	out, err := exec.Command(binary(t), "--db", db, "--lang", "en", "doctor").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "1 evidence items intact") {
		t.Fatalf("doctor: %v\n%s", err, out)
	}
}
