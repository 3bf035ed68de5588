package store

import (
	"errors"
	"strings"
	"testing"
)

func TestRecordDocumentExportListsAndAudits(t *testing.T) {
	s, _ := openTemp(t)
	e := validEngagement()
	if err := s.CreateEngagement(ctx, testOp, e, 0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.NextDocumentSequence(ctx, e.ID, "risk-report"); err != nil || n != 1 {
		t.Fatalf("first sequence %d, %v", n, err)
	}
	if list, err := s.Exports(ctx, e.ID); err != nil || len(list) != 0 {
		t.Fatalf("no exports yet: %v, %v", list, err)
	}
	first := &ExportRecord{EngagementID: e.ID, Number: e.Code + "-RA-01", Kind: "risk-report", Title: "风险评估报告",
		Version: "1.0", Lang: "zh-CN", Files: []ExportFile{
			{Path: "/out/a.docx", Format: "docx", Size: 1234, SHA256: strings.Repeat("a", 64)},
			{Path: "/out/a.pdf", Format: "pdf", Size: 99, SHA256: strings.Repeat("b", 64)},
		}}
	if err := s.RecordDocumentExport(ctx, testOp, first); err != nil {
		t.Fatal(err)
	}
	if first.ID == 0 || first.Seq != 1 || first.Operator != testOp.Label() || first.At.IsZero() {
		t.Fatalf("record not completed: %+v", first)
	}
	second := &ExportRecord{EngagementID: e.ID, Number: e.Code + "-RA-02", Kind: "risk-report", Title: "风险评估报告",
		Version: "1.1", Lang: "zh-CN", Files: []ExportFile{{Path: "/out/b.md", Format: "md", Size: 10, SHA256: strings.Repeat("c", 64)}}}
	if err := s.RecordDocumentExport(ctx, testOp, second); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.NextDocumentSequence(ctx, e.ID, "risk-report"); n != 3 {
		t.Errorf("next risk-report sequence %d, want 3", n)
	}
	if n, _ := s.NextDocumentSequence(ctx, e.ID, "summary"); n != 1 {
		t.Errorf("next summary sequence %d, want 1", n)
	}
	list, err := s.Exports(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Number != second.Number || list[1].Number != first.Number {
		t.Fatalf("newest first: %+v", list)
	}
	got := list[1]
	if got.Title != "风险评估报告" || got.Version != "1.0" || got.Lang != "zh-CN" || got.Kind != "risk-report" ||
		got.Operator != testOp.Label() || !got.At.Equal(first.At) || len(got.Files) != 2 ||
		got.Files[0] != first.Files[0] || got.Files[1] != first.Files[1] {
		t.Errorf("stored record %+v, want %+v", got, first)
	}
	log, err := s.AuditLog(ctx, 1)
	if err != nil || len(log) != 1 {
		t.Fatal(err)
	}
	r := log[0]
	if r.Event != EventDocumentExport || r.ObjectID != e.Code || r.Outcome != OutcomeSuccess ||
		!strings.Contains(r.Detail, "number="+second.Number) || !strings.Contains(r.Detail, "/out/b.md sha256="+strings.Repeat("c", 64)+" size=10") {
		t.Errorf("audit record %+v", r)
	}

	// Deleting the engagement takes its exports with it.
	if err := s.DeleteEngagement(ctx, testOp, e.ID); err != nil {
		t.Fatal(err)
	}
	if count(t, s, "exports") != 0 || count(t, s, "export_files") != 0 {
		t.Error("exports outlived their engagement")
	}
}

func TestRecordDocumentExportAllOrNothing(t *testing.T) {
	s, _ := openTemp(t)
	before := count(t, s, "audit_log")
	rec := &ExportRecord{EngagementID: 42, Number: "X-RA-01", Kind: "risk-report",
		Files: []ExportFile{{Path: "a", Format: "md", SHA256: "00"}}}
	if err := s.RecordDocumentExport(ctx, testOp, rec); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown engagement: %v", err)
	}
	if err := s.RecordDocumentExport(ctx, testOp, &ExportRecord{Number: "X"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("no files: %v", err)
	}
	e := validEngagement()
	s.CreateEngagement(ctx, testOp, e, 0)
	before = count(t, s, "audit_log")
	// A negative size breaks the CHECK after the export row went in: nothing stays.
	bad := &ExportRecord{EngagementID: e.ID, Number: "X-RA-01", Kind: "risk-report",
		Files: []ExportFile{{Path: "a", Format: "md", SHA256: "00"}, {Path: "b", Format: "md", Size: -1}}}
	if err := s.RecordDocumentExport(ctx, testOp, bad); err == nil {
		t.Fatal("bad file accepted")
	}
	if count(t, s, "exports") != 0 || count(t, s, "export_files") != 0 || count(t, s, "audit_log") != before {
		t.Error("a failed export left rows behind")
	}
}
