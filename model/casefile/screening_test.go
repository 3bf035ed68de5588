package casefile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/screening"
)

// screeningCase is the valid case with a screening: vendor answers and two
// people, one with answers of their own.
func screeningCase(t *testing.T) Case {
	t.Helper()
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	c.Screening = &screening.Screening{
		Vendor: screening.Checklist{
			{Item: "b1", Result: screening.Met, Evidence: "营业执照 91110000MA00000000"},
			{Item: "b3", Result: screening.NotMet, Evidence: "法定代表人有犯罪记录"},
			{Item: "b9", Result: screening.Unknown, Evidence: "资质证书待核验"},
		},
		People: []screening.Person{
			{Name: "王小明", Role: "运维工程师", IDType: screening.IDResident, IDNumber: " 11010519491231002x",
				Phone: "138 0000 0000", StartDate: "2026-03-01", NDASigned: "2026-03-02", Notes: "驻场",
				Checklist: screening.Checklist{{Item: "c1", Result: screening.Met, Evidence: "身份证核验"}, {Item: "c6", Result: screening.NotMet}}},
			{Name: "Li Lei", Employer: "某劳务公司"},
		},
	}
	return c
}

func TestScreeningSectionRoundTrip(t *testing.T) {
	c := screeningCase(t)
	b := encodeCase(t, c)
	if !strings.Contains(string(b), `"screening": {`) || !strings.Contains(string(b), `"id_number": " 11010519491231002x"`) {
		t.Fatalf("written:\n%s", b)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Screening, c.Screening) {
		t.Fatalf("decoded %+v\nwant %+v", got.Screening, c.Screening)
	}
	if again := encodeCase(t, got); string(again) != string(b) {
		t.Fatalf("not the same bytes:\n%s\n---\n%s", again, b)
	}
	// Nothing recorded: the section is left out, and a file without it is
	// read as "no records".
	c.Screening = &screening.Screening{Vendor: screening.Checklist{{Item: "b2", Result: screening.Unknown}}}
	if b := encodeCase(t, c); strings.Contains(string(b), `"screening"`) {
		t.Fatalf("empty section written:\n%s", b)
	}
	plain, err := Decode([]byte(valid))
	if err != nil || plain.Screening != nil {
		t.Fatalf("file without the section: %+v %v", plain.Screening, err)
	}
}

// editScreening changes the section of the screening case as JSON.
func editScreening(t *testing.T, fn func(sc map[string]any)) []byte {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(encodeCase(t, screeningCase(t)), &top); err != nil {
		t.Fatal(err)
	}
	fn(top["screening"].(map[string]any))
	b, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func elem(sc map[string]any, list string, i int) map[string]any {
	return sc[list].([]any)[i].(map[string]any)
}

func TestScreeningSectionProblems(t *testing.T) {
	got := problems(t, editScreening(t, func(sc map[string]any) {
		elem(sc, "vendor_checklist", 0)["item"] = "c1"      // a person's item on the vendor's list
		elem(sc, "vendor_checklist", 1)["result"] = "maybe" // no such result
		elem(sc, "vendor_checklist", 2)["item"] = "b3"      // b3 twice
		p := elem(sc, "people", 0)
		p["phone"] = "phone"
		p["nda_signed"] = "2026-02-30"
		p["id_type"] = "licence"
		p["badge"] = "A-17" // unknown field
		delete(elem(sc, "people", 1), "name")
		ch := p["checklist"].([]any)[1].(map[string]any)
		delete(ch, "result")
		ch["item"] = "c8"
	}))
	check(t, got,
		want{path: "$.screening.people[0].badge", key: KeyUnknownField},
		want{path: "$.screening.people[0].checklist[1].result", key: KeyMissing},
		want{path: "$.screening.people[1].name", key: KeyMissing},
		want{path: "$.screening.vendor_checklist[0].item", key: "screening.err.item", args: []any{"c1"}},
		want{path: "$.screening.vendor_checklist[1].result", key: "screening.err.result", args: []any{"maybe"}},
		want{path: "$.screening.vendor_checklist[2].item", key: "screening.err.item_twice", args: []any{"b3"}},
		want{path: "$.screening.people[0].id_type", key: "screening.err.id_type"},
		want{path: "$.screening.people[0].phone", key: "err.phone"},
		want{path: "$.screening.people[0].nda_signed", key: "err.date"},
		want{path: "$.screening.people[0].checklist[1].item", key: "screening.err.item", args: []any{"c8"}},
	)
	// The clause and the field's name come with the model's own checks.
	for _, p := range got {
		switch p.Path {
		case "$.screening.vendor_checklist[0].item":
			if p.Clause != screening.ClauseVendor || p.Label != "field.vendor_checklist.item" {
				t.Errorf("%s: %+v", p.Path, p)
			}
		case "$.screening.people[0].nda_signed":
			if p.Clause != screening.ClauseNDA || p.Label != "field.person.nda_signed" {
				t.Errorf("%s: %+v", p.Path, p)
			}
		}
	}
	// Every message reads in both languages.
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range got {
			if m := p.Text(cat.T); strings.Contains(m, "⟦") {
				t.Errorf("%s: %s", l, m)
			}
		}
	}

	// Wrong types are reported once, at their path.
	got = problems(t, editScreening(t, func(sc map[string]any) {
		sc["people"] = map[string]any{"name": "x"}
		elem(sc, "vendor_checklist", 0)["evidence"] = 7
	}))
	check(t, got, // in the order of the file, whose keys json sorted
		want{path: "$.screening.people", key: KeyType},
		want{path: "$.screening.vendor_checklist[0].evidence", key: KeyType},
	)
}

func TestScreeningCheckInMemory(t *testing.T) {
	c := screeningCase(t)
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	c.Screening.People[1].Name = " "
	err := c.Check()
	if len(err) != 1 || err[0].Path != "$.screening.people[1].name" || err[0].Key != "err.required" {
		t.Fatalf("%v", err)
	}
}
