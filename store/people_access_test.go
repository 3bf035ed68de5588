package store

import (
	"errors"
	"testing"

	"outsec/model"
	"outsec/model/screening"
)

// Accesses and trainings are recorded, revoked, audited and listed; a
// person who left with one access open is in OpenAccesses as a leaver; a
// revocation before the grant and a bad kind are refused and change nothing.
func TestPeopleAccessAndTraining(t *testing.T) {
	s, e := screeningFixture(t)
	wang := screening.Person{Name: "王五", StartDate: "2026-01-05"}
	li := screening.Person{Name: "李四", StartDate: "2026-01-05"}
	for _, p := range []*screening.Person{&wang, &li} {
		if err := s.CreatePerson(ctx, testOp, e.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	oa := screening.Access{Account: " oa-admin ", Kind: screening.AccessElectronic, Privileged: true, Granted: "2026-01-06"}
	badge := screening.Access{Account: "机房门禁卡", Kind: screening.AccessPhysical, Granted: "2026-01-06"}
	vpn := screening.Access{Account: "vpn-li", Kind: screening.AccessElectronic, Granted: "2026-01-07"}
	for _, g := range []struct {
		p *screening.Person
		a *screening.Access
	}{{&wang, &oa}, {&wang, &badge}, {&li, &vpn}} {
		if err := s.GrantAccess(ctx, testOp, g.p.ID, g.a); err != nil {
			t.Fatal(err)
		}
	}
	if r := lastAudit(t, s); r.Event != EventAccessGrant || r.ObjectType != "person" || r.Outcome != OutcomeSuccess {
		t.Errorf("audit %+v", r)
	}
	if err := s.AddTraining(ctx, testOp, wang.ID, &screening.Training{Date: "2026-01-08", Topic: "保密培训", Hours: 2.5, Record: "签到表 1"}); err != nil {
		t.Fatal(err)
	}
	// Refused: revoked before granted; unknown kind; a training without topic.
	before := auditCount(t, s)
	err := s.RevokeAccess(ctx, testOp, oa.ID, "2026-01-01")
	var verr model.ValidationError
	if !errors.As(err, &verr) || verr[0].Key != "people.err.revoked_before" {
		t.Fatalf("revoke before grant: %v", err)
	}
	if err := s.GrantAccess(ctx, testOp, li.ID, &screening.Access{Account: "x", Kind: "magic", Granted: "2026-01-01"}); !errors.As(err, &verr) {
		t.Fatalf("bad kind: %v", err)
	}
	if err := s.AddTraining(ctx, testOp, li.ID, &screening.Training{Date: "2026-01-01"}); !errors.As(err, &verr) {
		t.Fatalf("no topic: %v", err)
	}
	if err := s.SetPersonLeft(ctx, testOp, li.ID, "2025-12-31"); !errors.As(err, &verr) || verr[0].Key != "people.err.left_before" {
		t.Fatalf("left before joining: %v", err)
	}
	if n := auditCount(t, s); n != before+4 { // four failure records, nothing else
		t.Errorf("audit records %d → %d", before, n)
	}

	// Wang leaves; the OA account is revoked, the badge is not.
	if err := s.SetPersonLeft(ctx, testOp, wang.ID, "2026-03-01"); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAccess(ctx, testOp, oa.ID, "2026-03-01"); err != nil {
		t.Fatal(err)
	}
	sc, err := s.Screening(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := sc.People[0]
	if w.Name != "王五" || w.LeftDate != "2026-03-01" || len(w.Accesses) != 2 || w.Accesses[0].Account != "oa-admin" ||
		w.Accesses[0].Revoked != "2026-03-01" || !w.Accesses[0].Privileged || len(w.Trainings) != 1 || w.Trainings[0].Hours != 2.5 {
		t.Fatalf("wang %+v", w)
	}
	if !w.LeftWithAccess() || sc.People[1].LeftWithAccess() || len(sc.LeftWithAccess()) != 1 {
		t.Fatalf("leavers %+v", sc.LeftWithAccess())
	}
	open, err := s.OpenAccesses(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// By name: 李四 before 王五 in code point order.
	if len(open) != 2 || open[0].Name != "李四" || open[0].LeftWithAccess() || open[1].Name != "王五" || !open[1].LeftWithAccess() ||
		len(open[1].Accesses) != 1 || open[1].Accesses[0].Account != "机房门禁卡" {
		t.Fatalf("open accesses %+v", open)
	}
	// The person form's update keeps the accesses and sets the leaving date.
	w.Notes = "离场"
	if err := s.UpdatePerson(ctx, testOp, &w); err != nil {
		t.Fatal(err)
	}
	if sc, _ := s.Screening(ctx, e.ID); len(sc.People[0].Accesses) != 2 || sc.People[0].LeftDate != "2026-03-01" {
		t.Fatalf("after update %+v", sc.People[0])
	}
	if _, err := s.OpenAccesses(ctx, e.ID+100); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no engagement: %v", err)
	}
	// Deleting the person deletes the records.
	if err := s.DeletePerson(ctx, testOp, wang.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM person_accesses) + (SELECT count(*) FROM person_trainings)`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("left rows %d %v", n, err)
	}
}

func auditCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Accesses and trainings travel in case files.
func TestPeopleAccessInCaseFile(t *testing.T) {
	s, e := screeningFixture(t)
	p := screening.Person{Name: "赵六", StartDate: "2026-01-05", LeftDate: "2026-02-01",
		Accesses:  []screening.Access{{Account: "db-root", Kind: screening.AccessElectronic, Privileged: true, Granted: "2026-01-05"}},
		Trainings: []screening.Training{{Date: "2026-01-06", Topic: "安全意识", Hours: 1}}}
	if err := s.CreatePerson(ctx, testOp, e.ID, &p); err != nil {
		t.Fatal(err)
	}
	data := exportCaseBytes(t, s, e.ID)
	s2, _ := openTemp(t)
	if _, err := s2.ImportCase(ctx, testOp, data, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	es, _ := s2.Engagements(ctx)
	sc, err := s2.Screening(ctx, es[0].ID)
	if err != nil || len(sc.People) != 1 {
		t.Fatal(sc, err)
	}
	q := sc.People[0]
	if q.LeftDate != "2026-02-01" || len(q.Accesses) != 1 || !q.Accesses[0].Privileged || len(q.Trainings) != 1 || !q.LeftWithAccess() {
		t.Fatalf("imported %+v", q)
	}
}
