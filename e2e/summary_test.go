//go:build unix

package e2e

import (
	"path/filepath"
	"strings"
	"testing"
)

// Issue 16: edit opens on a summary of every field; the vendor's phone is
// changed with four keys besides typing — e (edit), enter (that field
// alone, found by typing part of its name), ctrl+u (clear it), enter (save).
func TestEditSummaryChangesVendorPhone(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	if code, out := run(t, "--db", db, "sample"); code != 0 {
		t.Fatalf("sample: %d %s", code, out)
	}
	s := start(t, 120, 36, []string{"LANG=zh_CN.UTF-8"}, "--db", db)
	s.waitFor("首次使用")
	s.field("张三")
	s.field("")
	s.field("")
	s.waitFor("已建立操作员档案")

	keys := 0
	press := func(k string) { keys++; s.press(k) }
	press("e")
	scr := s.waitFor("回车修改所选一项并保存")
	if !strings.Contains(scr, "项目负责人电话") || !strings.Contains(scr, "外包服务机构名称") {
		t.Fatalf("the summary lacks fields:\n%s", scr)
	}
	s.text("负责人电话") // typing filters the fields
	s.waitFor("/ 负责人电话")
	press("Enter")
	press("C-u")
	s.text("13911112222")
	press("Enter")
	s.waitFor("已保存外包项目 2026-001")
	if keys > 4 {
		t.Fatalf("%d keys", keys)
	}
	s.press("q")
	s.exited()
	if js := caseExport(t, db, "2026-001"); !strings.Contains(js, `"phone": "13911112222"`) {
		t.Fatalf("the phone was not saved:\n%s", js)
	}
}
