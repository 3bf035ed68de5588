package store

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"
)

// sampleAt is a database holding the sample engagement, closed.
func sampleAt(t *testing.T) (string, int64) {
	t.Helper()
	s, p := openTemp(t)
	e, err := s.LoadSample(ctx, testOp, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.RiskAssessment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A change after the load: its audit record's digests win.
	r := a.Risks[0]
	r.Treatment.Owner = "王五"
	if err := s.SaveRisk(ctx, testOp, e.ID, &r); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRisk(ctx, testOp, a.Risks[1].ID); err != nil {
		t.Fatal(err)
	}
	rc, err := s.VerifyRecords(ctx)
	if err != nil || len(rc.Problems) != 0 || rc.Records < 50 {
		t.Fatalf("fresh: %d records, %+v %v", rc.Records, rc.Problems, err)
	}
	s.Close()
	return p, a.Risks[2].ID
}

func recordsAt(t *testing.T, p string) RecordCheck {
	t.Helper()
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rc, err := s.VerifyRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

// rawEdit changes the file as sqlite3 would, every trigger of the file
// dropped first.
func rawEdit(t *testing.T, p string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`)
	if err != nil {
		t.Fatal(err)
	}
	var trig []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		trig = append(trig, n)
	}
	rows.Close()
	for _, n := range trig {
		stmts = append([]string{"DROP TRIGGER " + n}, stmts...)
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
}

// Hole 4: a hand edit with sqlite3 passes integrity_check and the audit
// chain; the record digests name table, record and field.
func TestHandEditNamedByTableRecordField(t *testing.T) {
	cases := []struct {
		name, stmt, table, kind string
		key                     func(id int64) string
		fields                  string
	}{
		{"risk level", "UPDATE risks SET level = 1 WHERE id = %d", "risks", RecordAltered, idKey, "level"},
		{"risk score and owner", "UPDATE risks SET value = 1.5, owner = 'x' WHERE id = %d", "risks", RecordAltered, idKey, "owner,value"},
		{"risk removed", "DELETE FROM risks WHERE id = %d", "risks", RecordRemoved, idKey, ""},
		{"NDA date", "UPDATE people SET nda_signed = '2020-01-01' WHERE id = (SELECT min(id) FROM people) AND %d > 0", "people", RecordAltered, nil, "nda_signed"},
		{"manager inserted", "INSERT INTO managers (engagement_id, position, name) SELECT engagement_id, 99, '假' FROM risks WHERE id = %d", "managers", RecordUnrecorded, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, id := sampleAt(t)
			rawEdit(t, p, strings.Replace(c.stmt, "%d", itoa(id), 1))
			rc := recordsAt(t, p)
			if len(rc.Problems) != 1 {
				t.Fatalf("problems %+v", rc.Problems)
			}
			got := rc.Problems[0]
			if got.Table != c.table || got.Kind != c.kind || strings.Join(got.Fields, ",") != c.fields || (c.key != nil && got.Key != c.key(id)) {
				t.Fatalf("got %+v", got)
			}
			if v := verifyAt(t, p); v.Break != nil {
				t.Fatalf("the chain itself is intact, but %+v", v.Break)
			}
		})
	}
}

func idKey(id int64) string { return itoa(id) }

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// A digest changed in the audit record, to match an edit, breaks the chain.
func TestDigestEditBreaksTheChain(t *testing.T) {
	p, _ := sampleAt(t)
	rawEdit(t, p, `UPDATE audit_log SET digests = replace(digests, '"risks"', '"risks "') WHERE id = (SELECT max(id) FROM audit_log WHERE digests LIKE '%"risks"%')`)
	if v := verifyAt(t, p); v.Break == nil || v.Break.Reason != ReasonAltered {
		t.Fatalf("%+v", v.Break)
	}
}

// The digests survive a reopen, and the baseline is taken once: a second
// open writes no record.
func TestBaselineOnceAndOnRegistryChange(t *testing.T) {
	p, _ := sampleAt(t)
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	n := count(t, s, "audit_log")
	s.Close()
	s, err = Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if count(t, s, "audit_log") != n {
		t.Fatal("a reopen wrote an audit record")
	}
	s.Close()
	// A database made before the digests: the first open takes them all.
	rawEdit(t, p, `UPDATE settings SET value = 'old' WHERE key = 'records.baseline'`)
	s, err = Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	recs, _ := s.AuditLog(ctx, 1)
	if count(t, s, "audit_log") != n+1 || recs[0].Event != EventRecordsBaseline {
		t.Fatalf("no baseline: %+v", recs[0])
	}
	if rc, _ := s.VerifyRecords(ctx); len(rc.Problems) != 0 {
		t.Fatal(rc.Problems)
	}
}

func TestAuditNamesTheOSAccount(t *testing.T) {
	s, _ := openTemp(t)
	s.osAccount = "zhangsan"
	if err := s.CreateEngagement(ctx, testOp, validEngagement(), 0); err != nil {
		t.Fatal(err)
	}
	recs, _ := s.AuditLog(ctx, 1)
	if recs[0].OSAccount != "zhangsan" {
		t.Fatalf("%+v", recs[0])
	}
	if v, _ := s.VerifyAudit(ctx); v.Break != nil {
		t.Fatal(v.Break)
	}
}

// A transaction that changes covered records without an audit record of
// its own still leaves them in the chain (records.change).
func TestUnauditedChangeIsTakenAtCommit(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.CreateEngagement(ctx, testOp, validEngagement(), 0); err != nil {
		t.Fatal(err)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE engagements SET notes = 'x'`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	recs, _ := s.AuditLog(ctx, 1)
	if recs[0].Event != EventRecordsChange {
		t.Fatalf("%+v", recs[0])
	}
	if rc, _ := s.VerifyRecords(ctx); len(rc.Problems) != 0 {
		t.Fatal(rc.Problems)
	}
}

// A table of the registry that this schema does not have (another
// workflow's, before its migration) is skipped, not an error.
func TestRegistryTableNotYetInTheSchema(t *testing.T) {
	old := CoveredTables
	CoveredTables = append(append([]Covered(nil), old...), Covered{"plans_of_the_future", []string{"id"}})
	defer func() { CoveredTables = old }()
	s, _ := openTemp(t)
	if err := s.CreateEngagement(ctx, testOp, validEngagement(), 0); err != nil {
		t.Fatal(err)
	}
	if rc, err := s.VerifyRecords(ctx); err != nil || len(rc.Problems) != 0 {
		t.Fatal(err, rc.Problems)
	}
	if _, err := s.Digests(ctx); err != nil {
		t.Fatal(err)
	}
}
