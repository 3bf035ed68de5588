package store

import (
	"testing"

	"outsec/model/findings"
	"outsec/model/inspection"
	"outsec/model/supervision"
)

// Inspections (with a check's evidence and its finding), process
// assessments and deliverable verifications travel in case files, their
// links to findings and evidence mapped to the new ids.
func TestSupervisionTravelsInCaseFiles(t *testing.T) {
	s, e := reviewed(t)
	sign(t, s, e)
	in := inspection.Inspection{Date: "2026-03-05", Place: "机房", Inspectors: "王"}
	mustF(t, s.CreateInspection(ctx, testOp, e.ID, &in))
	for i, c := range in.Checks {
		c.Result = inspection.Conforms
		if i == 1 {
			c.Result, c.Notes = inspection.NotConform, "无审计条款"
		}
		mustF(t, s.SaveCheck(ctx, testOp, in.ID, c))
	}
	ev, err := s.AddCheckEvidence(ctx, testOp, in.ID, in.Checks[1].Item, writeFile(t, "合同.pdf", "pdf"), "", "")
	mustF(t, err)
	made, err := s.Acknowledge(ctx, testOp, in.ID, inspection.Acknowledgement{Name: "陈", Date: "2026-03-05"})
	mustF(t, err)
	a := supervision.Assessment{Period: "Q1", Date: "2026-03-05", Assessor: "王", Rating: supervision.Good, Leader: "李", ApprovedOn: "2026-03-05",
		Measures: []supervision.Measure{{Text: "复核账号"}}}
	mustF(t, s.SaveProcessAssessment(ctx, testOp, e.ID, &a))
	d := supervision.Verification{Milestone: "启动", Due: "2026-03-01", Date: "2026-03-05", Verifier: "王"}
	mustF(t, s.SaveDelivery(ctx, testOp, e.ID, &d))

	data := exportCaseBytes(t, s, e.ID)
	s2, _ := openTemp(t)
	// Some records first, so that the new ids differ from the file's.
	other := validEngagement()
	other.Code, other.UID = "2026-099", ""
	mustF(t, s2.CreateEngagement(ctx, testOp, other, 0))
	for range 3 {
		f := findings.Finding{Description: "x", Severity: findings.Low}
		mustF(t, s2.AddFinding(ctx, testOp, other.ID, &f))
	}
	res, err := s2.ImportCase(ctx, testOp, data, ImportOptions{})
	mustF(t, err)
	id := res.Engagement.ID
	ins, err := s2.Inspections(ctx, id)
	mustF(t, err)
	if len(ins) != 1 || ins[0].UID != in.UID || len(ins[0].Checks) != len(in.Checks) || !ins[0].Acknowledged() {
		t.Fatalf("inspections %+v", ins)
	}
	c := ins[0].Checks[1]
	if c.Result != inspection.NotConform || len(c.Evidence) != 1 || c.Evidence[0] != ev.SHA256 || c.Finding == 0 {
		t.Fatalf("check %+v", c)
	}
	fs, _ := s2.Findings(ctx, id)
	var fromCheck, fromAudit *findings.Finding
	for i := range fs {
		switch fs[i].Source {
		case findings.SourceInspection:
			fromCheck = &fs[i]
		case findings.SourceAssessment:
			fromAudit = &fs[i]
		}
	}
	if fromCheck == nil || fromCheck.ID != c.Finding || fromCheck.SourceID != c.ID || fromCheck.Description != made[0].Description {
		t.Fatalf("finding of the check %+v (check %+v)", fromCheck, c)
	}
	as, _ := s2.ProcessAssessments(ctx, id)
	if len(as) != 1 || fromAudit == nil || fromAudit.SourceID != as[0].ID || as[0].Measures[0].Finding != fromAudit.ID {
		t.Fatalf("assessments %+v finding %+v", as, fromAudit)
	}
	ds, _ := s2.Deliveries(ctx, id)
	if len(ds) != 1 || ds[0].Milestone != "启动" {
		t.Fatalf("deliveries %+v", ds)
	}
	// A copy beside the original: new uids.
	res2, err := s2.ImportCase(ctx, testOp, data, ImportOptions{OnConflict: ConflictKeepBoth})
	mustF(t, err)
	ins2, _ := s2.Inspections(ctx, res2.Engagement.ID)
	if len(ins2) != 1 || ins2[0].UID == in.UID {
		t.Fatalf("copy %+v", ins2)
	}
}
