package inspection

import (
	"testing"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/plan"
)

func TestDueCountsWorkingDays(t *testing.T) {
	for _, c := range []struct{ date, fix, want string }{
		{"2026-03-02", "15wd", "2026-03-23"}, // Monday + 15 working days
		{"2026-03-06", "1wd", "2026-03-09"},  // Friday → Monday
		{"2026-03-02", "10d", "2026-03-12"},
		{"2026-03-02", "2w", "2026-03-16"},
		{"2026-01-31", "1mo", "2026-03-03"},
		{"2026-03-02", "garbage", "2026-03-23"}, // the default
	} {
		if got := Due(model.Date(c.date), c.fix); string(got) != c.want {
			t.Errorf("Due(%s, %s) = %s, want %s", c.date, c.fix, got, c.want)
		}
	}
}

func TestApplicableLeavesOutPlanNA(t *testing.T) {
	p := &plan.Plan{Controls: []plan.Deployment{{Item: "A.5.a", Status: plan.NA, Reason: "无机房"}}}
	all := Applicable(nil, false)
	if len(all) != len(annexa.Items()) || len(Applicable(p, false)) != len(all)-1 {
		t.Fatalf("%d / %d", len(all), len(Applicable(p, false)))
	}
}

func TestCountAndSearch(t *testing.T) {
	in := Inspection{Checks: ChecksFor(annexa.Items()[:4])}
	in.Checks[0].Result, in.Checks[1].Result, in.Checks[2].Result = Conforms, Partly, NA
	if c := in.Count(); c.Open != 1 || c.Done() != 3 || len(in.Findings()) != 1 {
		t.Fatalf("%+v", c)
	}
	it, _ := annexa.ByID(in.Checks[0].Item)
	if !Matches(it, &in.Checks[0], "a.1") || Matches(it, &in.Checks[0], "zzzz") {
		t.Fatal("search")
	}
	if v := ValidateCheck(Check{Item: it.ID, Result: NA}, "c"); len(v) != 1 || v[0].Key != "inspection.err.na_reason" {
		t.Fatalf("%v", v)
	}
}
