//go:build unix

package e2e

import (
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pause lets huh move focus between fields: it does so through a command, so
// keys sent in one burst can land in the field being left. A person types
// slower than this.
const pause = 150 * time.Millisecond

// field types a value and presses Enter.
func (s *session) field(v string) {
	s.t.Helper()
	if v != "" {
		s.text(v)
		time.Sleep(pause)
	}
	s.keys("Enter")
	time.Sleep(pause)
}

func (s *session) press(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.keys(k)
		time.Sleep(pause)
	}
}

func createOperator(s *session) {
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("还没有外包项目")
}

// fillWizardToNotes fills the engagement wizard's first four groups.
func fillWizardToNotes(s *session, name string) {
	s.press("n")
	s.waitFor("第 1/5 步")
	s.field(name)
	s.field("某市档案局")
	s.field("办公室")
	s.field("刘局长")
	s.waitFor("第 2/5 步")
	s.field("王五")
	s.field("科长")
	s.field("010-12345678")
	s.field("")
	s.field("") // managers 2 and 3 left empty: one key skips them
	s.waitFor("第 3/5 步")
	s.press("Down", "Down", "Down", "Down", "Down", "Enter") // 数据处理和存储服务
	s.field("")                                              // not a cloud service: keep 否
	s.field("2026-01-01")
	s.field("2026/12/31")
	s.waitFor("第 4/5 步")
	s.field("某数据服务公司")
	s.press("Down", "Down", "Enter") // 中型
	s.field("")                      // qualifications
	s.field("孙七")
	s.field("项目经理")
	s.field("13800000000")
	s.field("")
	s.waitFor("第 5/5 步")
}

func caseExport(t *testing.T, db, ref string) string {
	t.Helper()
	out, err := exec.Command(binary(t), "--db", db, "case", "export", ref).CombinedOutput()
	if err != nil {
		t.Fatalf("case export: %v\n%s", err, out)
	}
	return string(out)
}

// The first end-to-end run: create an engagement through the wizard,
// quit, start again and find it.
func TestCreateQuitRestartFind(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	createOperator(s)
	fillWizardToNotes(s, "档案数字化外包")
	s.field("第一次端到端测试")
	s.waitFor("请核对全部内容") // the summary of every field, before saving
	s.press("C-s")
	s.waitFor("已新建外包项目 2026-001 档案数字化外包")
	s.press("q")
	s.exited()

	s = start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	scr := s.waitFor("档案数字化外包")
	if !strings.Contains(scr, "操作员：张三 (科员, 信息技术处)") || !strings.Contains(scr, "某数据服务公司") {
		t.Fatalf("after restart:\n%s", scr)
	}
	s.press("q")
	s.exited()

	js := caseExport(t, db, "2026-001")
	for _, want := range []string{`"name": "档案数字化外包"`, `"service_type": "data_processing"`, `"cloud_website": false`,
		`"period_end": "2026-12-31"`, `"scale": "medium"`, `"phone": "010-12345678"`, `"notes": "第一次端到端测试"`} {
		if !strings.Contains(js, want) {
			t.Errorf("case file lacks %s:\n%s", want, js)
		}
	}
}

// kill -9 right after the wizard's last group: the engagement is there after a
// restart, the database is sound and the audit chain verifies.
func TestKillAfterLastGroupKeepsEngagement(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	createOperator(s)
	fillWizardToNotes(s, "被强行终止的项目")
	s.field("")
	s.waitFor("请核对全部内容")
	s.press("C-s")
	s.waitFor("已新建外包项目 2026-001")
	kill9(t, s)

	s = start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("被强行终止的项目")
	if strings.Contains(s.screen(), "未完成的草稿") {
		t.Fatalf("a draft is offered for a saved engagement:\n%s", s.screen())
	}
	s.press("q")
	s.exited()
	out, err := exec.Command(binary(t), "--db", db, "doctor").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "未发现问题") {
		t.Fatalf("doctor after kill -9: %v\n%s", err, out)
	}
}

// kill -9 in the middle of the wizard: the groups completed so far are offered
// as a draft and resume where they stopped.
func TestKillMidWizardOffersDraft(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	createOperator(s)
	s.press("n")
	s.waitFor("第 1/5 步")
	s.field("半途中断的项目")
	s.field("某市档案局")
	s.field("办公室")
	s.field("刘局长")
	s.waitFor("第 2/5 步")
	s.field("王五")
	time.Sleep(300 * time.Millisecond)
	kill9(t, s)

	s = start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("未完成的草稿")
	s.waitFor("半途中断的项目")
	s.press("Enter")
	scr := s.waitFor("第 2/5 步")
	if !strings.Contains(scr, "王五") {
		t.Fatalf("resumed draft lost the typed manager:\n%s", scr)
	}
}

// English is English everywhere the first screens go.
func TestEnglishSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	s := start(t, 100, 30, []string{"LANG=zh_CN.UTF-8"}, "--db", db, "--lang", "en")
	s.waitFor("First start")
	s.field("Zhang San")
	s.field("Officer")
	s.field("IT Division")
	s.waitFor("There are no engagements yet")
	s.press("l")
	scr := s.waitFor("[Sample]")
	for _, r := range scr {
		if r >= 0x4e00 && r <= 0x9fff {
			t.Fatalf("Chinese on the English dashboard:\n%s", scr)
		}
	}
	s.press("q")
	s.exited()
}

// A second instance on the same database, in a terminal of its own, is told so
// and exits non-zero.
func TestSecondInstanceRefused(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	s := start(t, 100, 30, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	second := startReporting(t, 100, 30, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	second.waitFor("[outsec exited 1]")
	// The message may have scrolled off the screen: read the history too.
	if scr := second.tmux("capture-pane", "-p", "-S", "-100", "-t", second.name); !strings.Contains(scr, "正被另一个 outsec 使用") {
		t.Fatalf("second instance:\n%s", scr)
	}
	// The first is unaffected.
	s.field("张三")
	s.field("")
	s.field("")
	s.waitFor("还没有外包项目")
}

func kill9(t *testing.T, s *session) {
	t.Helper()
	pid, err := strconv.Atoi(s.pid())
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.exited()
	exec.Command("tmux", "-S", s.socket, "kill-server").Run()
}
