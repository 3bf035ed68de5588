package plan

import (
	"testing"

	"outsec/model"
	"outsec/model/annexa"
)

// complete is a plan with every section filled and every annex A item
// planned, approved on 2026-04-01.
func complete() *Plan {
	p := &Plan{
		Milestones: []Milestone{{Date: "2026-05-01", Name: "上线", Objective: "无高风险漏洞"}},
		Roles: []Role{{Side: SideDepartment, Person: "王主任", Role: "负责人"},
			{Side: SideVendor, Person: "李工", Role: "运维"}},
		Incident:  Incident{Contacts: "王主任 010-1", Deadline: "2 小时", Procedure: "报告、处置、复盘"},
		Resources: Resources{BackupStaff: "张工", SpareEquipment: "备用服务器", BackupServices: "异地备份"},
		Tracking:  Tracking{PeriodMonths: 3, Reporting: "向主管领导报告", Records: "评估审计记录"},
		Approval:  Approval{SubmittedOn: "2026-03-28", Leader: "赵局长", ApprovedOn: "2026-04-01", RiskDigest: "d1"},
	}
	for _, it := range annexa.Items() {
		p.Controls = append(p.Controls, Deployment{Item: it.ID, Status: Planned, Measure: "措施", Owner: "李工", Planned: "2026-05-01"})
	}
	return p
}

var in = Inputs{People: []string{"李工"}, RiskDigest: "d1"}

func TestCompletePlanIsDone(t *testing.T) {
	if st, bl := complete().LifecycleState(in); st != model.Done || len(bl) != 0 {
		t.Fatalf("complete plan: %v %+v", st, bl)
	}
	if st, _ := (&Plan{}).LifecycleState(in); st != model.NotStarted {
		t.Errorf("empty plan: %v", st)
	}
}

func hasBlock(bl []model.Block, key string) bool {
	for _, b := range bl {
		if b.Key == key {
			return true
		}
	}
	return false
}

// Each condition of done holds on its own (6.3 a) 3), 6.3 b)).
func TestDoneNeedsEveryItemAndTheApproval(t *testing.T) {
	p := complete()
	p.Controls = p.Controls[:len(p.Controls)-1] // A.8.c unplanned
	if st, bl := p.LifecycleState(in); st != model.InProgress || !hasBlock(bl, "plan.block.controls") {
		t.Errorf("an item unplanned: %v %+v", st, bl)
	}
	p = complete()
	p.Controls[5] = Deployment{Item: p.Controls[5].Item, Status: NA}
	if st, _ := p.LifecycleState(in); st != model.InProgress {
		t.Errorf("not applicable without a reason: %v", st)
	}
	p.Controls[5].Reason = "无备份介质"
	if st, _ := p.LifecycleState(in); st != model.Done {
		t.Errorf("not applicable with a reason: %v", st)
	}
	p.Controls[6].Owner = ""
	if st, _ := p.LifecycleState(in); st != model.InProgress {
		t.Errorf("planned without an owner: %v", st)
	}
	p = complete()
	p.Approval.ApprovedOn, p.Approval.Leader = "", ""
	if st, bl := p.LifecycleState(in); st != model.InProgress || !hasBlock(bl, "plan.block.unapproved") {
		t.Errorf("unapproved: %v %+v", st, bl)
	}
	for _, empty := range []func(*Plan){
		func(p *Plan) { p.Milestones = nil },
		func(p *Plan) { p.Roles = p.Roles[1:] },
		func(p *Plan) { p.Incident.Deadline = "" },
		func(p *Plan) { p.Resources.SpareEquipment = "" },
		func(p *Plan) { p.Tracking.PeriodMonths = 0 },
	} {
		p := complete()
		empty(p)
		if st, _ := p.LifecycleState(in); st == model.Done {
			t.Errorf("done with a section empty: %+v", p)
		}
	}
}

func TestNeedsUpdateAfterApproval(t *testing.T) {
	p := complete()
	before := Inputs{People: in.People, RiskDigest: "d1",
		Changes: []Change{{Date: "2026-03-30", Key: "plan.block.factor_change"}}}
	if st, _ := p.LifecycleState(before); st != model.Done {
		t.Errorf("a change before the approval: %v", st)
	}
	after := before
	after.Changes = []Change{{Date: "2026-04-02", Key: "plan.block.factor_change", Args: []any{"2026-04-02"}}}
	if st, bl := p.LifecycleState(after); st != model.NeedsUpdate || !hasBlock(bl, "plan.block.factor_change") {
		t.Errorf("a factor change after the approval: %v %+v", st, bl)
	}
	risks := in
	risks.RiskDigest = "d2"
	if st, bl := p.LifecycleState(risks); st != model.NeedsUpdate || !hasBlock(bl, "plan.block.risks_changed") {
		t.Errorf("risks changed: %v %+v", st, bl)
	}
	person := in
	person.People = []string{"李工", "新人"}
	st, bl := p.LifecycleState(person)
	if st != model.NeedsUpdate || !hasBlock(bl, "plan.block.person_no_role") {
		t.Errorf("a person without a role: %v %+v", st, bl)
	}
}

// Every annex A item is a row of section 3, in both languages.
func TestEveryAnnexItemIsARow(t *testing.T) {
	rows := complete().ControlRows(false)
	if len(rows) != len(annexa.Items()) {
		t.Fatalf("%d rows for %d items", len(rows), len(annexa.Items()))
	}
	for i, it := range annexa.Items() {
		if rows[i].Item.ID != it.ID || rows[i].Deployment.Item != it.ID {
			t.Errorf("row %d: %s, want %s", i, rows[i].Item.ID, it.ID)
		}
		for _, lang := range []string{"zh-CN", "en"} {
			if rows[i].Item.Title(lang) == "" {
				t.Errorf("%s has no title in %s", it.ID, lang)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	if errs := complete().Validate(); len(errs) != 0 {
		t.Fatalf("complete plan: %v", errs)
	}
	p := complete()
	p.Controls = append(p.Controls, Deployment{Item: "A.9.z", Status: "done"})
	p.Approval.ApprovedOn = "2026-03-01"
	errs := p.Validate()
	want := map[string]bool{"plan.controls[52].item": false, "plan.controls[52].status": false, "plan.approval.approved_on": false}
	for _, e := range errs {
		if _, ok := want[e.Field]; ok {
			want[e.Field] = true
		}
		if e.Clause == "" {
			t.Errorf("%s without a clause", e.Field)
		}
	}
	for f, seen := range want {
		if !seen {
			t.Errorf("no error on %s: %v", f, errs)
		}
	}
}
