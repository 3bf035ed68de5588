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

// Issue 16: an audit record's object and outsec's own English words in it
// are shown in Chinese on a Chinese command line; what was typed is kept.
func TestAuditLogTranslatesAtDisplay(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	args := []string{"--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "risk-report", "--format", "md",
		"-o", filepath.Join(t.TempDir(), "out"), "--sign"}
	if code, _, _ := caseCmd(t, "not the passphrase\n", args...); code != exitFailure {
		t.Fatal("a wrong passphrase signed")
	}
	code, out, _ := caseCmd(t, "", "--db", db, "audit", "log", "-n", "3")
	if code != 0 || !strings.Contains(out, "口令错误") || strings.Contains(out, "wrong passphrase") {
		t.Fatalf("zh audit log:\n%s", out)
	}
	code, out, _ = caseCmd(t, "", "--db", db, "--lang", "en", "audit", "log", "-n", "3")
	if code != 0 || !strings.Contains(out, "wrong passphrase") {
		t.Fatalf("en audit log:\n%s", out)
	}
}
