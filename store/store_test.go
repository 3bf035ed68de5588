package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"outsec/model"
)

var ctx = context.Background()

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "outsec.db")
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Every store test doubles as a check that each write it made
		// was taken by an audit record's digests (records.go).
		if rc, err := s.VerifyRecords(ctx); err == nil && len(rc.Problems) > 0 && !t.Failed() {
			t.Errorf("records not matching their audit digests: %+v", rc.Problems)
		}
		s.Close()
	})
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return s, p
}

var testOp = Operator{Name: "张三", Role: "科员", Unit: "信息技术处"}

func validEngagement() *model.Engagement {
	e := model.SampleEngagement("zh-CN")
	e.Sample = false
	e.Name = "门户网站运维"
	return &e
}

func count(t *testing.T, s *Store, table string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenCreatesOwnerOnlyFileAndSchema(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	p := filepath.Join(dir, "outsec.db")
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(p)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("database mode %o, want 0600", fi.Mode().Perm())
		}
		di, _ := os.Stat(dir)
		if di.Mode().Perm() != 0o700 {
			t.Errorf("folder mode %o, want 0700", di.Mode().Perm())
		}
	}
	have, want, err := s.SchemaVersion(ctx)
	if err != nil || have != want || want < 1 {
		t.Fatalf("schema %d/%d, %v", have, want, err)
	}
	var fk, sync int
	var jm, lm string
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	s.db.QueryRow("PRAGMA synchronous").Scan(&sync)
	s.db.QueryRow("PRAGMA journal_mode").Scan(&jm)
	s.db.QueryRow("PRAGMA locking_mode").Scan(&lm)
	// Normal locking (issue 16): readers beside the one writer, whose lock
	// is the writer's lock file.
	if fk != 1 || sync != 2 || jm != "wal" || lm != "normal" {
		t.Errorf("pragmas: foreign_keys=%d synchronous=%d journal_mode=%s locking_mode=%s", fk, sync, jm, lm)
	}
}

func TestReopenKeepsDataAndDoesNotRemigrate(t *testing.T) {
	s, p := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Engagement(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != e.Name || got.UID != e.UID || len(got.Managers) != 2 || got.Managers[1].Name != "赵磊" {
		t.Fatalf("after reopen: %+v", got)
	}
}

func TestSecondInstanceIsLockedOut(t *testing.T) {
	_, p := openTemp(t)
	_, err := Open(ctx, p)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
}

func TestReadOnlyFileRefusedUnchanged(t *testing.T) {
	s, p := openTemp(t)
	s.Close()
	before, _ := os.ReadFile(p)
	if err := os.Chmod(p, 0o400); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ctx, p)
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("read-only open: %v, want ErrReadOnly", err)
	}
	after, _ := os.ReadFile(p)
	if string(before) != string(after) {
		t.Fatal("read-only file was changed")
	}
}

func TestNotADatabaseRefusedUnchanged(t *testing.T) {
	p := filepath.Join(t.TempDir(), "notes.db")
	content := []byte("这是一份会议纪要,不是数据库。\n")
	os.WriteFile(p, content, 0o600)
	_, err := Open(ctx, p)
	if !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("open text file: %v, want ErrNotDatabase", err)
	}
	got, _ := os.ReadFile(p)
	if string(got) != string(content) {
		t.Fatal("the file was changed")
	}
	if _, err := os.Stat(p + "-wal"); err == nil {
		t.Fatal("a -wal file was created beside it")
	}
}

func TestDamagedDatabaseRefusedUnchanged(t *testing.T) {
	s, p := openTemp(t)
	for i := 0; i < 40; i++ {
		e := validEngagement()
		e.Name = e.Name + string(rune('A'+i%26))
		if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	b, _ := os.ReadFile(p)
	if len(b) < 4*4096 {
		t.Fatalf("database too small to damage: %d", len(b))
	}
	// Overwrite pages 2 and 3 (b-tree pages) with garbage, keeping the file header.
	for i := 4096; i < 3*4096; i++ {
		b[i] = 0xA5
	}
	os.WriteFile(p, b, 0o600)
	_, err := Open(ctx, p)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open damaged: %v, want ErrCorrupt", err)
	}
	after, _ := os.ReadFile(p)
	if string(after) != string(b) {
		t.Fatal("damaged file was changed")
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	s, p := openTemp(t)
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	_, err := Open(ctx, p)
	var se *Error
	if !errors.As(err, &se) || se.Code != CodeNewerSchema {
		t.Fatalf("open newer: %v", err)
	}
}

func TestCreateWritesAuditInSameTransaction(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	if e.Code != "2026-001" || e.UID == "" {
		t.Fatalf("code %q uid %q", e.Code, e.UID)
	}
	recs, _ := s.AuditLog(ctx, 0)
	if len(recs) != 1 || recs[0].Event != EventEngagementCreate || recs[0].Outcome != OutcomeSuccess ||
		recs[0].Operator != "张三 (科员, 信息技术处)" || recs[0].ObjectID != "2026-001" {
		t.Fatalf("audit: %+v", recs)
	}
	e2 := validEngagement()
	s.CreateEngagement(ctx, testOp, e2, 0)
	if e2.Code != "2026-002" {
		t.Fatalf("second code %q", e2.Code)
	}
}

func TestInvalidEngagementWritesNothingButTheFailure(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	e.Department = ""
	e.Managers[0].Email = "not-an-email"
	err := s.CreateEngagement(ctx, testOp, e, 0)
	var ve model.ValidationError
	if !errors.As(err, &ve) || len(ve) != 2 {
		t.Fatalf("err %v", err)
	}
	if n := count(t, s, "engagements"); n != 0 {
		t.Fatalf("%d engagements written", n)
	}
	recs, _ := s.AuditLog(ctx, 0)
	if len(recs) != 1 || recs[0].Outcome != OutcomeFailure {
		t.Fatalf("audit: %+v", recs)
	}
}

func TestUpdateAndDelete(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	s.CreateEngagement(ctx, testOp, e, 0)
	created := e.CreatedAt
	e.Vendor.Name = "另一家公司"
	e.Managers = e.Managers[:1]
	if err := s.UpdateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Engagement(ctx, e.ID)
	if got.Vendor.Name != "另一家公司" || len(got.Managers) != 1 || !got.CreatedAt.Equal(created) || !got.UpdatedAt.After(created) {
		t.Fatalf("after update: %+v", got)
	}
	if err := s.DeleteEngagement(ctx, testOp, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Engagement(ctx, e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if n := count(t, s, "managers"); n != 0 {
		t.Fatalf("%d managers left (cascade)", n)
	}
	if err := s.DeleteEngagement(ctx, testOp, e.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
	recs, _ := s.AuditLog(ctx, 0)
	events := []string{}
	for _, r := range recs {
		events = append(events, r.Event+"/"+r.Outcome)
	}
	want := []string{"engagement.delete/failure", "engagement.delete/success", "engagement.update/success", "engagement.create/success"}
	if len(events) != len(want) {
		t.Fatalf("events %v", events)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Fatalf("events %v, want %v", events, want)
		}
	}
}

func TestConstraintsHold(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	s.CreateEngagement(ctx, testOp, e, 0)
	// A duplicate code is refused by the schema, whatever the caller does.
	_, err := s.db.Exec(`INSERT INTO engagements (uid, code, name, department, responsible_unit, leader, service_type, created_at, updated_at)
		VALUES ('x', ?, 'n', 'd', 'r', 'l', 'other', '', '')`, e.Code)
	if err == nil {
		t.Fatal("duplicate code accepted")
	}
	// A manager of no engagement is refused (foreign keys on).
	if _, err := s.db.Exec(`INSERT INTO managers (engagement_id, position, name) VALUES (999, 0, 'x')`); err == nil {
		t.Fatal("orphan manager accepted")
	}
	// The program cannot change or delete audit records.
	if _, err := s.db.Exec(`UPDATE audit_log SET operator = 'x'`); err == nil {
		t.Fatal("audit update accepted")
	}
	if _, err := s.db.Exec(`DELETE FROM audit_log`); err == nil {
		t.Fatal("audit delete accepted")
	}
}

func TestFindEngagement(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	s.CreateEngagement(ctx, testOp, e, 0)
	for _, ref := range []string{e.Code, e.UID, e.UID[:8], e.Name, "1"} {
		got, err := s.FindEngagement(ctx, ref)
		if err != nil || got.ID != e.ID {
			t.Errorf("find %q: %v %d", ref, err, got.ID)
		}
	}
	if _, err := s.FindEngagement(ctx, "nothing-like-this"); !errors.Is(err, ErrNotFound) {
		t.Errorf("find missing: %v", err)
	}
}

func TestDraftsRoundTripAndCompletionRemovesDraft(t *testing.T) {
	s, _ := openTemp(t)
	id, err := s.SaveDraft(ctx, testOp, Draft{Kind: DraftEngagement, Step: 1, Data: []byte(`{"name":"草稿"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDraft(ctx, testOp, Draft{ID: id, Kind: DraftEngagement, Step: 2, Data: []byte(`{"name":"草稿2"}`)}); err != nil {
		t.Fatal(err)
	}
	ds, _ := s.Drafts(ctx, DraftEngagement)
	if len(ds) != 1 || ds[0].Step != 2 || string(ds[0].Data) != `{"name":"草稿2"}` {
		t.Fatalf("drafts %+v", ds)
	}
	if err := s.CreateEngagement(ctx, testOp, validEngagement(), id); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Drafts(ctx, DraftEngagement); len(ds) != 0 {
		t.Fatalf("draft not removed: %+v", ds)
	}
}

func TestOperators(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.CurrentOperator(ctx); !errors.Is(err, ErrNotFound) {
		t.Fatalf("first start: %v", err)
	}
	a, _ := s.CreateOperator(ctx, Operator{Name: "甲"})
	b, _ := s.CreateOperator(ctx, Operator{Name: "乙", Role: "检查员"})
	cur, _ := s.CurrentOperator(ctx)
	if cur.ID != b.ID {
		t.Fatalf("current %+v", cur)
	}
	s.SelectOperator(ctx, a.ID)
	cur, _ = s.CurrentOperator(ctx)
	if cur.ID != a.ID {
		t.Fatalf("after select %+v", cur)
	}
	if _, err := s.CreateOperator(ctx, Operator{Name: "  "}); err == nil {
		t.Fatal("empty operator accepted")
	}
}

// tamper edits the file as someone with sqlite3 would: outside the program,
// with the protecting triggers dropped first.
func tamper(t *testing.T, p string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range append([]string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}, stmts...) {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

func auditFixture(t *testing.T) string {
	s, p := openTemp(t)
	for i := 0; i < 5; i++ {
		e := validEngagement()
		if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.VerifyAudit(ctx)
	if err != nil || v.Break != nil || v.Records != 5 {
		t.Fatalf("fresh chain: %+v %v", v, err)
	}
	s.Close()
	return p
}

func verifyAt(t *testing.T, p string) AuditVerification {
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	v, err := s.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAuditTamperDetected(t *testing.T) {
	cases := []struct {
		name   string
		stmt   string
		id     int64
		reason Reason
	}{
		{"edit operator", "UPDATE audit_log SET operator = '李四' WHERE id = 3", 3, ReasonAltered},
		{"edit outcome", "UPDATE audit_log SET outcome = 'failure' WHERE id = 2", 2, ReasonAltered},
		{"edit time", "UPDATE audit_log SET at = '2020-01-01T00:00:00.000000000Z' WHERE id = 4", 4, ReasonAltered},
		{"delete a record", "DELETE FROM audit_log WHERE id = 2", 3, ReasonLinkBroken},
		{"garbled time", "UPDATE audit_log SET at = 'yesterday' WHERE id = 5", 5, ReasonBadTime},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := auditFixture(t)
			tamper(t, p, c.stmt)
			v := verifyAt(t, p)
			if v.Break == nil || v.Break.RecordID != c.id || v.Break.Reason != c.reason {
				t.Fatalf("got %+v, want record %d %s", v.Break, c.id, c.reason)
			}
		})
	}
}

func TestAuditChainContinuesAcrossReopen(t *testing.T) {
	p := auditFixture(t)
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	s.CreateEngagement(ctx, testOp, validEngagement(), 0)
	v, _ := s.VerifyAudit(ctx)
	s.Close()
	if v.Break != nil || v.Records != 6 {
		t.Fatalf("%+v", v)
	}
}
