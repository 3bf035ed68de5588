package findings

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/findings"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

func register(t *testing.T, st *store.Store, id int64) []findings.Finding {
	t.Helper()
	fs, err := st.Findings(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// A finding from open to verified closed, through the screens: recorded by
// one operator, moved, refused closing without evidence and by its
// reporter (each refusal on screen citing 8.1), evidence added, and closed
// by another operator.
func TestFindingFromOpenToVerifiedClosed(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, "zh-CN")
	c := i18n.New(i18n.ZH)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("F")
	if h.At() != ui.KindFindings {
		t.Fatalf("F opened %v", h.At())
	}
	h.MustShow(c.T("tui.findings.title", e.Code, e.Name)[:12])
	h.CheckFrame(80, 24)

	h.Press("n")
	h.TypeText("日志未集中审计")
	h.Press("enter")
	h.TypeText("A.2.5 a)")
	h.Press("enter", "enter")
	h.TypeText("部署日志审计系统")
	h.Press("enter", "enter")
	h.TypeText("2026-03-20")
	h.Press("enter")
	fs := register(t, st, e.ID)
	if len(fs) != 1 || fs[0].Description != "日志未集中审计" || fs[0].Concerns != "A.2.5 a)" || fs[0].Action.Deadline != "2026-03-20" ||
		fs[0].Severity != findings.Medium || fs[0].ReporterID != op.ID {
		t.Fatalf("recorded %+v", fs)
	}
	h.MustShow("#1", "日志未集中审计", c.T("findings.state.open"), "2026-03-20")
	h.CheckFrame(80, 24)

	// Open → in rectification → rectification reported.
	h.Press("m", "down", "enter", "enter")
	h.Press("m", "enter")
	h.TypeText("乙方提交整改报告")
	h.Press("enter")
	if fs := register(t, st, e.ID); fs[0].State != findings.Reported {
		t.Fatalf("state %v", fs[0].State)
	}

	// Closing without evidence, by the reporter: refused, on screen, citing 8.1.
	h.Press("v", "enter", "enter")
	h.MustShow(c.T("findings.err.no_evidence")[:15], "8.1 b)")
	h.MustShow(c.T("findings.err.self_verify", op.Label())[:12])
	if fs := register(t, st, e.ID); fs[0].State != findings.Reported {
		t.Fatalf("closed despite the refusal: %v", fs[0].State)
	}
	h.Press("esc")

	// The vendor's report as evidence.
	report := filepath.Join(t.TempDir(), "整改报告.pdf")
	if err := os.WriteFile(report, []byte("%PDF-1.4 整改报告"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.Press("a")
	h.TypeText(report)
	h.Press("enter", "enter", "enter")
	h.MustShow(c.T("tui.findings.evidence", 1), "整改报告.pdf")

	// Still the reporter: refused.
	h.Press("v", "enter", "enter")
	h.MustShow(c.T("findings.err.self_verify", op.Label())[:12])
	h.MustNotShow(c.T("findings.err.no_evidence")[:15])
	h.Press("esc")

	// Another operator verifies and closes it.
	other, err := st.CreateOperator(bg, store.Operator{Name: "李验证", Role: "科长"})
	if err != nil {
		t.Fatal(err)
	}
	h.M.Context().Operator = other
	h.Press("v", "enter")
	h.TypeText("复核日志审计已启用")
	h.Press("enter")
	fs = register(t, st, e.ID)
	if fs[0].State != findings.Closed || fs[0].VerifierID != other.ID {
		t.Fatalf("not closed: %+v", fs[0])
	}
	h.MustShow(c.T("findings.state.closed"), c.T("tui.findings.verified", other.Label(), "2026-03-02")[:10])
	if f := h.Facts(); f.States[model.StepImprovement] != model.Done {
		t.Fatalf("improvement %v", f.States[model.StepImprovement])
	}
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("esc went to %v", h.At())
	}
}

// The filter by state, source, severity and overdue, and the overdue flag
// in the list and the dashboard's column.
func TestFilterAndOverdue(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		st, op := tuitest.WithOperator(t)
		e := tuitest.BlankSample(t, st, op, string(lang))
		c := i18n.New(lang)
		add := func(desc string, sev findings.Severity, deadline model.Date) {
			f := findings.Finding{Description: desc, Severity: sev, Action: findings.Action{Deadline: deadline}}
			if err := st.AddFinding(bg, op, e.ID, &f); err != nil {
				t.Fatal(err)
			}
		}
		add("Overdue backup test", findings.High, "2026-02-01") // the harness's clock is 2026-03-02
		add("Training records missing", findings.Low, "2026-04-30")
		add("Remote access not logged", findings.Critical, "")
		h := tuitest.NewHarness(t, st, lang, 100, 30)
		h.MustShow("3/1!") // three open, one overdue
		h.Press("F")
		h.MustShow("Overdue backup test", "Training records missing", "2026-02-01!", c.T("tui.findings.overdue_count", 1))
		h.Press("!")
		h.MustShow("Overdue backup test")
		h.MustNotShow("Training records missing", "Remote access not logged")
		h.Press("esc") // clears the filter first
		h.MustShow("Training records missing")
		// The filter form: severity critical.
		h.Press("/", "enter", "enter")
		h.Press("down", "down", "down", "down", "enter", "enter")
		h.MustShow("Remote access not logged", c.T("findings.severity.4"))
		h.MustNotShow("Overdue backup test", "Training records missing")
		h.CheckFrame(100, 30)
		h.Send(tuitest.TeaSize(80, 24))
		h.CheckFrame(80, 24)
	}
}

// Marked findings make the rectification notice: the documents open on it,
// and its preview lists exactly them.
func TestMarkedFindingsMakeTheNotice(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, "en")
	for _, d := range []string{"Alpha backups untested", "Bravo logs unreviewed", "Charlie accounts shared"} {
		f := findings.Finding{Description: d, Severity: findings.Medium, Action: findings.Action{Deadline: "2026-04-30"}}
		if err := st.AddFinding(bg, op, e.ID, &f); err != nil {
			t.Fatal(err)
		}
	}
	h := tuitest.NewHarness(t, st, i18n.EN, 120, 36)
	h.Press("F", "space", "down", "space")
	h.MustShow("*#1", "*#3")
	h.Press("x")
	if h.At() != ui.KindDocs {
		t.Fatalf("x opened %v", h.At())
	}
	h.Press("enter")
	h.MustShow("Rectification notice", "Alpha backups untested", "Charlie accounts shared")
	h.MustNotShow("Bravo logs unreviewed")
}

// The move form refuses "notice sent" without the notice's dates and a
// dismissal without its reason, each citing its clause, and changes nothing.
func TestMoveRefusals(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, "en")
	f := findings.Finding{Description: "Logs kept 30 days only", Severity: findings.Medium}
	if err := st.AddFinding(bg, op, e.ID, &f); err != nil {
		t.Fatal(err)
	}
	c := i18n.New(i18n.EN)
	h := tuitest.NewHarness(t, st, i18n.EN, 100, 30)
	h.Press("F", "m", "enter", "enter", "enter") // notice sent, no note, today's date
	h.TypeText("2026-03-01")                     // a deadline before the notice
	h.Press("enter", "enter")
	h.MustShow(c.T("findings.err.notice_order"), "8.1 b))")
	h.Press("esc")
	h.Press("m", "down", "down", "enter", "enter") // dismissed, no reason
	h.MustShow(c.T("findings.err.dismiss_reason"), "per GB/T 32926—2016 8.1)")
	h.Press("esc")
	if fs := register(t, st, e.ID); fs[0].State != findings.Open {
		t.Fatalf("state %v", fs[0].State)
	}
	// The notice, in one step: its dates and number with the move.
	h.Press("m", "enter", "enter", "enter")
	h.TypeText("2026-03-20")
	h.Press("enter")
	h.TypeText("2026-001-RN-01")
	h.Press("enter")
	fs := register(t, st, e.ID)
	if fs[0].State != findings.NoticeSent || fs[0].Action.NoticeDate != "2026-03-02" || fs[0].Action.NoticeDocument != "2026-001-RN-01" {
		t.Fatalf("notice %+v", fs[0])
	}
	h.MustShow("2026-03-20", "2026-001-RN-01")
	h.Press("m", "down", "down", "enter") // from notice sent: in rectification, reported, dismissed
	h.TypeText("Recorded twice")
	h.Press("enter")
	fs = register(t, st, e.ID)
	if fs[0].State != findings.Dismissed || fs[0].DismissReason != "Recorded twice" || fs[0].DismissedBy != op.Label() {
		t.Fatalf("dismissed %+v", fs[0])
	}
	h.MustShow(c.T("findings.state.dismissed"), "Recorded twice")
}
