package main

import (
	"database/sql"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// sqlite3 edits the database as a person with the sqlite3 shell would,
// every trigger dropped first.
func sqlite3(t *testing.T, db string, stmts ...string) {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, err := h.Query(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	var drops []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		drops = append(drops, "DROP TRIGGER "+n)
	}
	rows.Close()
	for _, q := range append(drops, stmts...) {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// Done when: a sqlite3 edit of one risk's level, with triggers dropped, is
// named by doctor and audit verify: table, record, field.
func TestDoctorNamesAHandEditedRiskLevel(t *testing.T) {
	db := tempDB(t)
	if code, _, errs := outsec(t, nil, "--db", db, "sample"); code != 0 {
		t.Fatal(errs)
	}
	if code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); code != 0 || !strings.Contains(out, "match the digests") {
		t.Fatalf("doctor before: %d %s", code, out)
	}
	sqlite3(t, db, "UPDATE risks SET level = 1 WHERE id = 3")
	code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != exitFailure || !strings.Contains(out, "table risks, record 3: level not as in audit record") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	if !strings.Contains(out, "Audit trail intact") {
		t.Fatalf("the chain itself verifies; the digests find the edit: %s", out)
	}
	code, _, errs := outsec(t, nil, "--db", db, "audit", "verify")
	if code != exitFailure || !strings.Contains(errs, "表 risks，记录 3：字段 level") {
		t.Fatalf("verify: %d %s", code, errs)
	}
}

// Done when: deleting the last 5 audit records after a backup is named by
// doctor; a backup restores to a folder; a changed byte is refused.
func TestBackupAnchorsRestoreAndRefusal(t *testing.T) {
	db := tempDB(t)
	outsec(t, nil, "--db", db, "sample")
	for i := 0; i < 5; i++ {
		outsec(t, nil, "--db", db, "sample")
	}
	code, out, errs := outsec(t, nil, "--db", db, "--lang", "en", "backup")
	if code != 0 || !strings.Contains(out, "Backup written: "+filepath.Join(filepath.Dir(db), "backups", "outsec-")) {
		t.Fatalf("backup: %d %s %s", code, out, errs)
	}
	bdir := strings.TrimSpace(strings.TrimPrefix(strings.Split(out, "\n")[0], "Backup written: "))
	if code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); code != 0 || !strings.Contains(out, "0 days ago") {
		t.Fatalf("doctor: %s", out)
	}
	// A backup with one changed byte is refused, and nothing is written.
	dbCopy := filepath.Join(bdir, "outsec.db")
	orig, _ := os.ReadFile(dbCopy)
	bad := append([]byte(nil), orig...)
	bad[len(bad)-100] ^= 0x01
	os.WriteFile(dbCopy, bad, 0o600)
	to := filepath.Join(t.TempDir(), "r1")
	code, _, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--to", to)
	if code != exitFailure || !strings.Contains(errs, "SHA-256 differs") || !strings.Contains(errs, "is refused") {
		t.Fatalf("damaged: %d %s", code, errs)
	}
	if _, err := os.Stat(to); err == nil {
		t.Fatal("a damaged backup was restored")
	}
	os.WriteFile(dbCopy, orig, 0o600)
	code, out, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--to", to)
	if code != 0 || !strings.Contains(out, "Restored to "+filepath.Join(to, "outsec.db")) || !strings.Contains(out, "engagements: 6") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	if code, out, _ := outsec(t, nil, "--db", filepath.Join(to, "outsec.db"), "doctor"); !strings.Contains(out, "条记录与其审计记录的摘要一致") {
		t.Fatalf("restored doctor: %d %s", code, out)
	}
	// The newest 5 audit records deleted by hand: the chain still verifies
	// to its new end, but not to the backup's anchor.
	sqlite3(t, db, "DELETE FROM audit_log WHERE id > (SELECT max(id) - 5 FROM audit_log)")
	code, out, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != exitFailure || !strings.Contains(out, "records were removed from its end") || !strings.Contains(out, "backup.json") {
		t.Fatalf("truncated doctor: %d %s", code, out)
	}
	code, _, errs = outsec(t, nil, "--db", db, "--lang", "en", "audit", "verify")
	if code != exitFailure || !strings.Contains(errs, "records were removed from its end") {
		t.Fatalf("truncated verify: %d %s", code, errs)
	}
}

// Replacing the live database asks first, keeps a safety copy, and is in
// both audit trails.
func TestRestoreReplacesLiveWithSafetyCopy(t *testing.T) {
	db := tempDB(t)
	outsec(t, nil, "--db", db, "sample")
	_, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "backup")
	bdir := strings.TrimSpace(strings.TrimPrefix(strings.Split(out, "\n")[0], "Backup written: "))
	outsec(t, nil, "--db", db, "sample") // a second engagement, after the backup
	code, _, errs := outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--replace")
	if code != exitUsage || !strings.Contains(errs, "needs confirmation") {
		t.Fatalf("no confirmation: %d %s", code, errs)
	}
	code, out, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--replace", "--yes")
	if code != 0 || !strings.Contains(out, "Safety copy of the live database") {
		t.Fatalf("replace: %d %s %s", code, out, errs)
	}
	_, log, _ := outsec(t, nil, "--db", db, "--lang", "en", "audit", "log", "-n", "1")
	if !strings.Contains(log, "database restored from backup") {
		t.Fatalf("restored log: %s", log)
	}
	_, list, _ := outsec(t, nil, "--db", db, "--lang", "en", "backup", "list")
	if !strings.Contains(list, "before-restore") {
		t.Fatalf("list: %s", list)
	}
	// The safety copy holds the second engagement and the replace record.
	var safety string
	for _, line := range strings.Split(list, "\n") {
		if strings.Contains(line, "before-restore") {
			for _, f := range strings.Fields(line) {
				if strings.Contains(f, string(filepath.Separator)+"backups"+string(filepath.Separator)) {
					safety = f
				}
			}
		}
	}
	to := filepath.Join(t.TempDir(), "safety")
	if code, out, errs := outsec(t, nil, "--db", db, "--lang", "en", "restore", safety, "--to", to); code != 0 || !strings.Contains(out, "engagements: 2") {
		t.Fatalf("safety copy %q: %d %s %s", safety, code, out, errs)
	}
	_, log, _ = outsec(t, nil, "--db", filepath.Join(to, "outsec.db"), "--lang", "en", "audit", "log", "-n", "3")
	if !strings.Contains(log, "replace database from backup") {
		t.Fatalf("old database's log: %s", log)
	}
	if code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); code != 0 {
		t.Fatalf("doctor after replace: %s", out)
	}
}

func TestAuditExportCSVAndXLSX(t *testing.T) {
	db := tempDB(t)
	outsec(t, nil, "--db", db, "sample")
	outsec(t, nil, "--db", db, "sample")
	code, out, errs := outsec(t, nil, "--db", db, "--lang", "en", "audit", "export")
	if code != 0 {
		t.Fatal(errs)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][4] != "OS account" || rows[1][2] != "sample.load" {
		t.Fatalf("%v %q", err, rows)
	}
	x := filepath.Join(t.TempDir(), "audit.xlsx")
	if code, out, errs := outsec(t, nil, "--db", db, "--lang", "en", "audit", "export", "--from", "2000-01-01", "-o", x); code != 0 || !strings.Contains(out, "3 audit records") {
		t.Fatalf("%d %s %s", code, out, errs) // the CSV export above is a record too
	}
	f, err := excelize.OpenFile(x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	xr, _ := f.GetRows("audit")
	if len(xr) != 4 || xr[3][2] != "audit.export" {
		t.Fatalf("%q", xr)
	}
	if code, _, errs := outsec(t, nil, "--db", db, "audit", "export", "--from", "yesterday"); code != exitUsage || !strings.Contains(errs, "不是日期") {
		t.Fatalf("%d %s", code, errs)
	}
	// Nothing is ever deleted: doctor states the oldest record.
	if _, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); !strings.Contains(out, "Oldest audit record") {
		t.Fatal(out)
	}
}

// Hole 6: the damaged-database message sends the user to doctor; doctor
// then says what is damaged and how back: the newest backup and the
// command, which restores over the damaged file and keeps it aside.
func TestDoctorExplainsADamagedDatabase(t *testing.T) {
	db := tempDB(t)
	for i := 0; i < 30; i++ {
		outsec(t, nil, "--db", db, "sample")
	}
	_, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "backup")
	bdir := strings.TrimSpace(strings.TrimPrefix(strings.Split(out, "\n")[0], "Backup written: "))
	b, _ := os.ReadFile(db)
	for i := 4096; i < 3*4096; i++ {
		b[i] = 0xA5
	}
	os.WriteFile(db, b, 0o600)
	code, _, errs := outsec(t, nil, "--db", db, "--lang", "en", "sample")
	if code != exitFailure || !strings.Contains(errs, "doctor") {
		t.Fatalf("open: %d %s", code, errs)
	}
	code, out, _ = outsec(t, nil, "--db", db, "--lang", "en", "doctor")
	if code != exitFailure || !strings.Contains(out, "What SQLite finds damaged") || !strings.Contains(out, "outsec restore "+bdir+" --replace") {
		t.Fatalf("doctor: %d %s", code, out)
	}
	if after, _ := os.ReadFile(db); string(after) != string(b) {
		t.Fatal("doctor changed the damaged file")
	}
	code, out, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--replace", "--yes")
	if code != 0 || !strings.Contains(out, "kept, unchanged, as "+db+".damaged-") {
		t.Fatalf("restore over damaged: %d %s %s", code, out, errs)
	}
	if code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); code != 0 {
		t.Fatalf("doctor after: %s", out)
	}
}

// Hole 6: a full disk while writing a key names the file.
func TestKeyWriteErrorNamesThePath(t *testing.T) {
	a := &app{getenv: func(string) string { return "" }, langFlag: "zh"}
	err := a.keyError(&fs.PathError{Op: "write", Path: "/media/u/keys/ab12/id_ed25519", Err: syscall.ENOSPC})
	if err == nil || !strings.Contains(err.Error(), "无法写入 /media/u/keys/ab12/id_ed25519：") {
		t.Fatalf("%v", err)
	}
}

// Case files carry the full data and say they are sensitive; they still import.
func TestCaseFileMarkedSensitive(t *testing.T) {
	db := tempDB(t)
	outsec(t, nil, "--db", db, "sample")
	f := filepath.Join(t.TempDir(), "c"+".json")
	if code, _, errs := outsec(t, nil, "--db", db, "case", "export", "2026-001", "-o", f); code != 0 {
		t.Fatal(errs)
	}
	b, _ := os.ReadFile(f)
	if !strings.Contains(string(b), `"sensitive": "personal data in full`) || !strings.Contains(string(b), "110101199003070011") {
		t.Fatalf("%.400s", b)
	}
	if code, _, errs := outsec(t, nil, "--db", tempDB(t), "case", "import", f); code != 0 {
		t.Fatal(errs)
	}
}

// A backup signed with the operator's key: outsec verify checks its
// signature, restore names the signer; a manifest changed to hide an edit
// no longer verifies and restore refuses the backup.
func TestSignedBackup(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	code, out, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "--lang", "en", "backup", "--sign")
	if code != 0 || !strings.Contains(out, "Manifest signed: ") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	bdir := strings.TrimSpace(strings.TrimPrefix(strings.Split(out, "\n")[0], "Backup written: "))
	meta := strings.TrimSpace(out[strings.Index(out, "Manifest signed: ")+len("Manifest signed: "):])
	meta = strings.Split(meta, "\n")[0]
	if code, out, errs := outsec(t, nil, "--db", db, "verify", meta); code != 0 {
		t.Fatalf("verify: %d %s %s", code, out, errs)
	}
	to := filepath.Join(t.TempDir(), "r")
	code, out, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--to", to)
	if code != 0 || !strings.Contains(out, "Signed by 张三") || !strings.Contains(out, "every file verify") {
		t.Fatalf("restore: %d %s %s", code, out, errs)
	}
	// Someone rewrites the manifest after changing backup.json.
	man := filepath.Join(bdir, "MANIFEST.sha256")
	b, _ := os.ReadFile(man)
	os.WriteFile(man, append(b, []byte("0000000000000000000000000000000000000000000000000000000000000000  extra\n")...), 0o600)
	os.WriteFile(filepath.Join(bdir, "extra"), nil, 0o600)
	code, _, errs = outsec(t, nil, "--db", db, "--lang", "en", "restore", bdir, "--to", filepath.Join(t.TempDir(), "r2"))
	if code != exitFailure || !strings.Contains(errs, "signature over the manifest does not verify") {
		t.Fatalf("tampered: %d %s", code, errs)
	}
}

// The audit export, signed with the operator's key, verifies.
func TestSignedAuditExport(t *testing.T) {
	db := signerDB(t, "张三", "信息中心")
	if code, _, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "keys", "new"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := outsec(t, nil, "--db", db, "audit", "export", "--sign"); code != exitUsage || !strings.Contains(errs, "-o") {
		t.Fatalf("%d %s", code, errs)
	}
	f := filepath.Join(t.TempDir(), "audit.csv")
	code, out, errs := caseCmd(t, testPassphrase+"\n", "--db", db, "--lang", "en", "audit", "export", "-o", f, "--sign")
	if code != 0 || !strings.Contains(out, "signed: ") {
		t.Fatalf("%d %s %s", code, out, errs)
	}
	if code, out, errs := outsec(t, nil, "--db", db, "verify", filepath.Dir(f)); code != 0 {
		t.Fatalf("verify: %d %s %s", code, out, errs)
	}
	b, _ := os.ReadFile(f)
	os.WriteFile(f, append(b, 'x'), 0o600)
	if code, _, _ := outsec(t, nil, "--db", db, "verify", filepath.Dir(f)); code != 3 {
		t.Fatalf("a changed export verifies: %d", code)
	}
}

// doctor warns when the last backup is more than 7 days old; the
// destruction of handed-out files can be recorded.
func TestStaleBackupWarnedAndDestructionRecorded(t *testing.T) {
	db := tempDB(t)
	outsec(t, nil, "--db", db, "sample")
	if _, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); !strings.Contains(out, "none yet in") {
		t.Fatalf("no backup: %s", out)
	}
	_, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "backup")
	bdir := strings.TrimSpace(strings.TrimPrefix(strings.Split(out, "\n")[0], "Backup written: "))
	meta := filepath.Join(bdir, "backup.json")
	b, _ := os.ReadFile(meta)
	old := time.Now().UTC().Add(-10 * 24 * time.Hour).Format(time.RFC3339)
	b = regexp.MustCompile(`"created_at": "[^"]+"`).ReplaceAll(b, []byte(`"created_at": "`+old+`"`))
	os.WriteFile(meta, b, 0o600)
	if _, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "doctor"); !strings.Contains(out, "! Last backup") || !strings.Contains(out, "10 days ago, more than 7") {
		t.Fatalf("stale: %s", out)
	}
	if code, _, errs := outsec(t, nil, "--db", db, "destroyed", "2026-001-RA-01"); code != exitUsage || !strings.Contains(errs, "--how") {
		t.Fatalf("%d %s", code, errs)
	}
	if code, out, _ := outsec(t, nil, "--db", db, "--lang", "en", "destroyed", "2026-001-RA-01", "--how", "USB stick shredded, 2026-12-01, 李四"); code != 0 || !strings.Contains(out, "were destroyed") {
		t.Fatal(out)
	}
	if _, log, _ := outsec(t, nil, "--db", db, "--lang", "en", "audit", "log", "-n", "1"); !strings.Contains(log, "exported files destroyed") {
		t.Fatal(log)
	}
}
