package main

import (
	"strings"
	"testing"
)

// Issue 16: a script creates a profile and then its key, without the
// workbench; completion and the man page come from the command tree.
func TestOperatorCommandsThenKeysNew(t *testing.T) {
	db := tempDB(t)
	if code, out, _ := caseCmd(t, "", "--db", db, "operator", "list"); code != 0 || !strings.Contains(out, "尚无操作员档案") {
		t.Fatalf("empty list: %d %s", code, out)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "operator", "add"); code != exitUsage || !strings.Contains(errs, "--name") {
		t.Fatalf("no name: %d %s", code, errs)
	}
	code, out, errs := caseCmd(t, "", "--db", db, "operator", "add", "--name", "张三", "--role", "科长", "--unit", "信息中心")
	if code != 0 || !strings.Contains(out, "已新建操作员档案 1：张三 (科长, 信息中心)") {
		t.Fatalf("add: %d %s %s", code, out, errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "operator", "add", "--name", "张三", "--role", "科长", "--unit", "信息中心"); code != exitFailure || !strings.Contains(errs, "已有") {
		t.Fatalf("twice: %d %s", code, errs)
	}
	caseCmd(t, "", "--db", db, "operator", "add", "--name", "李四")
	if code, out, _ := caseCmd(t, "", "--db", db, "operator", "use", "张三"); code != 0 || !strings.Contains(out, "当前操作员：1 张三") {
		t.Fatalf("use: %d %s", code, out)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "operator", "list"); code != 0 || !strings.Contains(out, "*     1") && !strings.Contains(out, "* ") {
		t.Fatalf("list: %d %s", code, out)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "operator", "use", "王五"); code != exitFailure || !strings.Contains(errs, "王五") {
		t.Fatalf("unknown: %d %s", code, errs)
	}
	if code, out, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 || !strings.Contains(out, "已为 张三 创建签名密钥") {
		t.Fatalf("keys new after operator add: %d %s %s", code, out, errs)
	}
	for _, sh := range []string{"bash", "zsh", "fish", "powershell"} {
		if code, out, _ := caseCmd(t, "", "completion", sh); code != 0 || !strings.Contains(out, "outsec") {
			t.Errorf("completion %s: %d", sh, code)
		}
	}
	if code, _, _ := caseCmd(t, "", "completion"); code != exitUsage {
		t.Errorf("completion without a shell: %d", code)
	}
	code, out, _ = caseCmd(t, "", "--lang", "en", "man")
	if code != 0 || !strings.HasPrefix(out, ".TH OUTSEC 1") || !strings.Contains(out, "operator add") || !strings.Contains(out, `\-\-duplicates`) {
		t.Fatalf("man: %d %.300s", code, out)
	}
}

// Issue 16: one search across the workflows, from the command line.
func TestSearchFindsRecordsOfEveryKind(t *testing.T) {
	db := tempDB(t)
	if code, _, errs := caseCmd(t, "", "--db", db, "sample"); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ := caseCmd(t, "", "--db", db, "search", "门户网站")
	if code != 0 || !strings.Contains(out, "项目") || !strings.Contains(out, "资产") || !strings.Contains(out, "2026-001") {
		t.Fatalf("search: %d %s", code, out)
	}
	code, out, _ = caseCmd(t, "", "--db", db, "search", "示例云服务")
	if code != 0 || !strings.Contains(out, "外包服务机构") {
		t.Fatalf("vendor: %d %s", code, out)
	}
	// The findings register and the incidents too.
	code, out, _ = caseCmd(t, "", "--db", db, "search", "上传目录")
	if code != 0 || !strings.Contains(out, "问题") || !strings.Contains(out, "允许执行脚本") {
		t.Fatalf("finding: %d %s", code, out)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "--lang", "en", "search", "门户"); code != 0 || !strings.Contains(out, "incident  ") {
		t.Fatalf("incident: %d %s", code, out)
	}
	if code, out, _ := caseCmd(t, "", "--db", db, "search", "找不到的东西"); code != 0 || !strings.Contains(out, "没有找到") {
		t.Fatalf("none: %d %s", code, out)
	}
	if code, _, _ := caseCmd(t, "", "--db", db, "search"); code != exitUsage {
		t.Fatalf("no text: %d", code)
	}
	// 100% is a percentage, not a pattern.
	if code, out, _ := caseCmd(t, "", "--db", db, "search", "%"); code != 0 || !strings.Contains(out, "没有找到") {
		t.Fatalf("wildcard: %d %s", code, out)
	}
}
