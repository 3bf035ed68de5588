package audit

import (
	"context"
	"testing"
	"time"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/supervision"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

// Recording "change" under 7.1 b) 1) through the form makes the risk
// assessment "needs update" on the dashboard, with the block citing the
// clause; the overdue assessment is no longer overdue.
func TestChangeUnderB1MakesRiskNeedUpdate(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		c := i18n.New(lang)
		st, op := tuitest.WithOperator(t)
		e, err := st.LoadSample(bg, op, string(lang))
		if err != nil {
			t.Fatal(err)
		}
		h := tuitest.NewHarness(t, st, lang, 80, 24)
		if f := h.Facts(); f.States[model.StepRisk] != model.Done {
			t.Fatalf("sample risk %v", f.States[model.StepRisk])
		}
		h.Press("U")
		if h.At() != ui.KindAudit {
			t.Fatalf("U opened %v", h.At())
		}
		h.MustShow(c.T("audit.due", "2026-09-30", 3))
		h.CheckFrame(80, 24)
		h.Press("n")
		h.TypeText("2026 Q1")
		h.Press("enter", "enter", "enter", "enter", "enter")
		// b) 1) change.
		h.Press("y")
		h.TypeText("Two new operators")
		h.Press("enter", "enter", "enter")
		h.Press("enter", "enter", "enter", "enter") // b) 3), 4)
		h.Press("enter", "enter")                   // b) 5)
		h.Press("enter", "enter")                   // c)
		h.Press("enter", "enter", "enter", "enter", "enter", "enter")
		h.Press("enter", "enter", "enter", "enter")
		all, err := st.ProcessAssessments(bg, e.ID)
		var as []supervision.Assessment
		for _, a := range all {
			if a.Period == "2026 Q1" {
				as = append(as, a)
			}
		}
		if err != nil || len(all) != 2 || len(as) != 1 || !as[0].Changes[0].Changed || as[0].Changes[0].Description != "Two new operators" || as[0].Changes[1].Changed {
			t.Fatalf("assessments %+v %v", as, err)
		}
		h.MustShow("2026 Q1", c.T("audit.changes", "b) 1)"))
		h.CheckFrame(80, 24)
		f := h.Facts()
		if f.States[model.StepRisk] != model.NeedsUpdate {
			t.Fatalf("risk %v", f.States[model.StepRisk])
		}
		found := false
		for _, b := range f.Blocks[model.StepRisk] {
			found = found || b.Key == "audit.block.risk_change"
		}
		if !found {
			t.Fatalf("blocks %+v", f.Blocks[model.StepRisk])
		}
		// On the dashboard's lifecycle panel.
		h.Press("esc", "tab")
		h.MustShow(c.T("state.needs_update"))
	}
}

// An overdue assessment is counted on the dashboard's top bar and flagged
// on the page; recording the period's assessment clears both.
func TestOverdueAssessmentCounted(t *testing.T) {
	c := i18n.New(i18n.EN)
	st, op := tuitest.WithOperator(t)
	e, err := st.LoadSample(bg, op, "en")
	if err != nil {
		t.Fatal(err)
	}
	// Past 2026-09-30, when the one after the sample's (2026-06-30) was due.
	clock := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	st.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	h := tuitest.NewHarness(t, st, i18n.EN, 120, 36)
	h.MustShow(c.T("audit.dashboard.overdue", 1))
	h.Press("U")
	h.MustShow(c.T("audit.overdue", "2026-09-30", 3, string(supervision.ClausePeriod))[:40])
	a := supervision.Assessment{Period: "2026 Q3", Date: "2026-10-05", Assessor: "Wang", Rating: supervision.Good}
	if err := st.SaveProcessAssessment(bg, op, e.ID, &a); err != nil {
		t.Fatal(err)
	}
	h.Press("esc")
	h.MustNotShow(c.T("audit.dashboard.overdue", 1))
}
