package main

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// outsec runs the program as a user would and returns its exit code and output.
func outsec(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(args, strings.NewReader(""), &out, &errb, getenv)
	return code, out.String(), errb.String()
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "outsec.db") }

func TestVersionAndLanguages(t *testing.T) {
	code, out, _ := outsec(t, nil, "version")
	if code != 0 || !strings.Contains(out, "outsec dev") || !strings.Contains(out, "提交") {
		t.Fatalf("%d %q", code, out)
	}
	_, out, _ = outsec(t, nil, "--lang", "en", "version")
	if !strings.Contains(out, "commit") {
		t.Fatalf("en: %q", out)
	}
	_, out, _ = outsec(t, map[string]string{"LANG": "en_US.UTF-8"}, "version")
	if !strings.Contains(out, "commit") {
		t.Fatalf("LANG=en: %q", out)
	}
	code, _, errs := outsec(t, nil, "--lang", "fr", "version")
	if code != exitUsage || !strings.Contains(errs, "fr") {
		t.Fatalf("bad lang: %d %q", code, errs)
	}
	code, _, errs = outsec(t, map[string]string{"LANG": "en_US.UTF-8"}, "frobnicate")
	if code != exitUsage || !strings.Contains(errs, "Command line error") {
		t.Fatalf("unknown command: %d %q", code, errs)
	}
}

func TestHelpIsInTheChosenLanguage(t *testing.T) {
	_, out, _ := outsec(t, nil, "--lang", "en", "--help")
	if !strings.Contains(out, "Commands:") || strings.ContainsAny(out, "命令用法") {
		t.Fatalf("en help: %q", out)
	}
	_, out, _ = outsec(t, nil, "--help")
	if !strings.Contains(out, "命令:") || !strings.Contains(out, "检查安装和数据库") {
		t.Fatalf("zh help: %q", out)
	}
}

func TestDatabaseChoice(t *testing.T) {
	a := &app{getenv: func(k string) string {
		return map[string]string{"OUTSEC_DB": "/env/outsec.db", "HOME": "/home/x"}[k]
	}}
	if p, _ := a.dbPath(); p != "/env/outsec.db" || a.dbSource != "env" {
		t.Errorf("env: %s %s", p, a.dbSource)
	}
	a.dbFlag = "/flag.db"
	if p, _ := a.dbPath(); p != "/flag.db" || a.dbSource != "flag" {
		t.Errorf("flag: %s %s", p, a.dbSource)
	}
	a = &app{getenv: func(k string) string { return map[string]string{"HOME": "/home/x"}[k] }}
	if p, _ := a.dbPath(); p != "/home/x/.local/share/outsec/outsec.db" || a.dbSource != "default" {
		t.Errorf("default: %s %s", p, a.dbSource)
	}
	a = &app{getenv: func(k string) string {
		return map[string]string{"HOME": "/home/x", "XDG_DATA_HOME": "/xdg"}[k]
	}}
	if p, _ := a.dbPath(); p != "/xdg/outsec/outsec.db" {
		t.Errorf("xdg: %s", p)
	}
}

func TestPortableModeUsesDatabaseBesideExecutable(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	p := filepath.Join(filepath.Dir(exe), "outsec.db")
	if _, err := os.Stat(p); err == nil {
		t.Skip("an outsec.db already exists beside the test binary")
	}
	if err := os.WriteFile(p, nil, 0o600); err != nil {
		t.Skip(err)
	}
	defer os.Remove(p)
	a := &app{getenv: func(k string) string { return map[string]string{"HOME": "/home/x"}[k] }}
	if got, _ := a.dbPath(); got != p || a.dbSource != "portable" {
		t.Fatalf("portable: %s %s", got, a.dbSource)
	}
}

func TestSampleDoctorAndAuditVerify(t *testing.T) {
	db := tempDB(t)
	code, out, errs := outsec(t, nil, "--db", db, "sample")
	if code != 0 || !strings.Contains(out, "【示例】") {
		t.Fatalf("sample: %d %q %q", code, out, errs)
	}
	code, out, _ = outsec(t, nil, "--db", db, "doctor")
	if code != 0 || !strings.Contains(out, "检查完毕，未发现问题") || !strings.Contains(out, "0600") {
		t.Fatalf("doctor: %d %q", code, out)
	}
	code, out, _ = outsec(t, nil, "--db", db, "--lang", "en", "audit", "verify")
	if code != 0 || !strings.Contains(out, "intact: 1 record,") {
		t.Fatalf("verify: %d %q", code, out)
	}
	outsec(t, nil, "--db", db, "sample")
	outsec(t, nil, "--db", db, "sample")

	// Someone edits record 2 by hand, as with the sqlite3 shell.
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET operator = 'someone else' WHERE id = 2"} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	code, _, errs = outsec(t, nil, "--db", db, "audit", "verify")
	if code != exitFailure || !strings.Contains(errs, "第 2 条") {
		t.Fatalf("tampered verify: %d %q", code, errs)
	}
	code, out, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != exitFailure || !strings.Contains(out, "record 2 does not match") {
		t.Fatalf("tampered doctor: %d %q", code, out)
	}
}

func TestDoctorDoesNotCreateTheDatabase(t *testing.T) {
	db := tempDB(t)
	code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != 0 || !strings.Contains(out, "not created yet") {
		t.Fatalf("%d %q", code, out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("doctor created the database")
	}
}

func TestBadDatabasesGetAClearMessage(t *testing.T) {
	notDB := filepath.Join(t.TempDir(), "report.docx")
	os.WriteFile(notDB, []byte("PK\x03\x04 not a database"), 0o600)
	code, _, errs := outsec(t, nil, "--db", notDB, "sample")
	if code != exitFailure || !strings.Contains(errs, "不是 outsec 数据库") {
		t.Fatalf("not a db: %d %q", code, errs)
	}
	code, _, errs = outsec(t, nil, "--db", notDB, "--lang", "en", "sample")
	if code != exitFailure || !strings.Contains(errs, "is not an outsec database") {
		t.Fatalf("not a db (en): %d %q", code, errs)
	}

	ro := tempDB(t)
	outsec(t, nil, "--db", ro, "sample")
	os.Chmod(ro, 0o444)
	code, _, errs = outsec(t, nil, "--db", ro, "--lang", "en", "sample")
	if code != exitFailure || !strings.Contains(errs, "read-only") {
		t.Fatalf("read-only: %d %q", code, errs)
	}
}

func TestSecondInstanceGetsAClearMessage(t *testing.T) {
	db := tempDB(t)
	first := &app{getenv: func(string) string { return "" }, dbFlag: db}
	st, err := first.open(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	code, _, errs := outsec(t, nil, "--db", db, "sample")
	if code != exitFailure || !strings.Contains(errs, "正被另一个 outsec 使用") {
		t.Fatalf("%d %q", code, errs)
	}
}

func TestWorkbenchWithoutTerminalExplains(t *testing.T) {
	db := tempDB(t)
	code, _, errs := outsec(t, nil, "--db", db, "--lang", "en")
	if code != exitFailure || !strings.Contains(errs, "needs a terminal") {
		t.Fatalf("%d %q", code, errs)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("the database was created although the workbench could not start")
	}
}
