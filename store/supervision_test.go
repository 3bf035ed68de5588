package store

import (
	"testing"
	"time"

	"outsec/model"
	"outsec/model/findings"
	"outsec/model/supervision"
)

func stepState(t *testing.T, s *Store, id int64, step model.StepID) (model.State, []model.Block) {
	t.Helper()
	facts, err := s.LifecycleFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := s.Engagement(ctx, id)
	for _, st := range model.Lifecycle(&e, facts[id]) {
		if st.ID == step {
			return st.State, st.Blocks
		}
	}
	t.Fatalf("no step %s", step)
	return 0, nil
}

func hasBlock(bs []model.Block, key string) bool {
	for _, b := range bs {
		if b.Key == key {
			return true
		}
	}
	return false
}

// The rules of 7.1: overdue per the plan's period; b) 1) makes the risk
// assessment "needs update", b) 2) asks for a new screening; approved d)
// measures become findings once; "adjust the requirements" records a
// contract factor change once; a refused record writes nothing.
func TestProcessAssessmentRules(t *testing.T) {
	s, _ := openTemp(t)
	now := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	e, err := s.LoadSample(ctx, testOp, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	// The sample's plan has a period of three months, its assessment is of
	// 2026-06-30: overdue.
	if st, bs := stepState(t, s, e.ID, model.StepProcessAudit); st != model.NeedsUpdate || !hasBlock(bs, "audit.block.overdue") {
		t.Fatalf("process audit %v %+v", st, bs)
	}
	if st, _ := stepState(t, s, e.ID, model.StepRisk); st != model.Done {
		t.Fatalf("sample risk %v", st)
	}
	before, _ := s.Findings(ctx, e.ID)
	bad := supervision.Assessment{Period: "2026 Q3", Date: "2026-10-05", Assessor: "王", Rating: supervision.Good}
	bad.Changes[0].Changed = true // without saying what
	if err := s.SaveProcessAssessment(ctx, testOp, e.ID, &bad); err == nil || bad.ID != 0 {
		t.Fatalf("a change without a description: %v", err)
	}
	a := supervision.Assessment{Period: "2026 Q3", Date: "2026-10-05", Assessor: "王检查", Rating: supervision.Adequate,
		Measures: []supervision.Measure{{Text: "每月复核账号", Owner: "乙方", Due: "2026-10-01"}}, Adjust: true, AdjustNote: "增加日志留存要求"}
	a.Changes[supervision.AspectOrganisation] = supervision.Change{Changed: true, Description: "新增两名运维人员"}
	if err := s.SaveProcessAssessment(ctx, testOp, e.ID, &a); err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.UID == "" || a.FactorChange == 0 || a.Measures[0].Finding != 0 {
		t.Fatalf("saved %+v", a)
	}
	if st, bs := stepState(t, s, e.ID, model.StepProcessAudit); st != model.Done || len(bs) != 0 {
		t.Fatalf("after the assessment %v %+v", st, bs)
	}
	st, bs := stepState(t, s, e.ID, model.StepRisk)
	if st != model.NeedsUpdate || !hasBlock(bs, "audit.block.risk_change") {
		t.Fatalf("b) 1) change: risk %v %+v", st, bs)
	}
	// The screening is untouched by b) 1).
	if _, bs := stepState(t, s, e.ID, model.StepScreening); hasBlock(bs, "audit.block.rescreen") {
		t.Fatal("rescreen asked without b) 2)")
	}
	c, _ := s.Contract(ctx, e.ID)
	if n := len(c.FactorChanges); n == 0 || c.FactorChanges[n-1].Description != "增加日志留存要求 (GB/T 32926—2016 7.1 d))" {
		t.Fatalf("factor changes %+v", c.FactorChanges)
	}
	// The leader approves d): the measure becomes a finding, once.
	a.Leader, a.ApprovedOn = "李局长", "2026-10-06"
	a.Changes[supervision.AspectReliability] = supervision.Change{Changed: true, Description: "乙方更换项目经理"}
	now = now.Add(time.Hour)
	if err := s.SaveProcessAssessment(ctx, testOp, e.ID, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveProcessAssessment(ctx, testOp, e.ID, &a); err != nil {
		t.Fatal(err)
	}
	after, _ := s.Findings(ctx, e.ID)
	if len(after) != len(before)+1 || a.Measures[0].Finding == 0 {
		t.Fatalf("findings %d → %d", len(before), len(after))
	}
	var f findings.Finding
	for _, x := range after {
		if x.ID == a.Measures[0].Finding {
			f = x
		}
	}
	if f.Source != findings.SourceAssessment || f.SourceID != a.ID || f.Action.Deadline != "2026-10-01" {
		t.Fatalf("finding %+v", f)
	}
	c2, _ := s.Contract(ctx, e.ID)
	if len(c2.FactorChanges) != len(c.FactorChanges) {
		t.Fatal("factor change recorded twice")
	}
	if st, bs := stepState(t, s, e.ID, model.StepScreening); st != model.NeedsUpdate || !hasBlock(bs, "audit.block.rescreen") {
		t.Fatalf("b) 2) change: screening %v %+v", st, bs)
	}
	got, _ := s.ProcessAssessments(ctx, e.ID)
	if len(got) != 2 || got[0].Changes[0].Description != "新增两名运维人员" || !got[0].Approved() {
		t.Fatalf("stored %+v", got)
	}
	// Three months on, the next one is due.
	now = time.Date(2027, 1, 6, 9, 0, 0, 0, time.UTC)
	if st, _ := stepState(t, s, e.ID, model.StepProcessAudit); st != model.NeedsUpdate {
		t.Fatalf("next period %v", st)
	}
}
