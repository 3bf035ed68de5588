package filing

import (
	"testing"

	"outsec/model"
	"outsec/model/plan"
)

func engagement() *model.Engagement {
	return &model.Engagement{Department: "某局", ResponsibleUnit: "信息中心",
		Managers:    []model.Contact{{Name: "王", Phone: "010-1"}},
		ServiceType: model.ServiceMaintenance, ServiceContent: "机房运维",
		Vendor: model.Vendor{Name: "某公司", Scale: model.ScaleMedium, Qualifications: "ISO 27001",
			Lead: model.Contact{Name: "李", Phone: "139"}}}
}

func snapshot() Snapshot {
	p := &plan.Plan{Controls: []plan.Deployment{{Item: "A.2.2.a", Status: plan.Planned, Measure: "每日备份", Owner: "李", Planned: "2026-05-01"},
		{Item: "A.2.2.b", Status: plan.NA, Reason: "无"}}}
	return Take(engagement(), p, []string{"加固"}, []KV{{"联系人", "王"}})
}

func TestTakeAndGaps(t *testing.T) {
	s := snapshot()
	if len(s.Measures) != 2 || s.Measures[0].Item != "A.2.2.a" || s.Measures[1].Item != MeasureRisk {
		t.Fatalf("measures %+v", s.Measures)
	}
	if g := s.Gaps(); len(g) != 0 {
		t.Fatalf("gaps %+v", g)
	}
	for i, spoil := range []func(*Snapshot){
		func(s *Snapshot) { s.Managers[0].Phone = "" },
		func(s *Snapshot) { s.ServiceContent = "" },
		func(s *Snapshot) { s.Vendor.Scale = "" },
		func(s *Snapshot) { s.Measures = nil },
		func(s *Snapshot) { s.Other = nil },
	} {
		s := snapshot()
		spoil(&s)
		if g := s.Gaps(); len(g) != 1 || g[0].Clause != []model.Clause{ClauseItem1, ClauseItem2, ClauseItem3, ClauseItem4, ClauseItem5}[i] {
			t.Errorf("item %d): gaps %+v", i+1, g)
		}
	}
}

// The diff names exactly the changed fields, old → new (6.5 b)).
func TestDiffNamesEveryChangedField(t *testing.T) {
	old := snapshot()
	now := snapshot()
	now.Vendor.Scale = model.ScaleLarge
	now.ServiceContent = "机房运维和备份"
	now.Managers[0].Phone = "010-2"
	now.Other = nil // item 5) is not compared
	d := Diff(&old, &now)
	want := map[string][2]string{"vendor.scale": {"medium", "large"}, "service_content": {"机房运维", "机房运维和备份"},
		"managers[0].phone": {"010-1", "010-2"}}
	if len(d) != len(want) {
		t.Fatalf("diff %+v", d)
	}
	for _, x := range d {
		w, ok := want[x.Path]
		if !ok || w[0] != x.Old || w[1] != x.New {
			t.Errorf("%s: %q → %q", x.Path, x.Old, x.New)
		}
	}
	if b := d[0].Block(); b.Clause != ClauseChange || b.Key[:15] != "filing.changed." {
		t.Errorf("block %+v", b)
	}
	// A manager removed is a difference too.
	now = snapshot()
	now.Managers = nil
	if d := Diff(&old, &now); len(d) != 2 { // name and phone were set
		t.Errorf("manager removed: %+v", d)
	}
}

func TestLifecycleState(t *testing.T) {
	in := Inputs{Now: snapshot(), Signed: "2026-03-01", LastNDA: "2026-03-05", DueDays: 10, Today: "2026-03-10"}
	if st, _ := LifecycleState(nil, in); st != model.NotStarted {
		t.Errorf("no version within the days: %v", st)
	}
	in.Today = "2026-03-16"
	st, bl := LifecycleState(nil, in)
	if st != model.InProgress || len(bl) != 1 || bl[0].Key != "filing.block.overdue" || bl[0].Args[0] != "2026-03-15" {
		t.Errorf("overdue: %v %+v", st, bl)
	}
	v1 := Version{Number: 1, Reason: Initial, Status: Drafted, Snapshot: snapshot()}
	if st, _ := LifecycleState([]Version{v1}, in); st != model.InProgress {
		t.Errorf("drafted: %v", st)
	}
	v1.Status, v1.SubmittedOn = Submitted, "2026-03-12"
	if st, bl := LifecycleState([]Version{v1}, in); st != model.Done || len(bl) != 0 {
		t.Errorf("submitted: %v %+v", st, bl)
	}
	in.Now.Vendor.Lead.Name = "赵"
	st, bl = LifecycleState([]Version{v1}, in)
	if st != model.NeedsUpdate || len(bl) != 1 || bl[0].Key != "filing.changed.vendor.lead.name" {
		t.Errorf("lead changed: %v %+v", st, bl)
	}
	v2 := Version{Number: 2, Reason: Change, Status: Submitted, SubmittedOn: "2026-04-01", Snapshot: in.Now}
	if st, _ := LifecycleState([]Version{v1, v2}, in); st != model.Done {
		t.Errorf("v2 filed: %v", st)
	}
}

func TestPrerequisitesAndDue(t *testing.T) {
	f := model.Facts{States: map[model.StepID]model.State{}}
	if len(Prerequisites(f)) != 3 {
		t.Errorf("nothing signed: %+v", Prerequisites(f))
	}
	f.ContractSigned = "2026-03-01"
	f.States[model.StepNDA] = model.Done
	f.States[model.StepSecurityPlan] = model.Done
	if b := Prerequisites(f); len(b) != 0 {
		t.Errorf("all signed: %+v", b)
	}
	if Due("2026-03-01", "2026-02-01", 10) != "2026-03-11" || Due("", "2026-02-01", 10) != "" {
		t.Error("due")
	}
	if errs := ValidateStatus(Accepted, "2026-03-01", ""); len(errs) != 1 {
		t.Errorf("accepted without a number: %v", errs)
	}
}
