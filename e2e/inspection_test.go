//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"outsec/signing"
)

// An on-site inspection of every annex A item at 80×24 on the real binary:
// the header, one key per item (the next follows), a note on one, the
// vendor's acknowledgement; then the signed inspection record (PDF and
// XLSX) that the stock tools verify, and the findings listed as corrective
// actions. It reports the keys pressed for the 52 items.
func TestInspectionAt80x24(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	blankSample(t, db) // no plan: all 52 items apply
	s := start(t, 80, 24, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("检查员")
	s.field("信息技术处")
	s.waitFor("2026-001")
	s.press("S")
	s.waitFor("尚无现场检查")
	s.press("n")
	s.waitFor("新建现场检查")
	s.field("")       // inspectors: the operator
	s.field("")       // date: today
	s.field("乙方运维中心") // place
	s.field("陈静")     // the vendor's representative: saves
	s.waitFor("已查 0/52")
	keys := 0
	s.press("2") // A.1 a) partly
	s.press("3") // A.1 b) does not conform
	keys += 2
	for i := 2; i < 52; i++ {
		s.keys("1")
		keys++
	}
	scr := s.waitFor("已查 52/52")
	if !strings.Contains(scr, "符合 50  部分 1  不符合 1") {
		t.Fatalf("count:\n%s", scr)
	}
	t.Logf("keys for 52 items: %d (one per item)", keys)
	// A note on the first item.
	s.press("g", "e")
	s.waitFor("检查项 A.1 a)")
	s.field("") // result
	s.field("") // method
	s.field("") // reason
	s.text("组织未书面指定")
	s.press("Enter")
	s.waitFor("组织未书面指定")
	// The acknowledgement: two corrective actions.
	s.press("a")
	s.waitFor("外包服务机构确认检查结果")
	s.field("") // name: the representative
	s.field("") // date: today
	s.field("认可")
	s.field("")
	s.waitFor("已确认：陈静")
	s.press("q")
	s.exited()

	// A key, and the signed record.
	pass := "correct horse battery staple\n"
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(binary(t), append([]string{"--db", db}, args...)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("outsec %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(pass, "keys", "new")
	out := filepath.Join(t.TempDir(), "out")
	run(pass, "export", "2026-001", "--doc", "inspection-record", "--format", "md,pdf,xlsx", "-o", out, "--sign")
	num := "2026-001-IN-01"
	for _, f := range []string{num + ".pdf", num + ".xlsx", num + ".sha256.sig", num + ".sm3.sig"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, num+".md"))
	for _, want := range []string{"| 1 | A.1 a) |", "部分符合", "不符合", "组织未书面指定", "陈静", "| 52 |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the record lacks %q", want)
		}
	}
	if v := run("", "verify", out); !strings.Contains(v, "签名有效") {
		t.Fatalf("verify: %s", v)
	}
	if sum, err := exec.LookPath("sha256sum"); err == nil {
		cmd := exec.Command(sum, "-c", num+".sha256")
		cmd.Dir = out
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sha256sum -c: %v %s", err, b)
		}
	}
	if keygen, err := exec.LookPath("ssh-keygen"); err == nil {
		pub := filepath.Join(t.TempDir(), "pub")
		run("", "keys", "export-public", "-o", pub)
		manifest, _ := os.ReadFile(filepath.Join(out, num+".sha256"))
		cmd := exec.Command(keygen, "-Y", "verify", "-f", filepath.Join(pub, signing.FileAllowedSigners), "-I", signing.Principal("张三"),
			"-n", "outsec", "-s", num+".sha256.sig")
		cmd.Dir, cmd.Stdin = out, strings.NewReader(string(manifest))
		if b, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(b), "Good \"outsec\" signature") {
			t.Fatalf("ssh-keygen -Y verify: %v %s", err, b)
		}
	}
	if f := run("", "--lang", "en", "findings", "list", "2026-001"); strings.Count(f, "A.1 ") < 2 || !strings.Contains(f, "On-site inspection") {
		t.Fatalf("findings list:\n%s", f)
	}
}
