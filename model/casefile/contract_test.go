package casefile

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/contract"
)

// contractCase is the valid case with a contract record: a review with three
// findings, parameters, a factor change and the vendor's NDA.
func contractCase(t *testing.T) Case {
	t.Helper()
	c, err := Decode([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	c.Contract = &contract.Contract{
		Review: contract.Review{Title: "运维服务合同", Version: "v2", Date: "2026-03-05", Reviewer: "李审",
			Items: []contract.Assessment{
				{ItemID: "sec.a1", Status: contract.Present, Article: "第 8.1 条"},
				{ItemID: "sec.a7", Status: contract.Missing, Note: "未约定数据不出境"},
				{ItemID: "exit.b5", Status: contract.NA, Note: "不涉及数据"},
			}},
		Params:          map[string]string{"notify_hours": "4", "sla_power": "99.95"},
		FactorChanges:   []contract.FactorChange{{Date: "2026-04-01", Description: "服务范围扩大"}},
		VendorNDASigned: "2026-03-06",
	}
	return c
}

func TestContractSectionRoundTrip(t *testing.T) {
	c := contractCase(t)
	b := encodeCase(t, c)
	for _, w := range []string{`"contract": {`, `"item": "sec.a7"`, `"notify_hours": "4"`, `"vendor_nda_signed": "2026-03-06"`} {
		if !strings.Contains(string(b), w) {
			t.Fatalf("written lacks %s:\n%s", w, b)
		}
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Contract, c.Contract) {
		t.Fatalf("decoded %+v\nwant %+v", got.Contract, c.Contract)
	}
	if again := encodeCase(t, got); string(again) != string(b) {
		t.Fatalf("not the same bytes:\n%s\n---\n%s", again, b)
	}
	// Nothing recorded: the section is left out; a file without it has none.
	c.Contract = &contract.Contract{Review: contract.Review{Items: []contract.Assessment{{ItemID: "sec.a1"}}}}
	if b := encodeCase(t, c); strings.Contains(string(b), `"contract"`) {
		t.Fatalf("empty section written:\n%s", b)
	}
	plain, err := Decode([]byte(valid))
	if err != nil || plain.Contract != nil {
		t.Fatalf("file without the section: %+v %v", plain.Contract, err)
	}
}

func editContract(t *testing.T, fn func(sec map[string]any)) []byte {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal(encodeCase(t, contractCase(t)), &top); err != nil {
		t.Fatal(err)
	}
	fn(top["contract"].(map[string]any))
	b, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestContractSectionProblems(t *testing.T) {
	got := problems(t, editContract(t, func(sec map[string]any) {
		rv := sec["review"].(map[string]any)
		rv["date"] = "2026-02-30"
		items := rv["items"].([]any)
		items[0].(map[string]any)["item"] = "sec.a10"              // no such item
		items[1].(map[string]any)["status"] = "absent"             // no such status
		items[2].(map[string]any)["item"] = "exit.b6"              // required N/A without…
		delete(items[2].(map[string]any), "note")                  // …a note
		items = append(items, map[string]any{"status": "present"}) // no item
		rv["items"] = items
		rv["signed"] = true // unknown field
		sec["params"] = map[string]any{"notify_hours": "soon", "warp": "9"}
		fc := sec["factor_changes"].([]any)[0].(map[string]any)
		delete(fc, "description")
		sec["vendor_nda_signed"] = "06/03/2026"
	}))
	check(t, got,
		want{path: "$.contract.review.signed", key: KeyUnknownField},
		want{path: "$.contract.review.items[3].item", key: KeyMissing},
		want{path: "$.contract.factor_changes[0].description", key: KeyMissing},
		want{path: "$.contract.review.date", key: "err.date"},
		want{path: "$.contract.review.items[0].item", key: "contract.err.item", args: []any{"sec.a10"}},
		want{path: "$.contract.review.items[1].status", key: "contract.err.status", args: []any{"absent"}},
		want{path: "$.contract.review.items[2].note", key: "contract.err.na_note"},
		want{path: "$.contract.params.notify_hours", key: "contract.err.number", args: []any{"soon"}},
		want{path: "$.contract.params", key: "contract.err.param_unknown", args: []any{"warp"}},
		want{path: "$.contract.vendor_nda_signed", key: "err.date"},
	)
	for _, p := range got {
		switch p.Path {
		case "$.contract.review.items[2].note":
			if p.Clause != "GB/T 32926—2016 6.2.2 b) 6)" || p.Label != "field.contract.review.items.note" {
				t.Errorf("%s: %+v", p.Path, p)
			}
		case "$.contract.params.notify_hours":
			if p.Label != "field.contract.params.notify_hours" {
				t.Errorf("%s: %+v", p.Path, p)
			}
		}
	}
	for _, l := range i18n.Langs {
		cat := i18n.New(l)
		for _, p := range got {
			if m := p.Text(cat.T); strings.Contains(m, "⟦") {
				t.Errorf("%s: %s", l, m)
			}
		}
	}
	// Wrong types, and a parameter given twice, reported at their paths.
	b := editContract(t, func(sec map[string]any) {
		sec["params"] = map[string]any{"notify_hours": 4}
		sec["factor_changes"] = "none"
	})
	check(t, problems(t, b),
		want{path: "$.contract.factor_changes", key: KeyType},
		want{path: "$.contract.params.notify_hours", key: KeyType},
	)
	twice := strings.Replace(string(encodeCase(t, contractCase(t))), `"notify_hours": "4",`, `"notify_hours": "4", "notify_hours": "5",`, 1)
	check(t, problems(t, []byte(twice)), want{path: "$.contract.params.notify_hours", key: KeyDuplicate})
}

func TestContractCheckInMemory(t *testing.T) {
	c := contractCase(t)
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	c.Contract.FactorChanges[0].Description = " "
	err := c.Check()
	if len(err) != 1 || err[0].Path != "$.contract.factor_changes[0].description" || err[0].Key != "err.required" {
		t.Fatalf("%v", err)
	}
}
