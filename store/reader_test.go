package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"outsec/model"
)

// Issue 16: read-only commands beside the workbench. One writer at a time
// (a second Open is refused, however many readers there are); readers open
// beside it, see what it committed, and cannot write.
func TestReaderBesideTheWriter(t *testing.T) {
	w, p := openTemp(t)
	e := model.Engagement{Name: "读写并存", Department: "某局", ResponsibleUnit: "信息中心", Leader: "王明",
		Managers: []model.Contact{{Name: "李华", Phone: "010-1234"}}, ServiceType: model.ServiceConsulting,
		Vendor: model.Vendor{Name: "某公司", Lead: model.Contact{Name: "孙七", Phone: "13900000000"}}, PeriodStart: "2026-01-01", PeriodEnd: "2026-12-31"}
	if err := w.CreateEngagement(ctx, testOp, &e, 0); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReader(ctx, p)
	if err != nil {
		t.Fatalf("reader beside the writer: %v", err)
	}
	defer r.Close()
	if !r.ReadOnly() || w.ReadOnly() {
		t.Fatal("ReadOnly")
	}
	if got, err := r.Engagement(ctx, e.ID); err != nil || got.Name != "读写并存" {
		t.Fatalf("reader: %v %+v", err, got)
	}
	// The writer goes on writing while the reader is open; the reader sees it.
	e.Name = "读写并存（二）"
	if err := w.UpdateEngagement(ctx, testOp, &e, 0); err != nil {
		t.Fatalf("write beside a reader: %v", err)
	}
	if got, _ := r.Engagement(ctx, e.ID); got.Name != "读写并存（二）" {
		t.Fatalf("reader after the write: %q", got.Name)
	}
	if v, err := r.VerifyAudit(ctx); err != nil || v.Break != nil || v.Records < 2 {
		t.Fatalf("audit from the reader: %v %+v", err, v)
	}
	// The reader writes nothing, not even an audit record.
	before := count(t, w, "audit_log")
	ops := count(t, w, "operators")
	if _, err := r.CreateOperator(ctx, Operator{Name: "读者"}); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("a reader wrote: %v", err)
	}
	if count(t, w, "operators") != ops {
		t.Fatal("a reader wrote an operator")
	}
	if count(t, w, "audit_log") != before {
		t.Fatal("a reader wrote an audit record")
	}
	// A second writer is still refused, with a reader open.
	if _, err := Open(ctx, p); !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: %v", err)
	}
	// Once the writer is gone, a writer opens again (the lock went with it).
	w.Close()
	w2, err := Open(ctx, p)
	if err != nil {
		t.Fatalf("writer after the first closed: %v", err)
	}
	w2.Close()
}

func TestReaderRefusals(t *testing.T) {
	dir := t.TempDir()
	if _, err := OpenReader(ctx, filepath.Join(dir, "none.db")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !os.IsNotExist(err) {
		t.Fatal("a reader created a database")
	}
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, not at all"), 0o600)
	if _, err := OpenReader(ctx, junk); !errors.Is(err, ErrNotDatabase) {
		t.Fatalf("junk: %v", err)
	}
	s, p := openTemp(t)
	s.DB().Exec("PRAGMA user_version = 1")
	s.Close()
	if _, err := OpenReader(ctx, p); !errors.Is(err, ErrNeedsUpgrade) {
		t.Fatalf("older schema: %v", err)
	}
}
