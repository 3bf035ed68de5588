package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// outsec export of the filing documents: --filing picks a version, v1's
// document is the same bytes made twice (its number and date are the
// version's, whatever --seq and --date say), and --filing is refused where
// it means nothing.
func TestExportFilingVersions(t *testing.T) {
	db := filepath.Join(t.TempDir(), "outsec.db")
	if code, _, errs := caseCmd(t, "", "--db", db, "sample"); code != 0 {
		t.Fatalf("sample: %s", errs)
	}
	export := func(dir string, args ...string) (int, string, string) {
		return caseCmd(t, "", append([]string{"--db", db, "export", "2026-001", "--format", "md,pdf", "-o", dir}, args...)...)
	}
	a, b := t.TempDir(), t.TempDir()
	if code, out, errs := export(a, "--doc", "filing-form", "--filing", "1"); code != 0 || !strings.Contains(out, "2026-001-FF-01") {
		t.Fatalf("v1: %d %s %s", code, out, errs)
	}
	if code, _, errs := export(b, "--doc", "filing-form", "--filing", "1", "--seq", "5", "--date", "2030-01-01"); code != 0 {
		t.Fatalf("v1 again: %s", errs)
	}
	for _, name := range []string{"2026-001-FF-01.md", "2026-001-FF-01.pdf"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil || string(x) != string(y) {
			t.Fatalf("%s differs made twice (%v)", name, err)
		}
	}
	md, _ := os.ReadFile(filepath.Join(a, "2026-001-FF-01.md"))
	if !strings.Contains(string(md), "孙丽") || strings.Contains(string(md), "陈静") {
		t.Error("v1's form is not its snapshot (the former lead)")
	}
	if code, _, errs := export(t.TempDir(), "--doc", "filing-form", "--filing", "9"); code != exitFailure || !strings.Contains(errs, "v9") {
		t.Fatalf("no v9: %d %s", code, errs)
	}
	if code, _, errs := export(t.TempDir(), "--doc", "risk-report", "--filing", "1"); code != exitUsage || !strings.Contains(errs, "--filing") {
		t.Fatalf("--filing on the risk report: %d %s", code, errs)
	}
	if code, out, errs := export(t.TempDir(), "--doc", "security-plan"); code != 0 || !strings.Contains(out, "2026-001-SP-01") {
		t.Fatalf("plan: %d %s %s", code, out, errs)
	}
}
