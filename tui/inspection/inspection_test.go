package inspection

import (
	"context"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model/findings"
	insp "outsec/model/inspection"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

// One key per item: every applicable item checked with 1–3 and the next
// follows; 4 asks for the reason; f shows the open items only, / searches;
// the count runs; the acknowledgement turns partly and non-conform into
// corrective actions due within the contract's fix time; 80×24 throughout.
func TestInspectionOneKeyPerItem(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		c := i18n.New(lang)
		st, op := tuitest.WithOperator(t)
		e, err := st.LoadSample(bg, op, string(lang))
		if err != nil {
			t.Fatal(err)
		}
		items, _ := st.InspectionItems(bg, e.ID)
		n := len(items)
		h := tuitest.NewHarness(t, st, lang, 80, 24)
		h.Press("S")
		if h.At() != ui.KindInspection {
			t.Fatalf("S opened %v", h.At())
		}
		// The sample's inspection is listed; a new one.
		h.MustShow(c.T("inspection.list.acknowledged", "2026-05-20"))
		h.Press("n", "enter", "enter")
		h.TypeText("Vendor office, room 301")
		h.Press("enter")
		h.TypeText("Chen Jing")
		h.Press("enter")
		all, _ := st.Inspections(bg, e.ID)
		var ins []insp.Inspection
		for _, in := range all {
			if in.Place == "Vendor office, room 301" {
				ins = append(ins, in)
			}
		}
		if len(all) != 2 || len(ins) != 1 || len(ins[0].Checks) != n {
			t.Fatalf("inspections %+v", all)
		}
		h.MustShow(c.T("inspection.count", 0, n, 0, 0, 0, 0))
		h.CheckFrame(80, 24)
		// Item 1 partly, item 2 does not conform, the rest conform: one key each.
		keys := 0
		h.Press("2")
		h.Press("3")
		keys += 2
		for i := 2; i < n; i++ {
			if i == 10 {
				// Halfway: the filter to open items and the count.
				h.Press("f")
				h.MustShow(c.T("inspection.filter_open"), c.T("inspection.count", 10, n, 8, 1, 1, 0))
				h.CheckFrame(80, 24)
			}
			h.Press("1")
			keys++
		}
		if keys != n {
			t.Fatalf("%d keys for %d items", keys, n)
		}
		got, _, _ := st.Inspection(bg, ins[0].ID)
		if tl := got.Count(); tl.Open != 0 || tl.Partly != 1 || tl.NotConform != 1 || tl.Conforms != n-2 {
			t.Fatalf("count %+v", tl)
		}
		if got.Checks[0].Method != insp.DocReview {
			t.Fatalf("method %+v", got.Checks[0])
		}
		h.MustShow(c.T("inspection.count", n, n, n-2, 1, 1, 0), c.T("inspection.none_shown"))
		// Search over all items.
		h.Press("f", "/")
		h.TypeText("A.7")
		h.Press("enter")
		h.MustShow("A.7")
		h.MustNotShow("A.1 a)")
		h.Press("esc", "g")
		h.MustShow("A.1 a)")
		// 4 asks why not applicable.
		h.Press("down", "down", "down", "4")
		h.MustShow(c.T("field.check.reason"))
		h.Press("enter")
		h.MustShow(c.T("inspection.err.na_reason"))
		h.Press("esc")
		h.CheckFrame(80, 24)
		// The acknowledgement: two corrective actions.
		h.Press("a")
		fix, _ := st.FixTime(bg, e.ID)
		h.MustShow(c.T("inspection.form.ack_title"))
		h.Press("enter", "enter", "enter")
		h.TypeText("We disagree on A.1 a)")
		h.Press("enter")
		fs, _ := st.Findings(bg, e.ID)
		var mine []findings.Finding
		for _, f := range fs {
			if f.Source == findings.SourceInspection && f.ReportedOn == got.Date {
				mine = append(mine, f)
			}
		}
		if len(mine) != 2 || mine[0].Action.Deadline != insp.Due(got.Date, fix) || !strings.Contains(mine[0].PositionRemarks, "disagree") || mine[0].Action.Owner != e.Vendor.Name {
			t.Fatalf("findings %+v (fix %s)", mine, fix)
		}
		h.MustShow(c.T("inspection.acknowledged", "Chen Jing", string(got.Date)))
		// Results no longer change.
		h.Press("1")
		h.MustShow(string([]rune(c.T("inspection.err.acknowledged"))[:12]))
		h.CheckFrame(80, 24)
	}
}
