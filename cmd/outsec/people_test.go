package main

import (
	"context"
	"strings"
	"testing"

	"outsec/model/screening"
	"outsec/store"
)

// people list flags a leaver with an open access; people access lists it by
// person.
func TestPeopleListFlagsLeaver(t *testing.T) {
	db := tempDB(t)
	if code, _, stderr := outsec(t, nil, "--db", db, "sample"); code != 0 {
		t.Fatal(stderr)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	bg, op := context.Background(), store.SystemOperator("x")
	e, _ := st.FindEngagement(bg, "2026-001")
	p := screening.Person{Name: "Zhao Liu", StartDate: "2026-01-05"}
	if err := st.CreatePerson(bg, op, e.ID, &p); err != nil {
		t.Fatal(err)
	}
	if err := st.GrantAccess(bg, op, p.ID, &screening.Access{Account: "db-root", Kind: screening.AccessElectronic, Privileged: true, Granted: "2026-01-05"}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPersonLeft(bg, op, p.ID, "2026-02-01"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, stdout, stderr := outsec(t, nil, "--db", db, "--lang", "en", "people", "list", "2026-001")
	if code != 0 || !strings.Contains(stdout, "Zhao Liu") || !strings.Contains(stdout, "left, access open") || !strings.Contains(stdout, "A.4 b)") {
		t.Fatalf("list: %d %s %s", code, stdout, stderr)
	}
	code, stdout, _ = outsec(t, nil, "--db", db, "--lang", "en", "people", "access", "2026-001")
	if code != 0 || !strings.Contains(stdout, "db-root") || !strings.Contains(stdout, "privileged") || !strings.Contains(stdout, "2026-02-01") {
		t.Fatalf("access: %d %s", code, stdout)
	}
	if code, _, _ := outsec(t, nil, "--db", db, "people", "list"); code != 2 {
		t.Fatalf("no engagement: %d", code)
	}
}
