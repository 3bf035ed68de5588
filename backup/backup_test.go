package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"outsec/backup"
	"outsec/model"
	"outsec/store"
)

var ctx = context.Background()

var op = store.Operator{Name: "张三", Role: "科员"}

func open(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "data", "outsec.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); clock = clock.Add(time.Hour); return clock }
	return st
}

func engagement(t *testing.T, st *store.Store, name string) {
	t.Helper()
	e := model.SampleEngagement("zh-CN")
	e.Sample, e.Name = false, name
	if err := st.CreateEngagement(ctx, op, &e, 0); err != nil {
		t.Fatal(err)
	}
}

// A backup taken while another goroutine writes is one moment: its copy
// checks out (chain and digests agree), restores to a database with the
// same record digests, and three more backups leave three.
func TestBackupWhileWritingRestoresIdentical(t *testing.T) {
	st := open(t)
	if _, err := st.LoadSample(ctx, op, "zh-CN"); err != nil {
		t.Fatal(err)
	}
	ev := filepath.Join(filepath.Dir(st.Path()), "evidence", "2026-001")
	os.MkdirAll(ev, 0o700)
	os.WriteFile(filepath.Join(ev, "scan.pdf"), []byte("%PDF evidence"), 0o600)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			engagement(t, st, "并发写入")
		}
	}()
	var made []*backup.Result
	for i := 0; i < 4; i++ {
		r, err := backup.Create(ctx, st, op, backup.Options{Tool: "test", Keep: 3})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, r)
	}
	close(stop)
	wg.Wait()
	dir := backup.Dir(ctx, st)
	if l := backup.List(dir, st.Path()); len(l) != 3 || l[0].Path != made[1].Backup.Path {
		t.Fatalf("kept %d: %+v", len(l), l)
	}
	if len(made[3].Pruned) != 1 || made[3].Pruned[0] != made[0].Backup.Path {
		t.Fatalf("pruned %v", made[3].Pruned)
	}
	// Each copy is consistent though written under load.
	for _, r := range made[1:] {
		c, err := backup.Check(ctx, r.Backup.Path)
		if err != nil || !c.OK() {
			t.Fatalf("check %s: %v %+v", r.Backup.Path, err, c.Problems)
		}
	}
	// The last backup, with nothing written since, restores identical.
	last, err := backup.Create(ctx, st, op, backup.Options{Tool: "test", Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := st.Digests(ctx)
	c, err := backup.Check(ctx, last.Backup.Path)
	if err != nil || !c.OK() || c.Inspection.Engagements < 2 || c.Backup.Meta.Evidence != 1 {
		t.Fatalf("check: %v %+v %+v", err, c.Problems, c.Backup.Meta)
	}
	t.Logf("engagements in the last backup: %d", c.Inspection.Engagements)
	to := filepath.Join(t.TempDir(), "restored")
	db, err := backup.RestoreTo(ctx, c, to)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(to, "evidence", "2026-001", "scan.pdf")); string(b) != "%PDF evidence" {
		t.Fatal("evidence not restored")
	}
	rs, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	got, _ := rs.Digests(ctx)
	// The live one has the last backup's own audit record since; records
	// are the same.
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("restored differs: %d vs %d records", len(got), len(want))
	}
	if rc, _ := rs.VerifyRecords(ctx); len(rc.Problems) != 0 {
		t.Fatal(rc.Problems)
	}
}

// One changed byte anywhere in a backup: restore refuses it and writes nothing.
func TestDamagedBackupRefusedUnchanged(t *testing.T) {
	st := open(t)
	st.LoadSample(ctx, op, "zh-CN")
	r, err := backup.Create(ctx, st, op, backup.Options{Tool: "test"})
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(r.Backup.Path, "outsec.db")
	b, _ := os.ReadFile(db)
	for _, tc := range []struct {
		name string
		do   func()
		what string
	}{
		{"one byte of the database", func() { c := append([]byte(nil), b...); c[len(c)/2] ^= 1; os.WriteFile(db, c, 0o600) }, "changed"},
		{"a file added", func() { os.WriteFile(filepath.Join(r.Backup.Path, "extra"), nil, 0o600) }, "unlisted"},
		{"the database removed", func() { os.Remove(db) }, "missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.WriteFile(db, b, 0o600)
			os.Remove(filepath.Join(r.Backup.Path, "extra"))
			tc.do()
			c, err := backup.Check(ctx, r.Backup.Path)
			if err != nil || c.OK() || c.Problems[0].What != tc.what {
				t.Fatalf("%v %+v", err, c.Problems)
			}
			to := filepath.Join(t.TempDir(), "to")
			if _, err := backup.RestoreTo(ctx, c, to); !errors.Is(err, backup.ErrNotChecked) {
				t.Fatal(err)
			}
			if _, err := os.Stat(to); err == nil {
				t.Fatal("restored something")
			}
		})
	}
	// A copy whose manifest was made to match, after a record was edited
	// by hand: the digests refuse it.
	os.WriteFile(db, b, 0o600)
	os.Remove(filepath.Join(r.Backup.Path, "extra"))
	raw, _ := sql.Open("sqlite", "file:"+db)
	raw.Exec(`UPDATE risks SET level = 1 WHERE id = (SELECT min(id) FROM risks)`)
	raw.Close()
	backup.Remanifest(t, r.Backup.Path)
	c, _ := backup.Check(ctx, r.Backup.Path)
	if c.OK() || c.Problems[0].What != "database" {
		t.Fatalf("%+v", c.Problems)
	}
}

// Hole 5: removing the newest audit records after a backup, with the
// triggers dropped, is seen: the chain is shorter than the backup's anchor.
func TestChainShorterThanBackupAnchor(t *testing.T) {
	st := open(t)
	for i := 0; i < 3; i++ {
		engagement(t, st, "截断")
	}
	if _, err := backup.Create(ctx, st, op, backup.Options{Tool: "test"}); err != nil {
		t.Fatal(err)
	}
	dir, p := backup.Dir(ctx, st), st.Path()
	if probs, _ := st.CheckAnchors(ctx, backup.Anchors(dir, p)); len(probs) != 0 {
		t.Fatal(probs)
	}
	st.Close()
	raw, _ := sql.Open("sqlite", "file:"+p)
	for _, q := range []string{"DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE id > (SELECT max(id) - 5 FROM audit_log)"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	st2, err := store.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if v, _ := st2.VerifyAudit(ctx); v.Break != nil {
		t.Fatal("the chain itself still verifies: that is the hole")
	}
	probs, err := st2.CheckAnchors(ctx, backup.Anchors(dir, p))
	if err != nil || len(probs) != 1 || probs[0].Kind != "shorter" {
		t.Fatalf("%v %+v", err, probs)
	}
}

// The daily backup: due on first use, not again the same day, due the next;
// never fewer than 3 kept; off when turned off.
func TestAutoBackupDaily(t *testing.T) {
	st := open(t) // the clock moves an hour per reading
	engagement(t, st, "每日")
	if !backup.Due(ctx, st) {
		t.Fatal("no backup yet, but not due")
	}
	r, err := backup.Auto(ctx, st, op, "test")
	if err != nil || r == nil || r.Backup.Meta.Reason != "auto" {
		t.Fatalf("%v %+v", err, r)
	}
	if r, _ := backup.Auto(ctx, st, op, "test"); r != nil {
		t.Fatal("a second backup the same day")
	}
	st.SetSetting(ctx, backup.SettingKeep, "1") // below the minimum: 3
	for i := 0; i < 30*5; i++ {
		st.Now() // a few days pass
		backup.Auto(ctx, st, op, "test")
	}
	if n := len(backup.List(backup.Dir(ctx, st), st.Path())); n != 3 {
		t.Fatalf("%d kept", n)
	}
	st.SetSetting(ctx, backup.SettingAuto, "off")
	for i := 0; i < 48; i++ {
		st.Now()
	}
	if backup.Due(ctx, st) {
		t.Fatal("due though turned off")
	}
}
