package filing

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/filing"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// sample loads the sample (filing v1 with the vendor's former lead) and
// gives every person an NDA, so that a new version may be filed.
func sample(t *testing.T, lang i18n.Lang, w, h int) (*tuitest.Harness, *store.Store, model.Engagement) {
	t.Helper()
	ctx := context.Background()
	st, op := tuitest.WithOperator(t)
	e, err := st.LoadSample(ctx, op, string(lang))
	if err != nil {
		t.Fatal(err)
	}
	sc, _ := st.Screening(ctx, e.ID)
	for _, p := range sc.People {
		if p.NDASigned == "" {
			p.NDASigned = "2026-04-20"
			if err := st.UpdatePerson(ctx, op, &p); err != nil {
				t.Fatal(err)
			}
		}
	}
	hs := tuitest.NewHarness(t, st, lang, w, h)
	hs.Press("B")
	return hs, st, e
}

func versions(t *testing.T, st *store.Store, id int64) []filing.Version {
	t.Helper()
	vs, err := st.Filings(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// The sample's filing needs an update, naming the lead's fields old → new;
// n files v2 and clears it; enter moves v2 to submitted; a change of the
// service content makes it need an update again.
func TestNeedsUpdateThenNewVersion(t *testing.T) {
	h, st, e := sample(t, i18n.ZH, 100, 30)
	c := tuitest.ZH
	if h.At() != ui.KindFiling {
		t.Fatalf("at %v after B", h.At())
	}
	h.MustShow("["+c.T("state.needs_update")+"]", c.T("tui.filing.needs_update", 3, "n"), "v1", c.T("filing.status.accepted"), "BA-2026-0101")
	h.Press("tab")
	lead := filing.SampleLead("zh-CN")
	h.MustShow(c.T("filing.field.vendor.lead.name")+c.T("tui.plan.colon")+lead.Name+" → "+e.Vendor.Lead.Name,
		c.T("filing.field.vendor.lead.phone")+c.T("tui.plan.colon")+lead.Phone+" → "+e.Vendor.Lead.Phone)
	h.CheckFrame(100, 30)
	h.Press("n")
	if !h.Capturing() {
		t.Fatal("no draft form")
	}
	h.Press("enter", "enter") // the authority and the other items of v1
	vs := versions(t, st, e.ID)
	if len(vs) != 2 || vs[1].Reason != filing.Change || vs[1].Snapshot.Vendor.Lead.Name != e.Vendor.Lead.Name ||
		vs[1].Authority != vs[0].Authority || len(vs[1].Snapshot.Other) != 1 {
		t.Fatalf("versions %+v", vs)
	}
	h.MustNotShow(c.T("tui.filing.needs_update", 3, "n"))
	h.MustShow(c.T("tui.filing.status.drafted", "v2"), c.T("filing.block.not_submitted", "v2"))
	// Submit v2.
	h.Press("enter")
	h.Press("down", "enter") // submitted
	h.Press("enter", "enter")
	if vs = versions(t, st, e.ID); vs[1].Status != filing.Submitted || vs[1].SubmittedOn == "" {
		t.Fatalf("v2 %+v", vs[1])
	}
	h.MustShow("[" + c.T("state.done") + "]")
	// The service content changes: needs update again.
	h.Press("C")
	h.TypeText("，并负责备份")
	h.Press("enter")
	h.MustShow("["+c.T("state.needs_update")+"]", c.T("tui.filing.needs_update", 1, "n"))
}

// v1 cannot be changed once v2 exists: its status form is refused.
func TestOldVersionIsFrozen(t *testing.T) {
	h, st, e := sample(t, i18n.EN, 100, 30)
	h.Press("n", "enter", "enter")
	if len(versions(t, st, e.ID)) != 2 {
		t.Fatal("no v2")
	}
	h.Press("up", "enter")
	h.Press("enter", "enter")
	h.TypeText("X")
	h.Press("enter")
	h.MustShow(tuitest.EN.T("filing.err.frozen", 1, 2))
	if vs := versions(t, st, e.ID); vs[0].FilingNo != "BA-2026-0101" {
		t.Fatalf("v1 changed: %+v", vs[0])
	}
}

func TestGoldenFiling(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 36}} {
			for _, tab := range []string{"versions", "diff"} {
				t.Run(string(lang)+"_"+ui.Itoa(size[0])+"x"+ui.Itoa(size[1])+"_"+tab, func(t *testing.T) {
					h, _, _ := sample(t, lang, size[0], size[1])
					if tab == "diff" {
						h.Press("tab")
					}
					h.CheckFrame(size[0], size[1])
					golden.RequireEqual(t, h.Screen())
				})
			}
		}
	}
}

// Before the NDAs are all signed a new version is refused with the clause
// (6.5 a)), and nothing is written; D sets the days a timely filing has.
func TestDraftRefusedAndDueDays(t *testing.T) {
	ctx := context.Background()
	st, op := tuitest.WithOperator(t)
	e, err := st.LoadSample(ctx, op, "zh-CN") // 陈晨 has no NDA
	if err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 100, 30)
	c := tuitest.ZH
	h.Press("B")
	h.MustShow(c.T("block.nda_unsigned"))
	h.Press("n", "enter", "enter")
	h.MustShow(c.T("block.nda_unsigned"))
	if len(versions(t, st, e.ID)) != 1 {
		t.Fatal("a version was drafted before the NDAs")
	}
	h.Press("esc") // leave the form
	h.Press("D")
	h.Press("backspace", "backspace")
	h.TypeText("30")
	h.Press("enter")
	if n, _ := st.FilingDueDays(ctx); n != 30 {
		t.Fatalf("due days %d", n)
	}
	h.MustShow(c.T("tui.filing.status.due_days", 30))
	h.Press("D", "backspace", "backspace")
	h.TypeText("0")
	h.Press("enter")
	if n, _ := st.FilingDueDays(ctx); n != 30 {
		t.Fatalf("0 days accepted: %d", n)
	}
}

// ? shows the filing's own keys.
func TestFilingHelpScreen(t *testing.T) {
	h, _, _ := sample(t, i18n.ZH, 80, 24)
	h.Press("?")
	h.MustShow(tuitest.ZH.T("tui.filing.helpscreen.keys"), tuitest.ZH.T("tui.filing.help.new"), tuitest.ZH.T("tui.filing.help.due_days"))
	h.CheckFrame(80, 24)
}
