package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// exportDB is a database holding the fixed engagement of the document tests.
func exportDB(t *testing.T) string {
	t.Helper()
	st := templatetest.Open(t)
	templatetest.Engagement(t, st, "zh-CN")
	p := st.Path()
	st.Close()
	return p
}

func TestExportWritesFilesAndAuditRecord(t *testing.T) {
	db := exportDB(t)
	out := filepath.Join(t.TempDir(), "out")
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report",
		"--format", "md,html", "-o", out, "--date", "2026-03-01"}
	code, stdout, stderr := outsec(t, nil, args...)
	if code != 0 {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	md := filepath.Join(out, "2026-001-RA-01.md")
	h := filepath.Join(out, "2026-001-RA-01.html")
	b1, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	h1, err := os.ReadFile(h)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b1), "# 风险评估报告") || !strings.Contains(stdout, "SHA-256") || !strings.Contains(stdout, md) {
		t.Fatalf("%s", stdout)
	}
	// Exporting again is the next version, beside the first, which is
	// untouched (issue 16: an export never overwrites a file).
	if code, stdout, stderr := outsec(t, nil, args...); code != 0 || !strings.Contains(stdout, "2026-001-RA-02") {
		t.Fatal(stdout, stderr)
	}
	if b, _ := os.ReadFile(md); !bytes.Equal(b, b1) {
		t.Fatal("the first export changed")
	}
	if _, err := os.Stat(filepath.Join(out, "2026-001-RA-02.md")); err != nil {
		t.Fatal(err)
	}
	// Asking for the first number again in that folder is refused, naming
	// the file and offering a folder; nothing changes.
	code, _, stderr = outsec(t, nil, append(args[:len(args):len(args)], "--seq", "1")...)
	if code != exitFailure || !strings.Contains(stderr, md+" 已存在") || !strings.Contains(stderr, filepath.Join(out, "2026-001-RA-01")) {
		t.Fatalf("overwrite: %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(h); !bytes.Equal(b, h1) {
		t.Fatal("a refused export changed a file")
	}
	// The same number elsewhere gives byte-identical files.
	out2 := filepath.Join(t.TempDir(), "out2")
	if code, _, stderr := outsec(t, nil, append(args[:len(args):len(args)], "--seq", "1", "-o", out2)...); code != 0 {
		t.Fatal(stderr)
	}
	b2, _ := os.ReadFile(filepath.Join(out2, "2026-001-RA-01.md"))
	h2, _ := os.ReadFile(filepath.Join(out2, "2026-001-RA-01.html"))
	if !bytes.Equal(b1, b2) || !bytes.Equal(h1, h2) {
		t.Fatal("second export differs")
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log, err := st.AuditLog(context.Background(), 5)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log {
		if r.Event == EventDocumentExport && strings.Contains(r.Detail, "number=2026-001-RA-01") && strings.Contains(r.Detail, "sha256=") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no audit record: %+v", log)
	}
}

func TestExportWithBrokenTemplateWritesNothing(t *testing.T) {
	db := exportDB(t)
	tdir, out := t.TempDir(), filepath.Join(t.TempDir(), "out")
	p := templates.UserFile(tdir, "en", templates.Summary)
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte("# {{.Title}}\n\nline {{.Number | bogus}}\n"), 0o644)
	code, _, stderr := outsec(t, nil, "--db", db, "--lang", "en", "--templates", tdir, "export", "2026-001", "--doc", "summary", "-o", out)
	if code != exitFailure || !strings.Contains(stderr, p+":3:") || !strings.Contains(stderr, "bogus") {
		t.Fatalf("%d %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("output folder written: %v", err)
	}
	// The Chinese document has no user template: it exports.
	code, _, stderr = outsec(t, nil, "--db", db, "--templates", tdir, "export", "2026-001", "--doc", "summary", "-o", out)
	if code != 0 {
		t.Fatal(stderr)
	}
}

func TestExportUsage(t *testing.T) {
	db := exportDB(t)
	for _, args := range [][]string{
		{"export", "2026-001", "--doc", "nope", "-o", "x"},
		{"export", "2026-001", "--doc", "summary", "--format", "rtf", "-o", "x"},
		{"export"}, // -o is optional now: TestExportFolderPerEngagement
	} {
		if code, _, stderr := outsec(t, nil, append([]string{"--db", db}, args...)...); code != exitUsage {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
	}
}

func TestTemplatesExportAndCheck(t *testing.T) {
	db := tempDB(t)
	dir := filepath.Join(t.TempDir(), "tpl")
	// No user templates: check passes.
	if code, out, _ := outsec(t, nil, "--db", db, "--templates", dir, "templates", "check"); code != 0 || !strings.Contains(out, dir) {
		t.Fatalf("%d %s", code, out)
	}
	code, out, stderr := outsec(t, nil, "--db", db, "templates", "export", dir)
	if code != 0 {
		t.Fatal(stderr)
	}
	if n := len(templates.EmbeddedFiles()); n != 2*len(templates.Kinds) || !strings.Contains(out, strconv.Itoa(n)) {
		t.Fatalf("%d templates: %s", n, out)
	}
	for _, name := range templates.EmbeddedFiles() {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, stderr := outsec(t, nil, "--db", db, "--templates", dir, "templates", "check"); code != 0 {
		t.Fatalf("exported set: %d %s", code, stderr)
	}
	// A second export keeps the user's files.
	if code, _, stderr := outsec(t, nil, "--db", db, "templates", "export", dir); code != 0 || !strings.Contains(stderr, "--force") {
		t.Fatalf("%d %s", code, stderr)
	}
	// Break one: exit 1 with file:line:col.
	p := filepath.Join(dir, "zh-CN", "risk-report.md")
	b, _ := os.ReadFile(p)
	broken := strings.Replace(string(b), "{{.Number}}", "{{.Number", 1)
	os.WriteFile(p, []byte(broken), 0o644)
	line := strings.Count(broken[:strings.Index(broken, "{{.Number")], "\n") + 1
	code, _, stderr = outsec(t, nil, "--db", db, "--templates", dir, "templates", "check")
	want := p + ":" + strconv.Itoa(line) + ":3:"
	if code != exitFailure || !strings.Contains(stderr, want) {
		t.Fatalf("%d %q, want %q", code, stderr, want)
	}
	// The default folder is a templates folder beside the database.
	if code, out, _ := outsec(t, nil, "--db", db, "templates", "check"); code != 0 || !strings.Contains(out, filepath.Join(filepath.Dir(db), "templates")) {
		t.Fatalf("%d %s", code, out)
	}
	if code, _, _ := outsec(t, nil, "--db", db, "templates", "export"); code != exitUsage {
		t.Fatal(code)
	}
}

// Issue 16: -o is optional: the first export goes to a folder named after
// the engagement in the documents folder (created), later ones where the
// engagement's last export went — the folder the workbench proposes too.
func TestExportFolderPerEngagement(t *testing.T) {
	db := exportDB(t)
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_DOCUMENTS_DIR", "")
	t.Setenv("USERPROFILE", home)
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report", "--format", "md"}
	code, out, errs := outsec(t, nil, args...)
	want := filepath.Join(home, "outsec", "2026-001", "2026-001-RA-01.md")
	if code != 0 || !strings.Contains(out, want) {
		t.Fatalf("no -o: %d %s %s", code, out, errs)
	}
	other := filepath.Join(t.TempDir(), "交付")
	if code, _, errs := outsec(t, nil, append(args[:len(args):len(args)], "-o", other)...); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ = outsec(t, nil, args...)
	if code != 0 || !strings.Contains(out, filepath.Join(other, "2026-001-RA-03.md")) {
		t.Fatalf("remembered: %d %s", code, out)
	}
}
