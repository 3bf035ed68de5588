package contract

import (
	"fmt"
	"strings"
	"testing"

	"outsec/model"
	"outsec/model/screening"
)

// reviewed is a contract whose review assesses every item of ItemsFor(cloud)
// as present, dated 2026-03-01.
func reviewed(cloud bool) *Contract {
	c := &Contract{Review: Review{Title: "运维服务合同", Version: "v1", Date: "2026-03-01", Reviewer: "王审"}}
	for _, it := range ItemsFor(cloud) {
		c.Review.Items = append(c.Review.Items, Assessment{ItemID: it.ID, Status: Present, Article: "第 5 条"})
	}
	return c
}

func set(c *Contract, id string, st Status, note string) {
	c.Review.Items = c.Review.With(Assessment{ItemID: id, Status: st, Note: note})
}

func TestGapsAndBlocks(t *testing.T) {
	c := reviewed(false)
	set(c, "sec.a7", Missing, "")
	set(c, "exit.b5", Missing, "")
	set(c, "sec.a3", Partial, "只约定了数据")
	gaps := c.Gaps(false)
	var got []string
	for _, g := range gaps {
		got = append(got, fmt.Sprintf("%s %s %s", g.Item.ID, g.Status, g.Clause))
		if g.Must(LangEN) == "" || g.Must(LangZH) != g.Item.Requirement.ZH {
			t.Errorf("%s: must text", g.Item.ID)
		}
	}
	want := []string{
		"sec.a3 partial GB/T 32926—2016 6.2.1 a) 3)",
		"sec.a7 missing GB/T 32926—2016 6.2.1 a) 7)",
		"exit.b5 missing GB/T 32926—2016 6.2.2 b) 5)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("gaps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	st, blocks := c.LifecycleState(false)
	if st != model.InProgress || len(blocks) != 3 {
		t.Fatalf("state %v, blocks %v", st, blocks)
	}
	for i, id := range []string{"sec.a3", "sec.a7", "exit.b5"} {
		it, _ := ByID(id)
		if blocks[i].Key != "contract.block."+id || blocks[i].Clause != it.Clause {
			t.Errorf("block %d: %+v", i, blocks[i])
		}
	}
	// The lifecycle shows the step blocked until fixed.
	f := model.Facts{States: map[model.StepID]model.State{model.StepRisk: model.Done}}
	c.Facts(&f, false, nil)
	e := model.SampleEngagement("zh-CN")
	for _, s := range model.Lifecycle(&e, f) {
		if s.ID == model.StepContract && (!s.Blocked() || s.State != model.InProgress) {
			t.Errorf("contract step: %+v", s)
		}
	}
	for _, id := range []string{"sec.a3", "sec.a7", "exit.b5"} {
		set(c, id, Present, "")
	}
	if st, blocks := c.LifecycleState(false); st != model.Done || blocks != nil {
		t.Errorf("fixed: %v %v", st, blocks)
	}
	if len(c.Gaps(false)) != 0 {
		t.Errorf("gaps after fix: %v", c.Gaps(false))
	}
}

func TestLifecycleStates(t *testing.T) {
	var empty Contract
	if st, b := empty.LifecycleState(true); st != model.NotStarted || b != nil {
		t.Errorf("empty: %v %v", st, b)
	}
	// Parameters alone (an annex being drafted) do not start the review.
	drafting := Contract{Params: map[string]string{"notify_hours": "4"}}
	if st, _ := drafting.LifecycleState(false); st != model.NotStarted {
		t.Errorf("drafting: %v", st)
	}
	c := &Contract{Review: Review{Title: "合同", Date: "2026-03-01"}}
	if st, b := c.LifecycleState(false); st != model.InProgress || len(b) != 0 {
		t.Errorf("header only: %v %v", st, b)
	}
	if a, n := c.Progress(false); a != 0 || n != 27 {
		t.Errorf("progress %d/%d", a, n)
	}
	// Every required item unassessed is a gap.
	if n := len(c.Gaps(false)); n != 27 {
		t.Errorf("%d gaps, want 27", n)
	}

	c = reviewed(false)
	if st, _ := c.LifecycleState(false); st != model.Done {
		t.Errorf("all present: %v", st)
	}
	if a, n := c.Progress(false); a != 27 || n != 27 {
		t.Errorf("progress %d/%d", a, n)
	}
	// The same review of a cloud engagement lacks the cloud items.
	if st, _ := c.LifecycleState(true); st != model.InProgress {
		t.Errorf("cloud: %v", st)
	}
	if a, n := c.Progress(true); a != 27 || n != 42 {
		t.Errorf("cloud progress %d/%d", a, n)
	}
	// A recommended item missing is a gap but no block.
	cc := reviewed(true)
	set(cc, "data.no_hostage", Missing, "")
	if st, b := cc.LifecycleState(true); st != model.Done || len(b) != 0 {
		t.Errorf("recommended missing: %v %v", st, b)
	}
	if g := cc.Gaps(true); len(g) != 1 || g[0].Item.ID != "data.no_hostage" {
		t.Errorf("gaps %v", g)
	}
	// N/A counts as assessed.
	set(cc, "cloud.b", NA, "无供应链服务商")
	if st, _ := cc.LifecycleState(true); st != model.Done {
		t.Errorf("na: %v", st)
	}
	// An undated review is not done.
	c.Review.Date = ""
	if st, b := c.LifecycleState(false); st != model.InProgress || len(b) != 1 || b[0].Key != "contract.block.review_date" {
		t.Errorf("undated: %v %v", st, b)
	}
}

func TestFactorChange(t *testing.T) {
	c := reviewed(false)
	c.FactorChanges = []FactorChange{{Date: "2026-02-01", Description: "服务范围扩大"}}
	if st, _ := c.LifecycleState(false); st != model.Done {
		t.Errorf("change before the review: %v", st)
	}
	c.FactorChanges = append(c.FactorChanges, FactorChange{Date: "2026-04-10", Description: "乙方股权变更"})
	st, b := c.LifecycleState(false)
	if st != model.NeedsUpdate || len(b) != 1 || b[0].Key != "contract.block.factor_change" || b[0].Clause != ClauseFactorChange ||
		fmt.Sprint(b[0].Args) != "[2026-04-10 2026-03-01]" {
		t.Errorf("change after the review: %v %v", st, b)
	}
	// A new review after the change settles it.
	c.Review.Date = "2026-04-20"
	if st, _ := c.LifecycleState(false); st != model.Done {
		t.Errorf("reviewed again: %v", st)
	}
	// Same day: not after.
	c.Review.Date = "2026-04-10"
	if c.Stale() {
		t.Error("same day counted as after")
	}
}

func people(n int) []screening.Person {
	out := make([]screening.Person, n)
	for i := range out {
		out[i] = screening.Person{Name: fmt.Sprintf("人员%02d", i+1), NDASigned: "2026-03-02"}
	}
	return out
}

func TestNDAState(t *testing.T) {
	if st, b := NDAState("", nil); st != model.NotStarted || b != nil {
		t.Errorf("nothing: %v %v", st, b)
	}
	ps := people(20)
	if st, b := NDAState("2026-03-01", ps); st != model.Done || b != nil {
		t.Errorf("20 people and vendor: %v %v", st, b)
	}
	// A person added later without a date blocks the step, by name.
	ps = append(ps, screening.Person{Name: "新来的张三"})
	st, b := NDAState("2026-03-01", ps)
	if st != model.InProgress || len(b) != 1 || b[0].Key != "contract.block.nda_person" ||
		fmt.Sprint(b[0].Args) != "[新来的张三]" || b[0].Clause != "GB/T 32926—2016 6.4 a)" {
		t.Errorf("one without: %v %v", st, b)
	}
	// No vendor NDA.
	st, b = NDAState("", people(3))
	if st != model.InProgress || len(b) != 1 || b[0].Key != "contract.block.nda_vendor" {
		t.Errorf("no vendor: %v %v", st, b)
	}
	// Vendor alone: the people must sign too.
	st, b = NDAState("2026-03-01", nil)
	if st != model.InProgress || len(b) != 1 || b[0].Key != "contract.block.nda_no_people" {
		t.Errorf("vendor alone: %v %v", st, b)
	}
	// Many without: counted.
	many := make([]screening.Person, MaxNamedNDABlocks+1)
	for i := range many {
		many[i].Name = fmt.Sprint(i)
	}
	st, b = NDAState("2026-03-01", many)
	if st != model.InProgress || len(b) != 1 || b[0].Key != "contract.block.nda_people" || b[0].Args[0] != MaxNamedNDABlocks+1 {
		t.Errorf("many: %v %v", st, b)
	}
	// The filing waits for the NDAs (6.5 a)).
	c := &Contract{VendorNDASigned: "2026-03-01"}
	f := model.Facts{}
	c.Facts(&f, false, people(2))
	if f.States[model.StepNDA] != model.Done || f.States[model.StepContract] != model.NotStarted {
		t.Errorf("facts %v", f.States)
	}
	c.Facts(&f, false, ps)
	if f.States[model.StepNDA] != model.InProgress || len(f.Blocks[model.StepNDA]) != 1 {
		t.Errorf("facts %v %v", f.States, f.Blocks)
	}
}

func TestValidate(t *testing.T) {
	c := reviewed(true)
	c.Params = map[string]string{"notify_hours": "4", "sla_power": "99.95", "sla_log_retention": "6mo", "deployment_model": "政务云"}
	c.FactorChanges = []FactorChange{{Date: "2026-04-01", Description: "新增系统"}}
	c.VendorNDASigned = "2026-03-01"
	if errs := c.Validate(); errs != nil {
		t.Fatalf("valid contract refused: %v", errs)
	}
	bad := reviewed(false)
	bad.Review.Date = "2026-02-30"
	bad.Review.Title = "a\nb"
	bad.Review.Items = append(bad.Review.Items,
		Assessment{ItemID: "sec.a1", Status: Present},     // twice
		Assessment{ItemID: "sec.zz", Status: Present},     // unknown
		Assessment{ItemID: "nda.b1", Status: Present},     // NDA content
		Assessment{ItemID: "exit.a1", Status: "ok"},       // status (and twice)
		Assessment{ItemID: "exit.a2", Status: NA},         // required N/A without note (and twice)
		Assessment{ItemID: "data.no_foreign", Status: NA}, // recommended: fine without note
		Assessment{ItemID: "exit.a3", Status: Present, Note: strings.Repeat("长", MaxNote+1)},
	)
	bad.Params = map[string]string{"notify_hours": "two", "sla_power": "101", "sla_log_retention": "6 parsecs", "nope": "1", "deployment_model": "a\tb"}
	bad.FactorChanges = []FactorChange{{Date: "", Description: " "}, {Date: "2026-13-01", Description: "x"}}
	bad.VendorNDASigned = "yesterday"
	errs := bad.Validate()
	var got []string
	for _, e := range errs {
		got = append(got, e.Field+" "+e.Key)
	}
	for _, want := range []string{
		"contract.review.title err.bad_text",
		"contract.review.date err.date",
		"contract.review.items[27].item contract.err.item_twice",
		"contract.review.items[28].item contract.err.item",
		"contract.review.items[29].item contract.err.item_nda",
		"contract.review.items[30].status contract.err.status",
		"contract.review.items[31].note contract.err.na_note",
		"contract.review.items[33].note err.too_long",
		"contract.params contract.err.param_unknown",
		"contract.params.notify_hours contract.err.number",
		"contract.params.sla_power contract.err.percent",
		"contract.params.sla_log_retention contract.err.duration",
		"contract.params.deployment_model err.bad_text",
		"contract.factor_changes[0].date err.required",
		"contract.factor_changes[0].description err.required",
		"contract.factor_changes[1].date err.date",
		"contract.vendor_nda_signed err.date",
	} {
		found := false
		for _, g := range got {
			found = found || g == want
		}
		if !found {
			t.Errorf("missing %q in\n%s", want, strings.Join(got, "\n"))
		}
	}
	for _, g := range got {
		if strings.HasPrefix(g, "contract.review.items[32]") {
			t.Errorf("recommended N/A without note refused: %s", g)
		}
	}
	// Every problem of an item cites the item's clause.
	for _, e := range errs {
		if strings.HasPrefix(e.Field, "contract.review.items[31]") && e.Clause != "GB/T 32926—2016 6.2.2 a) 2)" {
			t.Errorf("%s: clause %q", e.Field, e.Clause)
		}
		if e.Field == "contract.params.sla_power" && e.Clause != ClauseCloudSLA {
			t.Errorf("sla_power clause %q", e.Clause)
		}
		if e.Field == "contract.params.notify_hours" && e.Clause != "GB/T 32926—2016 6.2.1 a) 5)" {
			t.Errorf("notify_hours clause %q", e.Clause)
		}
	}
}

func TestParams(t *testing.T) {
	p, _ := ParamByName("sla_backup_retention")
	for in, want := range map[string]string{"30d": "30d", " 30 天": "30d", "６个月": "6mo", "2 weeks": "2w", "1 year": "1y", "10工作日": "10wd"} {
		if got := p.Normalise(in); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", in, got, want)
		}
	}
	if p.Check("f", "30 parsecs", "") == nil || p.Check("f", "d", "") == nil || p.Check("f", "", "") != nil {
		t.Error("duration check")
	}
	pc, _ := ParamByName("sla_power")
	if pc.Normalise("99.90%") != "99.9" || pc.Normalise("０９９％") != "99" || pc.Check("f", "100.5", "") == nil || pc.Check("f", "-1", "") == nil {
		t.Error("percent")
	}
	n, _ := ParamByName("notify_hours")
	if n.Format(LangEN, "1") != "1 hour" || n.Format(LangEN, "24") != "24 hours" || n.Format(LangZH, "24") != "24小时" ||
		n.Format(LangEN, "") != "____ hours" || n.UnitText(LangEN) != "hours" {
		t.Errorf("format: %q %q %q", n.Format(LangEN, "1"), n.Format(LangZH, "24"), n.Format(LangEN, ""))
	}
	it, _ := ByID("sec.a5")
	if s := it.DraftText(LangZH, map[string]string{"notify_hours": "4"}); !strings.Contains(s, "4小时内书面报告") {
		t.Errorf("draft zh: %s", s)
	}
	if s := it.DraftText(LangEN, nil); !strings.Contains(s, "within ____ hours") {
		t.Errorf("draft blank: %s", s)
	}
	// Values: set values over defaults; unknown and empty ones ignored.
	c := Contract{Params: map[string]string{"notify_hours": "4", "nope": "x", "sla_power": ""}}
	v := c.Values()
	if v["notify_hours"] != "4" || v["sla_power"] != "99.99" || v["nope"] != "" || v["security_cost"] != "" {
		t.Errorf("values %v", v)
	}
	if Fill("{unknown} and {notify_hours}", LangEN, v) != "{unknown} and 4 hours" {
		t.Errorf("fill: %q", Fill("{unknown} and {notify_hours}", LangEN, v))
	}
}

func TestReviewWith(t *testing.T) {
	var r Review
	r.Items = r.With(Assessment{ItemID: "exit.a1", Status: Present})
	r.Items = r.With(Assessment{ItemID: "sec.a2", Status: Missing})
	r.Items = r.With(Assessment{ItemID: "cloud.a", Status: Partial})
	if len(r.Items) != 3 || r.Items[0].ItemID != "sec.a2" || r.Items[2].ItemID != "cloud.a" {
		t.Errorf("order %v", r.Items)
	}
	r.Items = r.With(Assessment{ItemID: "sec.a2"}) // records nothing: dropped
	if len(r.Items) != 2 || r.Assessment("sec.a2").Status != Unassessed {
		t.Errorf("drop %v", r.Items)
	}
	if r.Empty() {
		t.Error("a review with findings is empty")
	}
	if (&Review{Items: []Assessment{{ItemID: "sec.a1"}}}).Empty() != true {
		t.Error("a review of nothing is empty")
	}
	if Present.Next() != Partial || NA.Next() != Unassessed || !NA.Valid() || Status("x").Valid() {
		t.Error("status")
	}
}
