package screening

import "testing"

func TestLeftWithAccess(t *testing.T) {
	p := Person{Name: "A", StartDate: "2026-01-01", Accesses: []Access{
		{Account: "a", Kind: AccessElectronic, Granted: "2026-01-02", Revoked: "2026-02-01"},
		{Account: "b", Kind: AccessPhysical, Granted: "2026-01-02"},
	}}
	if p.LeftWithAccess() {
		t.Fatal("not left yet")
	}
	p.LeftDate = "2026-02-01"
	if !p.LeftWithAccess() || len(p.OpenAccesses()) != 1 || p.OpenAccesses()[0].Account != "b" {
		t.Fatalf("left with b open: %+v", p.OpenAccesses())
	}
	p.Accesses[1].Revoked = "2026-02-01"
	if p.LeftWithAccess() {
		t.Fatal("all revoked")
	}
	if v := p.Validate(); v != nil {
		t.Fatal(v)
	}
	p.LeftDate = "2025-12-31"
	p.Accesses[1].Revoked = "2026-01-01"
	p.Trainings = []Training{{Date: "2026-01-03", Topic: "x", Hours: -1}}
	v := p.Validate()
	want := map[string]string{"person.left_date": "people.err.left_before", "person.accesses[1].revoked": "people.err.revoked_before",
		"person.trainings[0].hours": "people.err.hours"}
	if len(v) != len(want) {
		t.Fatalf("problems %v", v)
	}
	for _, f := range v {
		if want[f.Field] != f.Key || f.Clause == "" {
			t.Errorf("%s: %s (%s)", f.Field, f.Key, f.Clause)
		}
	}
}
