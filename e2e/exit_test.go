//go:build unix

package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/contract"
	"outsec/model/exit"
	"outsec/model/screening"
	"outsec/store"
)

// The service exit on the real binary: a person with an open badge; in the
// workbench the exit is started (X, n), a folder added with its progress,
// every item handed back with evidence; the checklist ticked and the badge
// revoked; the report acknowledged in the record form, the exit complete
// and the engagement done on the dashboard; the four documents exported as
// signed PDFs that verify.
func TestExitThroughTheWorkbench(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	bin := binary(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	e := model.SampleEngagement("zh-CN")
	e.CloudWebsite = false
	sys := store.SystemOperator("e2e")
	if err := st.CreateEngagement(context.Background(), sys, &e, 0); err != nil {
		t.Fatal(err)
	}
	p := screening.Person{Name: "周强", StartDate: "2026-01-05"}
	badge := screening.Access{Account: "机房门禁卡", Kind: screening.AccessPhysical, Granted: "2026-01-06"}
	sg := contract.SampleSigning("zh-CN")
	if err := st.RecordContractSigning(context.Background(), sys, e.ID, sg); err != nil {
		t.Fatal(err)
	}
	if err := st.CreatePerson(context.Background(), sys, e.ID, &p); err != nil {
		t.Fatal(err)
	}
	if err := st.GrantAccess(context.Background(), sys, p.ID, &badge); err != nil {
		t.Fatal(err)
	}
	st.Close()
	dir := t.TempDir()
	for i := 0; i < 5; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("数据%d.csv", i)), []byte(strings.Repeat("行\n", 100*(i+1))), 0o644)
	}

	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")
	s.press("X")
	s.waitFor("尚未开始服务退出")
	s.press("n")
	s.waitFor("开始服务退出")
	s.press("Enter", "Enter", "Enter") // expiry; no finding; no reason
	s.field("2026-11-01")
	s.press("Enter", "Enter", "Enter") // the end prefilled; successor: the department; no name
	s.waitFor("服务退出已开始")
	s.press("2", "f")
	s.waitFor("把文件夹加入移交清单")
	s.field(dir)
	s.press("Enter", "Enter")
	s.waitFor("已添加 5 个条目")
	s.press("*", "h")
	s.waitFor("记录 5 个条目已移交")
	s.press("Enter")
	s.field("交接单 JJ-1")
	s.field("李验证")
	s.waitFor("已记录 5 个条目")
	s.press("3")
	scr := s.waitFor("周强 (机房门禁卡) 的访问权限尚未全部撤销")
	if !strings.Contains(scr, "退出报告尚未经领导确认") {
		t.Fatalf("report tab:\n%s", scr)
	}
	s.press("q")
	s.exited()

	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--db", db, "--lang", "zh"}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	for _, d := range exit.Checklist(false) {
		run("", "exit", "tick", "2026-001", d.ID, "--evidence", "退出协调会纪要")
	}
	st, err = store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RevokeAccess(context.Background(), sys, badge.ID, "2026-12-01"); err != nil {
		t.Fatal(err)
	}
	st.Close()

	s = start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("2026-001")
	s.press("X", "3")
	s.waitFor("退出报告尚未经领导确认")
	s.press("e")
	s.waitFor("服务退出记录")
	s.press("Enter", "Enter", "Enter", "Enter", "Enter")          // the plan
	s.press("Enter", "Enter", "Enter", "Enter", "Enter", "Enter") // destruction: none
	s.press("Enter", "Enter")
	s.field("王明")
	s.field("2026-12-31")
	s.waitFor("服务退出已完成")
	s.press("Escape")
	scr = s.waitFor("已保存服务退出记录")
	if row := rowOf(scr, "> 2026-001"); !strings.Contains(row, "已完成") {
		t.Fatalf("the engagement is not done:\n%s", scr)
	}
	s.press("q")
	s.exited()

	pass := "e2e passphrase 2026\n"
	run(pass, "keys", "new")
	out := filepath.Join(t.TempDir(), "out")
	for _, k := range []string{"exit-checklist", "handover-list", "destruction", "exit-report"} {
		o := run(pass, "export", "2026-001", "--doc", k, "--format", "pdf", "-o", out, "--sign")
		if !strings.Contains(o, "已签名") {
			t.Fatalf("%s: %s", k, o)
		}
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.pdf"))
	if len(files) != 4 {
		t.Fatalf("pdfs %v", files)
	}
	for _, f := range files {
		run("", "verify", f)
	}
}

func rowOf(scr, prefix string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), strings.TrimSpace(prefix)) {
			return l
		}
	}
	return ""
}
