package store

import (
	"bytes"
	"strings"
	"testing"

	"outsec/model/exit"
	"outsec/model/findings"
)

// The exit travels in case files: the record with its audit finding
// remapped, the checklist, every item with its checksums and disposition,
// and the exit's own evidence; replacing imports it once; a bad item is
// refused with its path and clause.
func TestExitTravelsInCaseFiles(t *testing.T) {
	s, e := exitFixture(t, false)
	f := &findings.Finding{Description: "越权访问", Severity: findings.High}
	mustF(t, s.AddFinding(ctx, testOp, e.ID, f))
	x := startedExit()
	x.Trigger, x.FindingID = exit.TriggerAuditFinding, f.ID
	mustF(t, s.StartExit(ctx, testOp, e.ID, x))
	items := []exit.Item{{Name: "a.csv", Location: "a.csv", Size: 3, SHA256: strings.Repeat("a", 64), SM3: strings.Repeat("b", 64), Sensitive: true},
		{Name: "磁带", Type: exit.TypeMedium}}
	mustF(t, s.AddExitItems(ctx, testOp, e.ID, items))
	mustF(t, s.DisposeExitItems(ctx, testOp, e.ID, []int64{items[1].ID},
		exit.Disposal{Disposition: exit.Destroyed, Method: "消磁", Witness: "李四", MediaCleared: true, Evidence: "记录", VerifiedBy: "王五"}))
	mustF(t, s.RecordReceipt(ctx, testOp, e.ID, map[int64]exit.CheckState{items[0].ID: exit.Matched}))
	mustF(t, s.SetExitCheck(ctx, testOp, e.ID, exit.Check{ID: "exit.b3", Status: exit.CheckNA, Note: "无源代码"}))
	_, err := s.AddEvidenceNote(ctx, testOp, e.ID, "交接记录", "双方签字的交接单", Owner{Kind: OwnerExit, ID: e.ID})
	mustF(t, err)
	want, _ := s.Exit(ctx, e.ID)
	data := exportCaseBytes(t, s, e.ID)
	if !bytes.Contains(data, []byte(`"exit": {`)) {
		t.Fatalf("no exit section: %s", data)
	}
	other, _ := openTemp(t)
	// A finding in the other database first, so ids differ.
	o := validEngagement()
	o.Code, o.Name = "2026-777", "另一个"
	mustF(t, other.CreateEngagement(ctx, testOp, o, 0))
	mustF(t, other.AddFinding(ctx, testOp, o.ID, &findings.Finding{Description: "x", Severity: findings.Low}))
	res, err := other.ImportCase(ctx, testOp, data, ImportOptions{})
	mustF(t, err)
	got, err := other.Exit(ctx, res.Engagement.ID)
	mustF(t, err)
	fs, _ := other.Findings(ctx, res.Engagement.ID)
	if got.Exit == nil || got.Exit.FindingID != fs[0].ID || got.Exit.Trigger != exit.TriggerAuditFinding {
		t.Fatalf("exit %+v, findings %+v", got.Exit, fs)
	}
	if len(got.Checks) != len(want.Checks) || len(got.Items) != 2 {
		t.Fatalf("checks %d items %d", len(got.Checks), len(got.Items))
	}
	for i := range want.Items {
		w, g := want.Items[i], got.Items[i]
		w.ID, g.ID = 0, 0
		if w != g {
			t.Errorf("item %d: %+v\nwant %+v", i, g, w)
		}
	}
	var na exit.Check
	for _, c := range got.Checks {
		if c.ID == "exit.b3" {
			na = c
		}
	}
	if na.Status != exit.CheckNA || na.Note != "无源代码" {
		t.Errorf("check %+v", na)
	}
	if evs, _ := other.EvidenceOf(ctx, Owner{Kind: OwnerExit, ID: res.Engagement.ID}); len(evs) != 1 {
		t.Errorf("exit evidence %+v", evs)
	}
	_, err = other.ImportCase(ctx, testOp, data, ImportOptions{OnConflict: ConflictReplace})
	mustF(t, err)
	if n := count(t, other, "exit_items"); n != 2 {
		t.Fatalf("after replace: %d items", n)
	}
	bad := bytes.Replace(data, []byte(`"name": "磁带"`), []byte(`"name": ""`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("fixture: name not found")
	}
	if _, err := openTempImport(t, bad); err == nil || !strings.Contains(err.Error(), "$.exit.items[1].name") || !strings.Contains(err.Error(), "9.3.3") {
		t.Fatalf("bad item: %v", err)
	}
}
