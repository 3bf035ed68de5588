package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

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
