package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// TestExportNDAsForEveryPerson: an engagement with 20 people gives 20
// person NDAs, each naming its person, one combined PDF, and the vendor's;
// signed, the folder verifies; --person picks one.
func TestExportNDAsForEveryPerson(t *testing.T) {
	st := templatetest.Open(t)
	e := templatetest.Engagement(t, st, "zh-CN")
	people := templatetest.MorePeople(t, st, e, "zh-CN")
	if _, err := st.CreateOperator(context.Background(), store.Operator{Name: "张三", Unit: "信息中心"}); err != nil {
		t.Fatal(err)
	}
	db := st.Path()
	st.Close()
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "nda")
	code, stdout, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "--templates", t.TempDir(), "export", e.Code, "--doc", "nda-person",
		"--format", "md,pdf", "-o", out, "--sign")
	if code != 0 || !strings.Contains(stdout, "已导出 20 份个人文档") {
		t.Fatalf("%d %s %s", code, stdout, errs)
	}
	for _, p := range people {
		num := templates.PersonNumber(e.Code, templates.NDAPerson, &templates.PersonView{Person: p})
		md, err := os.ReadFile(filepath.Join(out, num+".md"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(md), p.Name) {
			t.Errorf("%s does not name %s", num, p.Name)
		}
		for _, other := range people {
			if other.Name != p.Name && strings.Contains(string(md), other.Name) {
				t.Errorf("%s names %s too", num, other.Name)
			}
		}
		if _, err := os.Stat(filepath.Join(out, num+".pdf")); err != nil {
			t.Error(err)
		}
	}
	combined := filepath.Join(out, templates.CombinedNumber(e.Code)+".pdf")
	if _, err := os.Stat(combined); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = caseCmd(t, "", "--db", db, "verify", out)
	if code != 0 || strings.Count(stdout, "✔") != 21 {
		t.Fatalf("verify: %d %s", code, stdout)
	}
	// The vendor's NDA.
	if code, _, errs := caseCmd(t, "", "--db", db, "export", e.Code, "--doc", "nda-vendor", "--format", "md", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	// One person by name.
	one := filepath.Join(t.TempDir(), "one")
	code, stdout, errs = caseCmd(t, "", "--db", db, "export", e.Code, "--doc", "nda-person", "--format", "md", "-o", one, "--person", people[5].Name)
	if code != 0 || !strings.Contains(stdout, "已导出 1 份个人文档") {
		t.Fatalf("one person: %d %s %s", code, stdout, errs)
	}
	if ents, _ := os.ReadDir(one); len(ents) != 1 {
		t.Fatalf("one person wrote %d files", len(ents))
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "export", e.Code, "--doc", "nda-person", "-o", one, "--person", "无此人"); code != exitFailure || !strings.Contains(errs, "无此人") {
		t.Fatalf("unknown person: %d %s", code, errs)
	}
	if code, _, _ := caseCmd(t, "", "--db", db, "export", e.Code, "--doc", "risk-report", "-o", one, "--person", "1"); code != exitUsage {
		t.Fatalf("--person on a document for the engagement: %d", code)
	}
}
