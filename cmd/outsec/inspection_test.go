package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"outsec/model/inspection"
	"outsec/store"
)

// inspection export writes a signed bundle; import into another database
// is refused while the key is untrusted (naming the fingerprint), and when
// the engagement is missing (suggesting case import); once trusted, it adds
// the inspection and its findings, and again adds nothing.
func TestInspectionBundleCommands(t *testing.T) {
	db := signerDB(t, "王检查", "信息中心")
	bg := context.Background()
	// The office's copy of the engagement, from before the inspection.
	caseFile := filepath.Join(t.TempDir(), "case.json")
	if code, _, errs := caseCmd(t, "", "--db", db, "case", "export", "2026-001", "-o", caseFile); code != 0 {
		t.Fatal(errs)
	}
	st, err := store.Open(bg, db)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := st.FindEngagement(bg, "2026-001")
	op, _ := st.CurrentOperator(bg)
	in := inspection.Inspection{Date: "2026-05-06", Place: "Vendor office", Inspectors: "Wang"}
	if err := st.CreateInspection(bg, op, e.ID, &in); err != nil {
		t.Fatal(err)
	}
	for i, c := range in.Checks {
		c.Result = inspection.Conforms
		if i == 0 {
			c.Result = inspection.NotConform
		}
		st.SaveCheck(bg, op, in.ID, c)
	}
	if _, err := st.Acknowledge(bg, op, in.ID, inspection.Acknowledgement{Name: "Chen", Date: "2026-05-06"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	out := filepath.Join(t.TempDir(), "bundle")
	code, stdout, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "--lang", "en", "inspection", "export", "2026-001", "-o", out)
	if code != 0 || !strings.Contains(stdout, "Inspection bundle 2026-001-IB-") {
		t.Fatalf("export: %d %s %s", code, stdout, errs)
	}
	if code, stdout, _ := caseCmd(t, "", "--db", db, "--lang", "en", "inspection", "list", "2026-001"); code != 0 || !strings.Contains(stdout, "Vendor office") {
		t.Fatalf("list: %s", stdout)
	}

	office := filepath.Join(t.TempDir(), "office.db")
	code, _, errs = caseCmd(t, "", "--db", office, "--lang", "en", "inspection", "import", out)
	if code != 1 || !strings.Contains(errs, "is not trusted here") || !strings.Contains(errs, "SHA256:") {
		t.Fatalf("untrusted: %d %s", code, errs)
	}
	pub := filepath.Join(t.TempDir(), "pub")
	if code, _, errs := caseCmd(t, "", "--db", db, "keys", "export-public", "-o", pub); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", office, "keys", "trust", pub); code != 0 {
		t.Fatal(errs)
	}
	code, _, errs = caseCmd(t, "", "--db", office, "--lang", "en", "inspection", "import", out)
	if code != 1 || !strings.Contains(errs, "outsec case import") {
		t.Fatalf("no engagement: %d %s", code, errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", office, "case", "import", caseFile); code != 0 {
		t.Fatal(errs)
	}
	code, stdout, errs = caseCmd(t, "", "--db", office, "--lang", "en", "inspection", "import", out)
	if code != 0 || !strings.Contains(stdout, "1 findings") || !strings.Contains(stdout, "does not conform") {
		t.Fatalf("import: %d %s %s", code, stdout, errs)
	}
	code, stdout, _ = caseCmd(t, "", "--db", office, "--lang", "en", "inspection", "import", out)
	if code != 0 || !strings.Contains(stdout, "nothing added") {
		t.Fatalf("again: %d %s", code, stdout)
	}
	if code, stdout, _ := caseCmd(t, "", "--db", office, "verify", out); code != 0 {
		t.Fatalf("verify: %d %s", code, stdout)
	}
}
