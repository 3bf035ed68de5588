package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outsec/store"
)

// Issue 16: the command line showed UTC. Times are the system zone's —
// Beijing time here — with the zone named once; storage keeps UTC.
func TestTimesAreLocal(t *testing.T) {
	sh, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	saved := time.Local
	time.Local = sh
	t.Cleanup(func() { time.Local = saved })

	db := exportDB(t)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errs := outsec(t, nil, "--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report", "--format", "md", "-o", out); code != 0 {
		t.Fatal(errs)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := st.AuditLog(context.Background(), 1)
	var stored string
	st.DB().QueryRow(`SELECT at FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&stored)
	st.Close()
	if !strings.HasSuffix(stored, "Z") {
		t.Errorf("stored %q, want UTC", stored)
	}
	want := recs[0].At.In(sh).Format("2006-01-02 15:04:05")
	code, stdout, _ := outsec(t, nil, "--db", db, "audit", "log")
	if code != 0 || !strings.Contains(stdout, want) || !strings.Contains(stdout, "时间为本机时间（UTC+08:00）") {
		t.Fatalf("audit log (want %s):\n%s", want, stdout)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "exports", "2026-001")
	if code != 0 || !strings.Contains(stdout, want[:16]) || !strings.Contains(stdout, "UTC+08:00") {
		t.Fatalf("exports (want %s):\n%s", want, stdout)
	}
}
