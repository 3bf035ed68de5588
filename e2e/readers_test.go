//go:build unix

package e2e

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// run runs the real binary to the end: its exit code and its output.
func run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(cmd.Environ(), "LANG=zh_CN.UTF-8")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &ee):
		return ee.ExitCode(), string(out)
	}
	t.Fatal(err)
	return -1, ""
}

// Issue 16: while the workbench has the database open, the read-only
// commands run beside it; a command that writes is refused clearly and
// changes nothing; a second workbench is still refused (TestSecondInstanceRefused).
func TestReadOnlyCommandsBesideTheWorkbench(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	if code, out := run(t, "--db", db, "sample"); code != 0 {
		t.Fatalf("sample: %d %s", code, out)
	}
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	// The workbench writes: the operator profile.
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("已建立操作员档案")
	for _, args := range [][]string{{"audit", "log"}, {"audit", "verify"}, {"exports", "2026-001"}, {"doctor"}, {"keys", "list"}} {
		code, out := run(t, append([]string{"--db", db}, args...)...)
		if code != 0 || strings.Contains(out, "正被另一个 outsec 使用") {
			t.Errorf("%v beside the workbench: %d\n%s", args, code, out)
		}
	}
	if _, out := run(t, "--db", db, "audit", "log"); !strings.Contains(out, "新建操作员") && !strings.Contains(out, "张三") {
		t.Errorf("the reader does not see the workbench's writes:\n%s", out)
	}
	// verify of a folder signed elsewhere still reads the trusted keys.
	if code, out := run(t, "--db", db, "verify", t.TempDir()); code != 1 || !strings.Contains(out, "没有找到签名") {
		t.Errorf("verify: %d %s", code, out)
	}
	// A write is refused, naming why; nothing is written.
	_, before := run(t, "--db", db, "audit", "verify")
	if code, out := run(t, "--db", db, "sample"); code != 1 || !strings.Contains(out, "正被另一个 outsec 使用") {
		t.Errorf("a write beside the workbench: %d %s", code, out)
	}
	if _, after := run(t, "--db", db, "audit", "verify"); after != before {
		t.Errorf("the refused write changed the audit: %s → %s", before, after)
	}
	// The workbench goes on.
	s.press("q")
	s.exited()
	if code, out := run(t, "--db", db, "audit", "verify"); code != 0 {
		t.Fatalf("after: %d %s", code, out)
	}
}
