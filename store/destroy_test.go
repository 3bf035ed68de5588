package store

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// Deleting an engagement needs an approver and a reason, both recorded with
// the files its exports handed out; afterwards its data is gone from the
// file and its write-ahead log, not only from the tables.
func TestApprovedDeletionLeavesNothingInTheFile(t *testing.T) {
	s, p := openTemp(t)
	e := validEngagement()
	const secret = "secret-manager-zx81@example.com"
	e.Managers[0].Email = secret
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	rec := &ExportRecord{EngagementID: e.ID, Number: e.Code + "-RA-01", Kind: "risk-report", Files: []ExportFile{{Path: "/media/usb/" + e.Code + "-RA-01.pdf", Format: "pdf", Size: 1, SHA256: "00"}}}
	if err := s.RecordDocumentExport(ctx, testOp, rec); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEngagementApproved(ctx, testOp, e.ID, Deletion{Approver: " ", Reason: "到期"}); !errors.Is(err, ErrApprovalNeeded) {
		t.Fatalf("no approver: %v", err)
	}
	if count(t, s, "engagements") != 1 {
		t.Fatal("deleted without an approver")
	}
	if err := s.DeleteEngagementApproved(ctx, testOp, e.ID, Deletion{Approver: "李处长", Reason: "合同期满，按 6.3.4 销毁"}); err != nil {
		t.Fatal(err)
	}
	recs, _ := s.AuditLog(ctx, 1)
	if recs[0].Event != EventEngagementDelete || !bytes.Contains([]byte(recs[0].Detail), []byte("approved by 李处长; reason: 合同期满")) ||
		!bytes.Contains([]byte(recs[0].Detail), []byte("/media/usb/"+e.Code+"-RA-01.pdf")) {
		t.Fatalf("audit: %+v", recs[0])
	}
	for _, f := range []string{p, p + "-wal"} {
		b, _ := os.ReadFile(f)
		if bytes.Contains(b, []byte(secret)) {
			t.Fatalf("%s still holds the deleted data", f)
		}
	}
	if err := s.RecordDestruction(ctx, testOp, rec.Number, "U 盘已按规定粉碎"); err != nil {
		t.Fatal(err)
	}
}
