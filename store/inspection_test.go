package store

import (
	"errors"
	"testing"

	"outsec/model"
	"outsec/model/annexa"
	"outsec/model/findings"
	"outsec/model/inspection"
	"outsec/model/plan"
)

// An inspection checks every annex A item but those the plan marks not
// applicable; results are saved one by one; the acknowledgement turns each
// partly or non-conform into a finding due fix_time (15 working days by
// default) after the inspection, in one transaction; afterwards the results
// do not change.
func TestInspectionToFindings(t *testing.T) {
	s, e := reviewed(t)
	sign(t, s, e)
	a := testOp
	if err := s.SavePlanControl(ctx, a, e.ID, plan.Deployment{Item: "A.5.a", Status: plan.NA, Reason: "无机房"}); err != nil {
		t.Fatal(err)
	}
	items, err := s.InspectionItems(ctx, e.ID)
	if err != nil || len(items) != len(annexa.Items())-1 {
		t.Fatalf("items %d %v", len(items), err)
	}
	// Refused header: nothing written.
	if err := s.CreateInspection(ctx, a, e.ID, &inspection.Inspection{Date: "2026-03-02"}); err == nil {
		t.Fatal("no inspectors, no place: accepted")
	}
	in := inspection.Inspection{Date: "2026-03-02", Place: "乙方机房", Inspectors: "王检查", VendorRep: "赵代表"}
	if err := s.CreateInspection(ctx, a, e.ID, &in); err != nil {
		t.Fatal(err)
	}
	if len(in.Checks) != 51 || in.UID == "" || in.Check("A.5.a") != nil {
		t.Fatalf("checks %d uid %q", len(in.Checks), in.UID)
	}
	for i, c := range in.Checks {
		c.Result, c.Method = inspection.Conforms, inspection.Interview
		switch i {
		case 0:
			c.Result, c.Notes = inspection.Partly, "组织未书面指定"
		case 1:
			c.Result = inspection.NotConform
		case 2:
			c.Result = inspection.NA
		}
		err := s.SaveCheck(ctx, a, in.ID, c)
		if i == 2 {
			var v model.ValidationError
			if !errors.As(err, &v) || v[0].Key != "inspection.err.na_reason" {
				t.Fatalf("n/a without a reason: %v", err)
			}
			c.Reason = "不涉及"
			err = s.SaveCheck(ctx, a, in.ID, c)
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 5 {
			// Acknowledging with items still open is refused.
			if _, err := s.Acknowledge(ctx, a, in.ID, inspection.Acknowledgement{Name: "赵代表", Date: "2026-03-02"}); err == nil {
				t.Fatal("acknowledged with open items")
			}
		}
	}
	got, _, err := s.Inspection(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c := got.Count(); c.Open != 0 || c.Partly != 1 || c.NotConform != 1 || c.NA != 1 || c.Conforms != 48 {
		t.Fatalf("count %+v", c)
	}
	ev, err := s.AddCheckEvidence(ctx, a, in.ID, in.Checks[0].Item, writeFile(t, "photo.jpg", "jpeg"), "", "")
	if err != nil {
		t.Fatal(err)
	}
	made, err := s.Acknowledge(ctx, a, in.ID, inspection.Acknowledgement{Name: "赵代表", Date: "2026-03-02", Disagreement: "A.1 a) 已口头指定"})
	if err != nil {
		t.Fatal(err)
	}
	// 2026-03-02 is a Monday: 15 working days later is Monday 2026-03-23.
	if len(made) != 2 || made[0].Action.Deadline != "2026-03-23" || made[0].Source != findings.SourceInspection || made[1].Severity != findings.High {
		t.Fatalf("findings %+v", made)
	}
	fs, _ := s.Findings(ctx, e.ID)
	if len(fs) != 2 || fs[0].SourceID != in.Checks[0].ID {
		t.Fatalf("register %+v", fs)
	}
	got, _, _ = s.Inspection(ctx, in.ID)
	if !got.Acknowledged() || got.Checks[0].Finding != made[0].ID || len(got.Checks[0].Evidence) != 1 || got.Checks[0].Evidence[0] != ev.SHA256 {
		t.Fatalf("after ack %+v", got.Checks[0])
	}
	c := got.Checks[3]
	c.Result = inspection.NotConform
	if err := s.SaveCheck(ctx, a, in.ID, c); err == nil {
		t.Fatal("changed after the acknowledgement")
	}
	if _, err := s.Acknowledge(ctx, a, in.ID, inspection.Acknowledgement{Name: "x", Date: "2026-03-03"}); err == nil {
		t.Fatal("acknowledged twice")
	}
	// The contract's fix time is used.
	if err := s.SaveContractParams(ctx, a, e.ID, map[string]string{"fix_time": "10d"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.FixTime(ctx, e.ID); v != "10d" || inspection.Due("2026-03-02", v) != "2026-03-12" {
		t.Fatalf("fix time %q", v)
	}
}
