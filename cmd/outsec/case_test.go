package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"outsec/model/risk"
	"outsec/store"
)

// caseCmd runs outsec with stdin as its standard input.
func caseCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb, func(string) string { return "" })
	return code, out.String(), errb.String()
}

// rows counts the engagements, managers and audit records of a database.
func rows(t *testing.T, db string) [3]int {
	t.Helper()
	h, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var n [3]int
	for i, table := range []string{"engagements", "managers", "audit_log"} {
		if err := h.QueryRow("SELECT count(*) FROM " + table).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// sampleCase makes a database holding the sample engagement and returns it
// with the engagement exported to standard output.
func sampleCase(t *testing.T) (db string, file []byte) {
	t.Helper()
	db = tempDB(t)
	if code, _, errs := caseCmd(t, "", "--db", db, "sample"); code != 0 {
		t.Fatalf("sample: %d %s", code, errs)
	}
	code, out, errs := caseCmd(t, "", "--db", db, "case", "export", "1")
	if code != 0 || errs != "" {
		t.Fatalf("export: %d %q", code, errs)
	}
	return db, []byte(out)
}

func engagementSection(t *testing.T, file []byte) (string, map[string]json.RawMessage) {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(file, &top); err != nil {
		t.Fatalf("%v:\n%s", err, file)
	}
	return string(top["engagement"]), top
}

func writeFile(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// export → import into an empty database → export: the same engagement.
func TestCaseCommandRoundTrip(t *testing.T) {
	db, file := sampleCase(t)
	sec, top := engagementSection(t, file)
	if string(top["format"]) != `"outsec-case"` || string(top["version"]) != "1" || string(top["tool"]) != `"outsec dev"` {
		t.Fatalf("envelope: %s", file)
	}
	var e struct{ UID, Code string }
	json.Unmarshal([]byte(sec), &e)

	// By code, into a file with -o: the same engagement, and a message.
	out := filepath.Join(t.TempDir(), e.Code+".json")
	code, msg, errs := caseCmd(t, "", "--db", db, "--lang", "en", "case", "export", e.Code, "-o", out)
	if code != 0 || !strings.Contains(msg, "Exported engagement "+e.Code) || !strings.Contains(msg, "SHA-256") {
		t.Fatalf("export -o: %d %q %q", code, msg, errs)
	}
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := engagementSection(t, written); s != sec {
		t.Fatalf("-o and stdout differ:\n%s\n%s", s, sec)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*tmp")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}

	db2 := tempDB(t)
	code, msg, errs = caseCmd(t, "", "--db", db2, "--lang", "en", "case", "import", out)
	if code != 0 || !strings.Contains(msg, "Imported engagement "+e.Code) || !strings.Contains(msg, e.UID) {
		t.Fatalf("import: %d %q %q", code, msg, errs)
	}
	code, again, errs := caseCmd(t, "", "--db", db2, "case", "export", e.UID[:8])
	if code != 0 {
		t.Fatalf("export again: %d %q", code, errs)
	}
	if s, _ := engagementSection(t, []byte(again)); s != sec {
		t.Fatalf("round trip changed the engagement:\n%s\n---\n%s", sec, s)
	}

	// From standard input, into a third database.
	db3 := tempDB(t)
	code, msg, errs = caseCmd(t, string(file), "--db", db3, "case", "import", "-")
	if code != 0 || !strings.Contains(msg, "已导入项目") {
		t.Fatalf("import -: %d %q %q", code, msg, errs)
	}
	if n := rows(t, db3); n[0] != 1 || n[1] != 2 {
		t.Fatalf("rows %v", n)
	}
}

// One invalid field: refused with that field's JSON path, nothing written.
func TestCaseCommandInvalidField(t *testing.T) {
	_, file := sampleCase(t)
	bad := bytes.Replace(file, []byte(`"lihua@example.gov.cn"`), []byte(`"lihua@example"`), 1)
	if bytes.Equal(bad, file) {
		t.Fatal("fixture: no email to break")
	}
	path := writeFile(t, bad)
	db := tempDB(t)
	caseCmd(t, "", "--db", db, "sample") // so that the database exists with a record
	before := rows(t, db)

	code, out, errs := caseCmd(t, "", "--db", db, "case", "import", path)
	if code != exitFailure || out != "" {
		t.Fatalf("%d %q", code, out)
	}
	for _, want := range []string{"有 1 处问题，未导入任何内容", "$.engagement.managers[0].email: 管理人员电子邮箱：不是有效的电子邮箱地址"} {
		if !strings.Contains(errs, want) {
			t.Errorf("zh message lacks %q:\n%s", want, errs)
		}
	}
	_, _, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", path)
	if !strings.Contains(errs, "$.engagement.managers[0].email: Manager's email: is not a valid email address") {
		t.Errorf("en message:\n%s", errs)
	}
	// Nothing is imported; each refused attempt is audited (issue 17).
	if after := rows(t, db); after != [3]int{before[0], before[1], before[2] + 2} {
		t.Errorf("rows %v → %v", before, after)
	}

	// Several problems are listed together, each with its path.
	bad = bytes.Replace(bad, []byte(`"cloud_website": true`), []byte(`"cloud_website": "是"`), 1)
	bad = bytes.Replace(bad, []byte(`"leader": "`), []byte(`"leeder": "`), 1)
	code, _, errs = caseCmd(t, string(bad), "--db", db, "--lang", "en", "case", "import", "-")
	if code != exitFailure || !strings.Contains(errs, "- (standard input) has 4 problems") {
		t.Fatalf("%d %s", code, errs)
	}
	for _, want := range []string{
		"$.engagement.leeder: unknown field",
		"$.engagement.cloud_website: wrong type: expected true or false, found a string",
		"$.engagement.managers[0].email:",
		"$.engagement.leader: Leader in charge: is required (per GB/T 32926—2016 4.2.2)",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("lacks %q:\n%s", want, errs)
		}
	}
	if after := rows(t, db); after != [3]int{before[0], before[1], before[2] + 3} {
		t.Errorf("rows %v → %v", before, after)
	}
}

func TestCaseCommandBadFiles(t *testing.T) {
	_, file := sampleCase(t)
	db := tempDB(t)
	cases := []struct {
		name string
		data string
		want string
	}{
		{"newer version", strings.Replace(string(file), `"version": 1`, `"version": 2`, 1), "version 2 of the case file format, exported by a newer outsec (outsec dev)"},
		{"truncated", string([]rune(string(file))[:len([]rune(string(file)))/2]), "the file ends unexpectedly"}, // cut between characters
		{"missing comma", strings.Replace(string(file), `"version": 1,`, `"version": 1`, 1), "line 4, column 3: expected a comma , or }"},
		{"not a case file", `{"hello": "world"}`, `not an outsec case file`},
	}
	for _, c := range cases {
		code, _, errs := caseCmd(t, c.data, "--db", db, "--lang", "en", "case", "import", "-")
		if code != exitFailure || !strings.Contains(errs, c.want) {
			t.Errorf("%s: %d %q", c.name, code, errs)
		}
	}
	code, _, errs := caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", filepath.Join(t.TempDir(), "nope.json"))
	if code != exitFailure || !strings.Contains(errs, "does not exist") {
		t.Errorf("missing file: %d %q", code, errs)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "case", "import")
	if code != exitUsage || !strings.Contains(errs, "请指定一个案卷文件") {
		t.Errorf("no argument: %d %q", code, errs)
	}
}

// The engagement exists, no one can be asked and no flag says what to do: the
// import is refused and the message names the flag.
func TestCaseCommandConflict(t *testing.T) {
	db, file := sampleCase(t)
	path := writeFile(t, file)
	before := rows(t, db)
	code, out, errs := caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", path)
	if code != exitFailure || out != "" || !strings.Contains(errs, "--on-conflict") ||
		!strings.Contains(errs, "already holds the same engagement") {
		t.Fatalf("%d %q %q", code, out, errs)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "case", "import", path)
	if code != exitFailure || !strings.Contains(errs, "--on-conflict") || !strings.Contains(errs, "已有同一项目") {
		t.Fatalf("zh: %d %q", code, errs)
	}
	code, _, _ = caseCmd(t, "", "--db", db, "case", "import", "--on-conflict", "refuse", path)
	if code != exitFailure {
		t.Fatalf("refuse: %d", code)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", "--on-conflict", "merge", path)
	if code != exitUsage || !strings.Contains(errs, "refuse, replace or keep-both") {
		t.Fatalf("bad mode: %d %q", code, errs)
	}
	// Three refusals, each audited; the bad mode is a usage error.
	if after := rows(t, db); after != [3]int{before[0], before[1], before[2] + 3} {
		t.Fatalf("refused imports wrote: %v → %v", before, after)
	}

	code, out, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", "--on-conflict", "replace", path)
	if code != 0 || !strings.Contains(out, "Replaced engagement") {
		t.Fatalf("replace: %d %q %q", code, out, errs)
	}
	if after := rows(t, db); after[0] != before[0] || after[2] != before[2]+3+1 {
		t.Fatalf("replace: %v → %v", before, after)
	}
	code, out, errs = caseCmd(t, "", "--db", db, "case", "import", "--on-conflict", "keep-both", path)
	if code != 0 || !strings.Contains(out, "已作为副本导入") || !strings.Contains(out, "【示例】市政府门户网站运行维护服务外包（副本）") {
		t.Fatalf("keep-both: %d %q %q", code, out, errs)
	}
	if after := rows(t, db); after[0] != before[0]+1 {
		t.Fatalf("keep-both: %v → %v", before, after)
	}
}

// At a terminal the import asks; an answer that is not a choice is asked again.
func TestCaseCommandAsksAtATerminal(t *testing.T) {
	saved := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { stdinIsTerminal = saved })

	db, file := sampleCase(t)
	path := writeFile(t, file)
	before := rows(t, db)
	code, _, errs := caseCmd(t, "1\n", "--db", db, "--lang", "en", "case", "import", path)
	if code != exitFailure || !strings.Contains(errs, "Enter 1, 2 or 3") || !strings.Contains(errs, "Not imported, as chosen") {
		t.Fatalf("refuse: %d %q", code, errs)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "import", path)
	if code != exitFailure || !strings.Contains(errs, "Not imported") {
		t.Fatalf("no answer: %d %q", code, errs)
	}
	// Two refusals, each audited (issue 17).
	if after := rows(t, db); after != [3]int{before[0], before[1], before[2] + 2} {
		t.Fatalf("refused imports wrote: %v → %v", before, after)
	}
	code, out, errs := caseCmd(t, "maybe\n3\n", "--db", db, "--lang", "en", "case", "import", path)
	if code != 0 || !strings.Contains(errs, `"maybe" is not one of the choices`) || !strings.Contains(out, "(copy)") {
		t.Fatalf("keep both: %d %q %q", code, out, errs)
	}
	code, out, _ = caseCmd(t, "2\n", "--db", db, "case", "import", path)
	if code != 0 || !strings.Contains(out, "已用案卷文件的内容替换项目") {
		t.Fatalf("replace: %d %q", code, out)
	}
	// Reading the file from standard input leaves no one to ask.
	code, _, errs = caseCmd(t, string(file), "--db", db, "--lang", "en", "case", "import", "-")
	if code != exitFailure || !strings.Contains(errs, "--on-conflict") {
		t.Fatalf("stdin: %d %q", code, errs)
	}
}

// A code held by another engagement is replaced, and the output says so.
func TestCaseCommandCodeTaken(t *testing.T) {
	_, file := sampleCase(t)
	db := tempDB(t)
	caseCmd(t, "", "--db", db, "sample") // takes the same code, with another uid
	code, out, errs := caseCmd(t, string(file), "--db", db, "--lang", "en", "case", "import", "-")
	if code != 0 || !strings.Contains(out, "is used by another engagement in this database") || !strings.Contains(out, "gets the new code") {
		t.Fatalf("%d %q %q", code, out, errs)
	}
}

func TestCaseCommandExportErrors(t *testing.T) {
	db, _ := sampleCase(t)
	code, _, errs := caseCmd(t, "", "--db", db, "--lang", "en", "case", "export", "2099-999")
	if code != exitFailure || !strings.Contains(errs, `No engagement "2099-999" was found`) {
		t.Fatalf("not found: %d %q", code, errs)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "case", "export")
	if code != exitUsage || !strings.Contains(errs, "请指定一个要导出的项目") {
		t.Fatalf("no argument: %d %q", code, errs)
	}
	// A folder that does not exist: an error, and no file.
	dir := t.TempDir()
	target := filepath.Join(dir, "missing", "case.json")
	code, _, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "export", "1", "-o", target)
	if code != exitFailure || !strings.Contains(errs, "Cannot write") || !strings.Contains(errs, "folder does not exist") {
		t.Fatalf("missing folder: %d %q", code, errs)
	}
	// A failed export leaves an existing file as it was, and nothing beside it.
	existing := filepath.Join(dir, "old.json")
	os.WriteFile(existing, []byte("old"), 0o600)
	code, _, _ = caseCmd(t, "", "--db", db, "case", "export", "2099-999", "-o", existing)
	if b, _ := os.ReadFile(existing); code != exitFailure || string(b) != "old" {
		t.Fatalf("existing file: %d %q", code, b)
	}
	code, _, errs = caseCmd(t, "", "--db", db, "--lang", "en", "case", "export", "1", "-o", dir)
	if code != exitFailure || !strings.Contains(errs, "it is a folder") {
		t.Fatalf("folder: %d %q", code, errs)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left in the folder: %v", entries)
	}
	// The failure was recorded; the audit chain still verifies.
	code, out, _ := caseCmd(t, "", "--db", db, "--lang", "en", "audit", "verify")
	if code != 0 || !strings.Contains(out, "intact") {
		t.Fatalf("verify: %d %q", code, out)
	}
}

func TestCaseHelp(t *testing.T) {
	_, out, _ := caseCmd(t, "", "--lang", "en", "case", "--help")
	if !strings.Contains(out, "Export an engagement as a case file") || !strings.Contains(out, "Import an engagement from a case file") {
		t.Fatalf("%q", out)
	}
	_, out, _ = caseCmd(t, "", "case", "import", "--help")
	if !strings.Contains(out, "--on-conflict") || !strings.Contains(out, "keep-both 以新编号和 uid 作为副本导入") {
		t.Fatalf("%q", out)
	}
}

// Issue 16: export a case file, add a threat, import the old file. The
// conflict compares every section (two different times, the threat named);
// replace is refused without --force and changes nothing; with it, the file
// wins. At a terminal, replace asks a second time.
func TestCaseReplaceRefusedForNewerData(t *testing.T) {
	db, file := sampleCase(t)
	path := writeFile(t, file)
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	op, _ := st.CreateOperator(context.Background(), store.Operator{Name: "检查员"})
	if err := st.SaveThreat(context.Background(), op, 1, &risk.Threat{Name: "新发现的钓鱼邮件", Source: risk.SourceHumanMalicious, Path: risk.PathIndirect, Frequency: 3}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before := rows(t, db)
	code, out, errs := caseCmd(t, "", "--db", db, "case", "import", "--on-conflict", "replace", path)
	if code != exitFailure || out != "" || !strings.Contains(errs, "威胁：新增 0，删除 1，更改 0") ||
		!strings.Contains(errs, "删除：新发现的钓鱼邮件") || !strings.Contains(errs, "--force") || !strings.Contains(errs, "晚于案卷文件的导出") {
		t.Fatalf("replace of newer data: %d %q %q", code, out, errs)
	}
	if after := rows(t, db); after[0] != before[0] || after[1] != before[1] {
		t.Fatalf("a refused replace wrote: %v → %v", before, after)
	}
	// At a terminal: replace, then anything but yes keeps the data.
	saved := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { stdinIsTerminal = saved })
	code, _, errs = caseCmd(t, "2\nno\n", "--db", db, "--lang", "en", "case", "import", path)
	if code != exitFailure || !strings.Contains(errs, "Type yes to replace") || !strings.Contains(errs, "Threats: 0 added, 1 removed, 0 changed") {
		t.Fatalf("second confirmation: %d %q", code, errs)
	}
	code, out, errs = caseCmd(t, "2\nyes\n", "--db", db, "--lang", "en", "case", "import", path)
	if code != 0 || !strings.Contains(out, "Replaced engagement") {
		t.Fatalf("confirmed: %d %q %q", code, out, errs)
	}
	stdinIsTerminal = saved
	// Now the same content: the import says so, and --force is not needed.
	code, _, errs = caseCmd(t, "", "--db", db, "case", "import", path)
	if code != exitFailure || !strings.Contains(errs, "两者内容相同") {
		t.Fatalf("same content: %d %q", code, errs)
	}
	if code, out, errs := caseCmd(t, "", "--db", db, "case", "import", "--on-conflict", "replace", "--force", path); code != 0 {
		t.Fatalf("--force: %d %q %q", code, out, errs)
	}
}
