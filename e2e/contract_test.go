//go:build unix

package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The contract workflow on the real binary: register two service people,
// review the sample's contract (a few items marked), open the documents from
// the contract screen and export the drafted annex, then generate every
// person's NDA in one batch and find all the files in the folder.
func TestContractReviewAnnexAndNDAs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	blankSample(t, db) // the sample's record alone: this run fills the workflow itself
	// The export dialogs start in the engagement's folder of the documents
	// folder (issue 16), never the folder outsec runs in.
	docs := t.TempDir()
	dir := filepath.Join(docs, "outsec", "2026-001")
	s := startCmd(t, 120, 36, []string{"LANG=zh_CN.UTF-8", "XDG_DOCUMENTS_DIR=" + docs}, "cd "+shellQuote(t.TempDir())+" && exec "+commandLine(binary(t), []string{"--db", db}))
	s.waitFor("首次使用")
	s.field("张三")
	s.field("科员")
	s.field("信息技术处")
	s.waitFor("2026-001")

	// Two service people, one without an NDA, in the screening register.
	s.press("v")
	s.waitFor("机构和人员评估")
	s.press("Tab")
	person := func(name, number, nda string) {
		t.Helper()
		s.press("a")
		s.waitFor("姓名")
		s.field(name)
		s.field("运维工程师")
		s.press("Down", "Enter")
		s.field(number)
		s.field("") // employer: the vendor
		s.field("") // phone
		s.field("") // start date
		s.field(nda)
		s.field("") // notes: saves
		s.waitFor("已登记服务人员 " + name)
	}
	person("王小明", "110105194912310021", "2026-03-01")
	person("李小红", "110105195001010022", "")
	s.waitFor("无保密协议")
	s.press("Escape")

	// The contract review: covered, missing, partly covered.
	s.press("c")
	s.waitFor("合同信息安全条款 · 2026-001")
	s.press("1")
	s.waitFor("已记录 6.2.1 a) 1)：已约定")
	s.press("Down", "3")
	s.waitFor("已记录 6.2.1 a) 2)：缺失")
	s.press("Down", "2")
	scr := s.waitFor("已记录 6.2.1 a) 3)：部分约定")
	if !strings.Contains(scr, "已审查 3/42 项") {
		t.Fatalf("progress:\n%s", scr)
	}

	// The documents, from the contract screen: the annex, exported.
	s.press("p")
	s.waitFor("合同信息安全条款审查表")
	s.press("Down", "x")
	s.waitFor("导出：信息安全条款附件")
	s.press("Enter") // formats: every document format
	s.press("Enter") // the engagement's folder, created
	scr = s.waitFor("已写出 4 个文件")
	if !strings.Contains(scr, "2026-001-CA-01") {
		t.Fatalf("annex export:\n%s", scr)
	}
	s.press("Escape", "Escape", "Escape")
	s.waitFor("合同信息安全条款 · 2026-001")

	// The NDAs: one flagged; the batch writes both and the combined PDF.
	s.press("N")
	scr = s.waitFor("服务人员 2 人")
	if !strings.Contains(scr, "无保密协议") || !strings.Contains(scr, "服务人员 李小红 尚未签订信息安全保密协议") {
		t.Fatalf("NDA screen:\n%s", scr)
	}
	s.press("x")
	s.waitFor("生成个人保密协议（2 人）")
	s.press("Enter", "Enter")
	scr = s.waitFor("已为 2 名服务人员生成保密协议，共写出 9 个文件")
	if !strings.Contains(scr, "2026-001-NP-ALL") && !strings.Contains(scr, "2026-001-NP-01") {
		t.Fatalf("NDA batch:\n%s", scr)
	}
	s.press("Escape", "Escape", "Escape", "q")
	s.exited()

	names := map[string]bool{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names[e.Name()] = true
	}
	for _, want := range []string{"2026-001-CA-01.md", "2026-001-CA-01.pdf", "2026-001-CA-01.docx", "2026-001-CA-01.html",
		"2026-001-NP-01.pdf", "2026-001-NP-02.docx", "2026-001-NP-ALL.pdf"} {
		if !names[want] {
			t.Errorf("%s not written; the folder has %v", want, names)
		}
	}
	if len(names) != 4+2*4+1 {
		t.Errorf("%d files, want %d: %v", len(names), 4+2*4+1, names)
	}
}
