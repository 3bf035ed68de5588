package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"outsec/model/findings"
	"outsec/store"
)

// evidence add copies and records a file; findings list shows it counted;
// doctor is content until the kept file is changed, then names it; and an
// incident past the deadline is flagged by incidents list.
func TestEvidenceFindingsAndDoctor(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := outsec(t, nil, "--db", db, "sample"); code != 0 {
		t.Fatal(stderr)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := st.FindEngagement(context.Background(), "2026-001")
	f := findings.Finding{Description: "Backups never restored in a test", Severity: findings.High, Action: findings.Action{Deadline: "2020-01-31"}}
	if err := st.AddFinding(context.Background(), store.SystemOperator("x"), e.ID, &f); err != nil {
		t.Fatal(err)
	}
	st.Close()

	photo := filepath.Join(t.TempDir(), "photo.jpg")
	os.WriteFile(photo, []byte("jpeg bytes"), 0o600)
	code, stdout, stderr := outsec(t, nil, "--db", db, "--lang", "en", "evidence", "add", "2026-001", photo, "--finding", strconv.FormatInt(f.ID, 10))
	if code != 0 || !strings.Contains(stdout, "added photo.jpg (10 bytes) SHA-256 ") {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	if code, _, stderr := outsec(t, nil, "--db", db, "--lang", "en", "evidence", "add", "2026-001", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(stderr, "not added") {
		t.Fatalf("missing file: %d %s", code, stderr)
	}
	if code, _, stderr := outsec(t, nil, "--db", db, "evidence", "add", "2026-001"); code != 2 {
		t.Fatalf("no file, no note: %d %s", code, stderr)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "findings", "list", "2026-001", "--overdue")
	if code != 0 || !strings.Contains(stdout, "Backups never restored") || !strings.Contains(stdout, "(overdue)") || !strings.Contains(stdout, "8.1 b)") {
		t.Fatalf("findings list: %d %s", code, stdout)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "evidence", "list", "2026-001")
	if code != 0 || !strings.Contains(stdout, "photo.jpg") {
		t.Fatalf("evidence list: %d %s", code, stdout)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != 0 || !strings.Contains(stdout, "evidence items intact") {
		t.Fatalf("doctor: %d %s", code, stdout)
	}
	dir := filepath.Join(filepath.Dir(db), "evidence")
	es, _ := os.ReadDir(dir)
	if len(es) < 1 {
		t.Fatalf("evidence folder %v", es)
	}
	kept := filepath.Join(dir, es[0].Name())
	os.Chmod(kept, 0o600)
	os.WriteFile(kept, []byte("jpeg bytez"), 0o600)
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != 1 || !strings.Contains(stdout, "has been changed: "+kept) {
		t.Fatalf("doctor after a change: %d %s", code, stdout)
	}
	os.Remove(kept)
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != 1 || !strings.Contains(stdout, "is missing: "+kept) {
		t.Fatalf("doctor after a removal: %d %s", code, stdout)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "incidents", "list", "2026-001")
	if code != 0 || !strings.Contains(stdout, "reporting deadline") {
		t.Fatalf("incidents: %d %s", code, stdout)
	}
}

// A rectification notice exported as a signed PDF lists exactly the
// selected findings with their deadlines, and verifies.
func TestSignedRectificationNoticeOfASelection(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := st.FindEngagement(context.Background(), "2026-001")
	op, _ := st.CurrentOperator(context.Background())
	found, _ := findings.ParseTime("2026-02-20 10:00")
	in := findings.Incident{Title: "网站首页被篡改", FoundAt: found, ReportedTo: "信息技术处", ReportedAt: found.Add(30 * time.Hour)}
	if err := st.SaveIncident(context.Background(), op, e.ID, &in); err != nil {
		t.Fatal(err)
	}
	for _, f := range []findings.Finding{
		{Description: "运维人员共用管理员账号", Severity: findings.High, Action: findings.Action{Deadline: "2026-03-20"}},
		{Description: "内容管理系统上传目录允许执行脚本", Severity: findings.Critical, Source: findings.SourceIncident, SourceID: in.ID,
			Action: findings.Action{Deadline: "2026-03-25"}},
		{Description: "机房访问登记缺失", Severity: findings.Medium, Action: findings.Action{Deadline: "2026-04-10"}},
		{Description: "备份未做恢复测试", Severity: findings.High, Action: findings.Action{Deadline: "2026-04-20"}},
	} {
		if err := st.AddFinding(context.Background(), op, e.ID, &f); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := st.Findings(context.Background(), e.ID)
	st.Close()
	if len(before) != 4 || before[1].ID != 2 || before[3].ID != 4 {
		t.Fatalf("findings %+v", before)
	}
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "out")
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "rectification-notice", "--findings", "2,4",
		"--format", "md,pdf", "-o", out, "--date", "2026-03-01", "--sign"}
	code, stdout, errs := caseCmd(t, testPassphrase+"\n", args...)
	if code != 0 || !strings.Contains(stdout, "已签名") {
		t.Fatalf("signed export: %d %s %s", code, stdout, errs)
	}
	md, err := os.ReadFile(filepath.Join(out, "2026-001-RN-01.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The PDF is rendered from this same text: the signature's metadata
	// carries its SHA-256.
	for _, want := range []string{"| 1 | #2 |", "| 2 | #4 |", "备份未做恢复测试", "2026年4月20日", "内容管理系统上传目录允许执行脚本", "2026年3月25日"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("notice lacks %q:\n%s", want, md)
		}
	}
	for _, not := range []string{"#1 ", "#3 ", "机房访问登记缺失", "运维人员共用管理员账号"} {
		if strings.Contains(string(md), not) {
			t.Errorf("notice lists an unselected finding (%q)", not)
		}
	}
	// The PDF itself, where poppler's pdftotext is installed.
	if _, err := exec.LookPath("pdftotext"); err == nil {
		txt, err := exec.Command("pdftotext", "-layout", filepath.Join(out, "2026-001-RN-01.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		flat := strings.Join(strings.Fields(string(txt)), "")
		for _, want := range []string{"备份未做恢复测试", "2026年4月20日", "内容管理系统上传目录允许执行脚本", "2026年3月25日"} {
			if !strings.Contains(flat, want) {
				t.Errorf("the PDF lacks %q", want)
			}
		}
		for _, not := range []string{"机房访问登记缺失", "运维人员共用管理员账号"} {
			if strings.Contains(flat, not) {
				t.Errorf("the PDF lists an unselected finding (%q)", not)
			}
		}
	}
	code, stdout, _ = caseCmd(t, "", "--db", db, "verify", filepath.Join(out, "2026-001-RN-01.pdf"))
	if code != 0 || !strings.Contains(stdout, "签名有效") {
		t.Fatalf("verify: %d %s", code, stdout)
	}
	// A number the register does not have, and the flag on another document.
	if code, _, errs := caseCmd(t, "", append(args[:8:8], "--findings", "2,9", "--format", "md", "-o", t.TempDir())...); code != exitFailure || !strings.Contains(errs, "[9]") {
		t.Fatalf("unknown finding: %d %s", code, errs)
	}
	if code, _, _ := caseCmd(t, "", "--db", db, "export", "2026-001", "--doc", "summary", "--findings", "2", "-o", t.TempDir()); code != exitUsage {
		t.Fatalf("--findings on the summary: %d", code)
	}
	// The incident report and the findings workbook.
	code, _, errs = caseCmd(t, "", "--db", db, "export", "2026-001", "--doc", "incident-report", "--incident", "1", "--format", "md,xlsx", "-o", out)
	if code != 0 {
		t.Fatalf("incident report: %d %s", code, errs)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "2026-001-IR-01.md")); !strings.Contains(string(b), "A.7 c)") {
		t.Fatalf("incident report without the late flag:\n%s", b)
	}
	if fi, err := os.Stat(filepath.Join(out, "2026-001-IR-01.xlsx")); err != nil || fi.Size() == 0 {
		t.Fatalf("workbook: %v", err)
	}
}
