package screening

import (
	"errors"
	"strings"
	"testing"

	"outsec/model"
)

func TestItemsCiteTheirClauses(t *testing.T) {
	if len(VendorItems) != 10 || len(PersonItems) != 7 {
		t.Fatalf("%d vendor items, %d person items; 6.1 b) has 10, c) has 7", len(VendorItems), len(PersonItems))
	}
	want := map[string]string{
		"b1": "GB/T 32926—2016 6.1 b) 1)", "b10": "GB/T 32926—2016 6.1 b) 10)",
		"c1": "GB/T 32926—2016 6.1 c) 1)", "c7": "GB/T 32926—2016 6.1 c) 7)",
	}
	seen := map[string]bool{}
	for _, list := range [][]Item{VendorItems, PersonItems} {
		for _, it := range list {
			if seen[it.ID] {
				t.Errorf("item %s twice", it.ID)
			}
			seen[it.ID] = true
			if !strings.HasPrefix(string(it.Clause), "GB/T 32926—2016 6.1 ") || !strings.HasSuffix(string(it.Clause), it.Label()) {
				t.Errorf("%s: clause %q does not cite %s", it.ID, it.Clause, it.Label())
			}
			if it.Key() != "screening.item."+it.ID || it.BlockKey() != "screening.block."+it.ID {
				t.Errorf("%s: keys %q %q", it.ID, it.Key(), it.BlockKey())
			}
			if w, ok := want[it.ID]; ok && string(it.Clause) != w {
				t.Errorf("%s: clause %q, want %q", it.ID, it.Clause, w)
			}
			if got, ok := ItemByID(it.ID); !ok || got != it {
				t.Errorf("ItemByID(%s) = %v %v", it.ID, got, ok)
			}
		}
	}
	if VendorItems[2].Label() != "b) 3)" || PersonItems[5].Label() != "c) 6)" {
		t.Errorf("labels %q %q", VendorItems[2].Label(), PersonItems[5].Label())
	}
	if _, ok := ItemByID("b11"); ok {
		t.Error("b11 found")
	}
}

func TestResultCycle(t *testing.T) {
	r := Unknown
	var got []Result
	for i := 0; i < 4; i++ {
		r = r.Next()
		got = append(got, r)
	}
	if got[0] != Met || got[1] != NotMet || got[2] != Unknown || got[3] != Met {
		t.Fatalf("cycle %v", got)
	}
	if Result("").Valid() || Result("yes").Valid() || !NotMet.Valid() {
		t.Error("Valid")
	}
}

func all(items []Item, r Result) Checklist {
	var c Checklist
	for _, it := range items {
		c = append(c, Answer{Item: it.ID, Result: r, Evidence: "核验 " + it.ID})
	}
	return c
}

func TestChecklistWithKeepsOrderAndDropsEmptyAnswers(t *testing.T) {
	var c Checklist
	c = c.With(Answer{Item: "b3", Result: NotMet}, VendorItems)
	c = c.With(Answer{Item: "b1", Result: Met, Evidence: "营业执照"}, VendorItems)
	c = c.With(Answer{Item: "b2", Result: Unknown, Evidence: "待核实"}, VendorItems)
	if len(c) != 3 || c[0].Item != "b1" || c[1].Item != "b2" || c[2].Item != "b3" {
		t.Fatalf("checklist %+v", c)
	}
	c = c.With(Answer{Item: "b2", Result: Unknown}, VendorItems)
	if len(c) != 2 || c.Answer("b2").Result != Unknown {
		t.Fatalf("an answer that records nothing stays: %+v", c)
	}
	if a := c.Answer("b9"); a.Result != Unknown || a.Item != "b9" {
		t.Fatalf("missing answer %+v", a)
	}
	if tl := c.Count(VendorItems); tl != (Tally{Met: 1, NotMet: 1, Unknown: 8}) {
		t.Fatalf("tally %+v", tl)
	}
}

func TestLifecycleState(t *testing.T) {
	blockKeys := func(bs []model.Block) []string {
		var out []string
		for _, b := range bs {
			out = append(out, b.Key)
		}
		return out
	}
	person := func(name string, r Result) Person {
		// The record backs c) 1) and c) 6): a resident identity card, a signed NDA.
		return Person{Name: name, IDType: IDResident, NDASigned: "2026-01-20", Checklist: all(PersonItems, r)}
	}

	var s Screening
	if st, bs := s.LifecycleState(); st != model.NotStarted || bs != nil {
		t.Fatalf("empty: %v %v", st, bs)
	}
	// Evidence alone is a record: the step has started.
	s.Vendor = Checklist{{Item: "b1", Result: Unknown, Evidence: "已索取营业执照"}}
	if st, _ := s.LifecycleState(); st != model.InProgress {
		t.Fatalf("evidence only: %v", st)
	}

	// Every vendor item met, no people: in progress, and it says why.
	s.Vendor = all(VendorItems, Met)
	st, bs := s.LifecycleState()
	if st != model.InProgress || len(bs) != 1 || bs[0].Key != "screening.block.no_people" || bs[0].Clause != ClauseIdentify {
		t.Fatalf("vendor only: %v %+v", st, bs)
	}

	// A person with everything met: done, no blocks.
	s.People = []Person{person("张三", Met)}
	if st, bs := s.LifecycleState(); st != model.Done || bs != nil {
		t.Fatalf("all met: %v %+v", st, bs)
	}

	// An unknown item of a second person keeps the step in progress, unblocked.
	p2 := person("李四", Met)
	p2.Checklist = p2.Checklist.With(Answer{Item: "c4", Result: Unknown}, PersonItems)
	s.People = append(s.People, p2)
	if st, bs := s.LifecycleState(); st != model.InProgress || len(bs) != 0 {
		t.Fatalf("unknown item: %v %+v", st, bs)
	}
	if s.People[0].Verdict() != Passed || s.People[1].Verdict() != Pending {
		t.Fatalf("verdicts %v %v", s.People[0].Verdict(), s.People[1].Verdict())
	}

	// Not met, for the vendor and for a person: blocked with each item's clause.
	s.Vendor = s.Vendor.With(Answer{Item: "b3", Result: NotMet, Evidence: "法人有犯罪记录"}, VendorItems)
	s.People[1].Checklist = s.People[1].Checklist.With(Answer{Item: "c1", Result: NotMet}, PersonItems)
	st, bs = s.LifecycleState()
	if st != model.InProgress || len(bs) != 2 {
		t.Fatalf("not met: %v %v", st, blockKeys(bs))
	}
	if bs[0].Key != "screening.block.b3" || bs[0].Clause != "GB/T 32926—2016 6.1 b) 3)" {
		t.Errorf("vendor block %+v", bs[0])
	}
	if bs[1].Key != "screening.block.c1" || bs[1].Clause != "GB/T 32926—2016 6.1 c) 1)" || len(bs[1].Args) != 1 || bs[1].Args[0] != "李四" {
		t.Errorf("person block %+v", bs[1])
	}
	if s.People[1].Verdict() != Failed || s.Vendor.Verdict(VendorItems) != Failed {
		t.Error("verdicts after not met")
	}

	// The facts carry it to the lifecycle.
	var f model.Facts
	s.Facts(&f)
	e := model.SampleEngagement("zh-CN")
	for _, step := range model.Lifecycle(&e, f) {
		if step.ID != model.StepScreening {
			continue
		}
		if step.State != model.InProgress {
			t.Errorf("lifecycle state %v", step.State)
		}
		keys := strings.Join(blockKeys(step.Blocks), " ")
		if !strings.Contains(keys, "screening.block.b3") || !strings.Contains(keys, "screening.block.c1") {
			t.Errorf("lifecycle blocks %s", keys)
		}
	}
}

func TestPersonValidate(t *testing.T) {
	ok := Person{
		Name: "王小明", Role: "运维工程师", IDType: IDResident, IDNumber: " 11010519491231002x ",
		Phone: "138 0000 0000", StartDate: "2026-03-01", NDASigned: "2026-03-02",
		Checklist: Checklist{{Item: "c1", Result: Met}},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid person: %v", err)
	}
	bad := Person{
		Name: "  ", IDType: "licence", Phone: "abc", StartDate: "2026-13-01", NDASigned: "yesterday",
		Role: "a\nb", Notes: strings.Repeat("字", model.MaxLongText+1), IDNumber: strings.Repeat("1", MaxIDNumber+1),
		Checklist: Checklist{{Item: "b1", Result: Met}, {Item: "c2", Result: "yes"}, {Item: "c2", Result: Met}},
	}
	err := bad.Validate()
	var ve model.ValidationError
	if !errors.As(error(err), &ve) {
		t.Fatalf("err %v", err)
	}
	got := map[string]model.FieldError{}
	for _, f := range ve {
		got[f.Field+" "+f.Key] = f
	}
	for _, want := range []string{
		"person.name err.required", "person.id_type screening.err.id_type", "person.phone err.phone",
		"person.start_date err.date", "person.nda_signed err.date", "person.role err.bad_text",
		"person.notes err.too_long", "person.id_number err.too_long",
		"person.checklist[0].item screening.err.item", "person.checklist[1].result screening.err.result",
		"person.checklist[2].item screening.err.item_twice",
	} {
		if _, ok := got[want]; !ok {
			t.Errorf("missing %q in %v", want, ve)
		}
	}
	if f := got["person.name err.required"]; f.Clause != ClausePerson || f.LabelKey() != "field.person.name" {
		t.Errorf("name error %+v label %s", f, f.LabelKey())
	}
	if f := got["person.checklist[0].item screening.err.item"]; f.Clause != ClausePerson || f.LabelKey() != "field.person.checklist.item" {
		t.Errorf("item error %+v", f)
	}
	if f := got["person.nda_signed err.date"]; f.Clause != ClauseNDA {
		t.Errorf("nda error %+v", f)
	}
	// A number without the kind of document it belongs to.
	p := Person{Name: "赵六", IDNumber: "E12345678"}
	if err := p.Validate(); len(err) != 1 || err[0].Key != "screening.err.id_type_needed" {
		t.Errorf("number without type: %v", err)
	}
}

func TestScreeningValidatePaths(t *testing.T) {
	s := Screening{
		Vendor: Checklist{{Item: "c1", Result: Met}},
		People: []Person{{Name: "甲"}, {Name: "", Checklist: Checklist{{Item: "c1", Result: "?"}}}},
	}
	ve := s.Validate()
	var fields []string
	for _, f := range ve {
		fields = append(fields, f.Field)
	}
	want := "vendor_checklist[0].item person[1].name person[1].checklist[0].result"
	if strings.Join(fields, " ") != want {
		t.Fatalf("fields %v, want %s", fields, want)
	}
	if ve[0].Clause != ClauseVendor || ve[0].LabelKey() != "field.vendor_checklist.item" {
		t.Errorf("vendor item error %+v", ve[0])
	}
	if ve[1].LabelKey() != "field.person.name" || ve[2].LabelKey() != "field.person.checklist.result" {
		t.Errorf("labels %s %s", ve[1].LabelKey(), ve[2].LabelKey())
	}
}

func TestEmployerAndNDA(t *testing.T) {
	p := Person{Name: "甲"}
	if p.EmployerOr("某公司") != "某公司" || p.HasNDA() {
		t.Fatal("defaults")
	}
	p.Employer, p.NDASigned = "某劳务派遣公司", "2026-01-01"
	if p.EmployerOr("某公司") != "某劳务派遣公司" || !p.HasNDA() {
		t.Fatal("given")
	}
	s := Screening{People: []Person{p, {Name: "乙"}}}
	if s.WithoutNDA() != 1 {
		t.Fatalf("without NDA %d", s.WithoutNDA())
	}
}
