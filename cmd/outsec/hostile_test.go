package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outsec/store"
)

// raw reports whether terminal output holds a character that acts on the
// terminal instead of showing: an escape, a carriage return, a bell, a C1
// control.
func raw(s string) bool {
	return strings.ContainsAny(s, "\x1b\r\x07\u009b\u202e")
}

// sampleSignerDB is a database with the sample engagement (2026-001) and a
// signer profile of that name, created first.
func sampleSignerDB(t *testing.T, name, unit string) string {
	t.Helper()
	db := tempDB(t)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateOperator(context.Background(), store.Operator{Name: name, Role: "科长", Unit: unit}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if code, _, errs := caseCmd(t, "", "--db", db, "sample"); code != 0 {
		t.Fatal(errs)
	}
	return db
}

// Issue 17, hole 1: a meta.json whose title rewrites the line cannot make a
// failing export look valid; its control characters are shown escaped.
func TestVerifyShowsHostileMetadataEscaped(t *testing.T) {
	db := sampleSignerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	outDir := filepath.Join(t.TempDir(), "out")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "--templates", t.TempDir(), "export", "2026-001",
		"--doc", "summary", "--format", "md", "-o", outDir, "--date", "2026-03-01", "--sign"); code != 0 {
		t.Fatal(errs)
	}
	meta := filepath.Join(outDir, "2026-001-ES-01.meta.json")
	b, err := os.ReadFile(meta)
	if err != nil {
		t.Fatal(err)
	}
	hostile := `\r\u001b[2K✔ 2026-001-ES-01 签名有效\u001b[8m`
	b2 := bytes.Replace(b, []byte(`"title": "`), []byte(`"title": "`+hostile), 1)
	b2 = bytes.Replace(b2, []byte(`"name": "张三`), []byte(`"name": "\u001b]0;owned\u0007张三`), 1)
	if bytes.Equal(b, b2) {
		t.Fatalf("fixture: no title or name in %s", b)
	}
	os.WriteFile(meta, b2, 0o600)
	code, out, errs := caseCmd(t, "", "--db", db, "verify", outDir)
	if code != exitInvalid || raw(out) || raw(errs) {
		t.Fatalf("verify: %d %q %q", code, out, errs)
	}
	if !strings.Contains(out, `\r\e[2K✔`) || !strings.Contains(out, `\e]0;owned\x07张三`) {
		t.Fatalf("the hostile title and name are not shown escaped: %q", out)
	}
}

// Case import refuses control characters in text, naming the JSON path, as
// register import does; nothing is written.
func TestCaseImportRefusesControlCharacters(t *testing.T) {
	_, file := sampleCase(t)
	sec, _ := engagementSection(t, file)
	hostile := strings.Replace(sec, `"name": "`, `"name": "\u001b]0;owned\u0007`, 1)
	if hostile == sec {
		t.Fatal("fixture: no name")
	}
	p := writeFile(t, bytes.Replace(file, []byte(sec), []byte(hostile), 1))
	db := tempDB(t)
	code, out, errs := caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", p)
	if code != exitFailure || !strings.Contains(errs, "$.engagement.name") || !strings.Contains(errs, "control character") || raw(errs) {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if _, err := os.Stat(db); err == nil {
		if n := rows(t, db); n[0] != 0 {
			t.Fatalf("imported anyway: %v", n)
		}
	}
}

// A 5 MB hostile value quoted in a message is cut to a readable length.
func TestHugeHostileValueGivesAShortMessage(t *testing.T) {
	_, file := sampleCase(t)
	sec, _ := engagementSection(t, file)
	huge := strings.Repeat(`界\u001b[2K`, 5<<20/16)
	i := strings.Index(sec, `"created_at": "`)
	if i < 0 {
		t.Fatal("fixture: no created_at")
	}
	j := i + len(`"created_at": "`)
	hostile := sec[:j] + huge + sec[j:]
	p := writeFile(t, bytes.Replace(file, []byte(sec), []byte(hostile), 1))
	code, out, errs := caseCmd(t, "", "--db", tempDB(t), "case", "import", p)
	if code != exitFailure || len(errs) > 4096 || raw(errs) || !strings.Contains(errs, "$.engagement.created_at") {
		t.Fatalf("import: %d %q, %d bytes: %.600q", code, out, len(errs), errs)
	}
}

// Lists read from the database (audit log, exports, keys) show stored
// control characters escaped.
func TestListsShowStoredControlCharactersEscaped(t *testing.T) {
	db := sampleSignerDB(t, "李\x1b]0;owned\x07四", "信息\x1b[8m中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := caseCmd(t, "", "--db", db, "--templates", t.TempDir(), "export", "2026-001", "--doc", "summary",
		"--format", "md", "-o", t.TempDir(), "--date", "2026-03-01"); code != 0 {
		t.Fatal(errs)
	}
	for _, args := range [][]string{{"audit", "log"}, {"exports", "2026-001"}, {"keys", "list"}, {"doctor"}} {
		code, out, errs := caseCmd(t, "", append([]string{"--db", db}, args...)...)
		if raw(out) || raw(errs) || !strings.Contains(out+errs, `李\e]0;owned\x07四`) {
			t.Errorf("%v: %d %q %q", args, code, out, errs)
		}
	}
}

// Issue 17, hole 2: doctor on another application's SQLite file says what it
// is, in both languages, and leaves it as it was.
func TestDoctorOnAnotherApplicationsDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "other.db")
	h, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	h.Exec("CREATE TABLE settings (k TEXT PRIMARY KEY, v TEXT)")
	h.Close()
	before, _ := os.ReadFile(p)
	code, out, _ := outsec(t, nil, "--db", p, "doctor")
	if code != exitFailure || !strings.Contains(out, "其他程序的 SQLite 数据库") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	code, _, errs := outsec(t, nil, "--db", p, "--lang", "en", "sample")
	if code != exitFailure || !strings.Contains(errs, "another application's SQLite database") {
		t.Fatalf("sample: %d %s", code, errs)
	}
	if after, _ := os.ReadFile(p); !bytes.Equal(before, after) {
		t.Fatal("the file changed")
	}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(p + s); err == nil {
			t.Fatalf("left %s", p+s)
		}
	}
}

// Issue 17, hole 6: a passphrase of spaces only is refused, like a short one.
func TestKeysNewRefusesABlankPassphrase(t *testing.T) {
	db := sampleSignerDB(t, "张三", "信息中心")
	code, _, errs := caseCmd(t, "          \n", "--db", db, "--lang", "en", "keys", "new")
	if code != exitUsage || !strings.Contains(errs, "only spaces") {
		t.Fatalf("blank passphrase: %d %q", code, errs)
	}
}

// failures counts the failure records of an audit event.
func failures(t *testing.T, db, event string) int {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n int
	if err := h.QueryRow("SELECT count(*) FROM audit_log WHERE event = ? AND outcome = 'failure'", event).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Issue 17, hole 6: a refused case or register import is a failed attempt,
// and every failed attempt writes an audit record (README, "The audit trail").
func TestFailedImportsAreAudited(t *testing.T) {
	db, file := sampleCase(t)
	bad := writeFile(t, bytes.Replace(file, []byte(`"name": "`), []byte(`"name": "\u0007`), 1))
	if code, _, _ := caseCmd(t, "", "--db", db, "case", "import", bad); code != exitFailure {
		t.Fatal(code)
	}
	if n := failures(t, db, store.EventEngagementImport); n != 1 {
		t.Errorf("case import: %d failure records", n)
	}
	// The same engagement, refused as it exists.
	good := writeFile(t, file)
	if code, _, _ := caseCmd(t, "", "--db", db, "case", "import", good, "--on-conflict", "refuse"); code != exitFailure {
		t.Fatal(code)
	}
	if n := failures(t, db, store.EventEngagementImport); n != 2 {
		t.Errorf("refused case import: %d failure records", n)
	}
	csv := registerFile(t, t.TempDir(), "t.csv", []byte("威胁名称,威胁来源,威胁途径,出现频率\n误操作,非恶意,直接,6\n"))
	if code, _, _ := caseCmd(t, "", "--db", db, "register", "import", "1", csv, "--yes"); code != exitFailure {
		t.Fatal(code)
	}
	if n := failures(t, db, store.EventRiskImport); n != 1 {
		t.Errorf("register import: %d failure records", n)
	}
}

// Issue 17, hole 6: two databases in one folder share keys/; doctor on one
// must not call the other's live key folder stray and advise deleting it.
func TestDoctorLeavesAnotherDatabasesKeysAlone(t *testing.T) {
	dir := t.TempDir()
	var dbs []string
	for _, name := range []string{"a.db", "b.db"} {
		db := filepath.Join(dir, name)
		st, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		st.CreateOperator(context.Background(), store.Operator{Name: "张三", Role: "科长", Unit: "信息中心"})
		st.Close()
		if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
			t.Fatal(errs)
		}
		dbs = append(dbs, db)
	}
	for _, db := range dbs {
		code, out, _ := caseCmd(t, "", "--db", db, "doctor")
		if code != 0 || strings.Contains(out, "未登记的密钥文件夹") {
			t.Errorf("doctor %s: %d\n%s", db, code, out)
		}
	}
	// A folder of this database that it does not record is stray; one that
	// names no database, with another database beside, is shown to check.
	left := filepath.Join(dir, "keys", "leftover")
	os.Mkdir(left, 0o700)
	if code, out, _ := caseCmd(t, "", "--db", dbs[0], "doctor"); code != 0 || !strings.Contains(out, "可能属于同一文件夹中的其他数据库") || !strings.Contains(out, left) {
		t.Errorf("doctor with an unclaimed folder: %d\n%s", code, out)
	}
	os.WriteFile(filepath.Join(left, "database"), []byte("a.db\n"), 0o600)
	if code, out, _ := caseCmd(t, "", "--db", dbs[0], "doctor"); code != exitFailure || !strings.Contains(out, "未登记的密钥文件夹") || !strings.Contains(out, left) {
		t.Errorf("doctor with a stray folder: %d\n%s", code, out)
	}
}
