package store

import (
	"testing"
	"time"

	"outsec/model"
	"outsec/model/findings"
	"outsec/model/screening"
	"outsec/model/supervision"
)

// A milestone due is verified: a) 1) every clause, a) 2)–4), b) a problem
// with the leader's decision becomes a finding once; the step is done when
// every milestone due is verified, and a leaver with an open access is
// flagged in it (7.2 a) 2); A.4 b)).
func TestDeliveryVerification(t *testing.T) {
	s, _ := openTemp(t)
	now := time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	e, err := s.LoadSample(ctx, testOp, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.Plan(ctx, e.ID)
	due := supervision.DueMilestones(&p, "2026-12-31")
	if len(due) == 0 {
		t.Fatal("sample: no milestone due by the end of 2026")
	}
	if st, bs := stepState(t, s, e.ID, model.StepDelivery); st != model.InProgress || !hasBlock(bs, "delivery.block.unverified") {
		t.Fatalf("before: %v %+v", st, bs)
	}
	var vs []supervision.Verification
	for i, m := range due {
		v := supervision.Verification{Milestone: m.Name, Due: m.Date, Date: "2026-12-30", Verifier: "王检查", AccessChecked: true,
			TrainingChecked: true, Records: "运维日志、工单"}
		for _, it := range supervision.DeliveryItems(e.CloudWebsite) {
			v.Clauses = append(v.Clauses, supervision.ClauseCheck{Item: it.ID, Implemented: supervision.ImplYes, Evidence: "合同第 8 条"})
		}
		if i == 0 {
			v.Problems = []supervision.Problem{{Description: "交付文档缺少备份记录", Cause: "未纳入交付清单", Decision: "限期补交"}}
		}
		if err := s.SaveDelivery(ctx, testOp, e.ID, &v); err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	if vs[0].Problems[0].Finding == 0 {
		t.Fatal("no finding from b)")
	}
	n := len(mustFindings(t, s, e.ID))
	if err := s.SaveDelivery(ctx, testOp, e.ID, &vs[0]); err != nil {
		t.Fatal(err)
	}
	if len(mustFindings(t, s, e.ID)) != n {
		t.Fatal("finding made twice")
	}
	var f findings.Finding
	for _, x := range mustFindings(t, s, e.ID) {
		if x.ID == vs[0].Problems[0].Finding {
			f = x
		}
	}
	if f.Source != findings.SourceDelivery || f.Action.Measure != "限期补交" {
		t.Fatalf("finding %+v", f)
	}
	if st, bs := stepState(t, s, e.ID, model.StepDelivery); st != model.Done {
		t.Fatalf("all verified: %v %+v", st, bs)
	}
	// A leaver with an open access: flagged in the verification.
	sc, _ := s.Screening(ctx, e.ID)
	pid := sc.People[0].ID
	if err := s.GrantAccess(ctx, testOp, pid, &screening.Access{Account: "vpn", Kind: screening.AccessElectronic, Granted: "2026-01-10"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPersonLeft(ctx, testOp, pid, "2026-12-01"); err != nil {
		t.Fatal(err)
	}
	if st, bs := stepState(t, s, e.ID, model.StepDelivery); st != model.InProgress || !hasBlock(bs, "delivery.gap.leaver") {
		t.Fatalf("leaver: %v %+v", st, bs)
	}
}

func mustFindings(t *testing.T, s *Store, id int64) []findings.Finding {
	t.Helper()
	fs, err := s.Findings(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}
