package screening

import (
	"testing"

	"outsec/model"
)

// 6.1 c) 6) "met" with no NDA date, and c) 1) "met" for a person whose
// document is not a resident identity card, are flagged and keep the step in
// progress; the same answers backed by the record are accepted.
func TestConflictsAreFlaggedNotAccepted(t *testing.T) {
	all := func() Checklist {
		var cl Checklist
		for _, it := range PersonItems {
			cl = append(cl, Answer{Item: it.ID, Result: Met})
		}
		return cl
	}
	var vendor Checklist
	for _, it := range VendorItems {
		vendor = append(vendor, Answer{Item: it.ID, Result: Met})
	}
	ok := Person{Name: "张三", IDType: IDResident, IDNumber: "110101199001011234", NDASigned: "2026-01-20", Checklist: all()}
	if c := ok.Conflicts(); len(c) != 0 {
		t.Fatalf("consistent record flagged: %+v", c)
	}
	s := Screening{Vendor: vendor, People: []Person{ok}}
	if st, b := s.LifecycleState(); st != model.Done || len(b) != 0 {
		t.Fatalf("consistent: %v %v", st, b)
	}
	bad := Person{Name: "李四", IDType: IDPassport, IDNumber: "E12345678", Checklist: all()}
	c := bad.Conflicts()
	if len(c) != 2 || c[0].Item != "c1" || c[1].Item != "c6" || c[0].Clause != "GB/T 32926—2016 6.1 c) 1)" {
		t.Fatalf("conflicts: %+v", c)
	}
	s.People = append(s.People, bad)
	st, blocks := s.LifecycleState()
	found := 0
	for _, b := range blocks {
		if b.Key == "screening.conflict.c1_id_type" || b.Key == "screening.conflict.c6_no_nda" {
			found++
			if b.Args[0] != "李四" {
				t.Errorf("block names %v", b.Args)
			}
		}
	}
	if st != model.InProgress || found != 2 {
		t.Fatalf("state %v, blocks %+v", st, blocks)
	}
	// No ID type at all is not a resident card either.
	unset := Person{Name: "王五", Checklist: Checklist{{Item: "c1", Result: Met}}}
	if c := unset.Conflicts(); len(c) != 1 || c[0].Item != "c1" {
		t.Errorf("unset id type: %+v", c)
	}
}
