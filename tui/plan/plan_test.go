package plan

import (
	"context"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/annexa"
	contractmodel "outsec/model/contract"
	"outsec/model/plan"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

func planOf(t *testing.T, st *store.Store, id int64) plan.Plan {
	t.Helper()
	p, err := st.Plan(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// blankPlan opens the plan page of the (blank) sample engagement: nothing
// signed, nothing planned.
func blankPlan(t *testing.T, lang i18n.Lang) (*tuitest.Harness, *store.Store, model.Engagement) {
	t.Helper()
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, string(lang))
	h := tuitest.NewHarness(t, st, lang, 100, 30)
	h.Press("P")
	return h, st, e
}

// Before the signing the plan refuses every change (6.3 a)); S records the
// signing, and the plan can then be written.
func TestSigningUnblocksThePlan(t *testing.T) {
	h, st, e := blankPlan(t, i18n.ZH)
	c := tuitest.ZH
	if h.At() != ui.KindPlan {
		t.Fatalf("at %v after P", h.At())
	}
	h.MustShow(c.T("tui.plan.unsigned", "S")[:12], "6.3 a)")
	h.Press("a")
	h.MustShow(c.T("plan.err.unsigned"))
	if p := planOf(t, st, e.ID); !p.Empty() {
		t.Fatalf("a plan was written before signing: %+v", p)
	}
	h.Press("S")
	if !h.Capturing() {
		t.Fatal("no signing form")
	}
	h.Press("enter") // today
	h.TypeText("HT-2026-9")
	h.Press("enter")
	h.TypeText("v1")
	h.Press("enter", "enter", "enter") // the leader and the vendor's lead, as given
	ct := tuitest.ContractOf(t, st, e.ID)
	if !ct.Signing.Signed() || ct.Signing.Number != "HT-2026-9" || ct.Signing.DeptSignatory != e.Leader ||
		ct.Signing.VendorSignatory != e.Vendor.Lead.Name {
		t.Fatalf("signing %+v", ct.Signing)
	}
	h.MustShow("HT-2026-9")
	h.MustNotShow(c.T("plan.block.unapproved")[:6] + "x")

	// A milestone.
	h.Press("a")
	h.TypeText("2026-05-01")
	h.Press("enter")
	h.TypeText("上线")
	h.Press("enter")
	h.TypeText("无高风险漏洞")
	h.Press("enter")
	if p := planOf(t, st, e.ID); len(p.Milestones) != 1 || p.Milestones[0].Name != "上线" || p.Milestones[0].Date != "2026-05-01" {
		t.Fatalf("milestones %+v", p.Milestones)
	}
	h.MustShow("上线", "无高风险漏洞")
	h.CheckFrame(100, 30)
}

// Section 3: space plans the selected item through its form, then moves it
// on; f filters by status; the detail pane shows the item's text.
func TestControlsTab(t *testing.T) {
	h, st, e := blankPlan(t, i18n.EN)
	c := tuitest.EN
	if err := st.RecordContractSigning(context.Background(), store.Operator{Name: "x"}, e.ID,
		signing()); err != nil {
		t.Fatal(err)
	}
	h.Press("esc", "P", "3")
	first := annexa.Items()[0]
	h.MustShow(first.Label(), first.Title("en"), c.T("tui.plan.good", first.Good.EN)[:20], c.T("plan.status.unplanned"))
	h.Press("space")
	if !h.Capturing() {
		t.Fatal("space on an unplanned item opens its form")
	}
	h.Press("enter") // status: planned
	h.TypeText("A named audit team")
	h.Press("enter")
	h.TypeText("Li Hua")
	h.Press("enter", "enter", "enter") // today; no reason
	pl := planOf(t, st, e.ID)
	d := pl.Deployment(first.ID)
	if d.Status != plan.Planned || d.Measure != "A named audit team" || d.Owner != "Li Hua" || d.Planned == "" {
		t.Fatalf("deployment %+v", d)
	}
	h.Press("space")
	pl = planOf(t, st, e.ID)
	if pl.Deployment(first.ID).Status != plan.Deployed {
		t.Fatalf("space on a planned item: %+v", pl.Deployment(first.ID))
	}
	// Filter: deployed only.
	for range 3 {
		h.Press("f")
	}
	h.MustShow(c.T("tui.plan.filter", c.T("plan.status.deployed"), 1, "f"))
	h.MustNotShow(annexa.Items()[1].Title("en"))
	h.CheckFrame(100, 30)
}

// The approval is refused while the plan has gaps, and recorded once it has
// none; the page then shows the plan as done.
func TestApprovalNeedsAWholePlan(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e, err := st.LoadSample(context.Background(), op, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	h := tuitest.NewHarness(t, st, i18n.ZH, 100, 30)
	// The sample's plan is approved: take the approval back, unplan one item.
	ctx := context.Background()
	if err := st.SavePlanApproval(ctx, op, e.ID, plan.Approval{}); err != nil {
		t.Fatal(err)
	}
	if err := st.SavePlanControl(ctx, op, e.ID, plan.Deployment{Item: "A.8.c"}); err != nil {
		t.Fatal(err)
	}
	h.Press("P", "A")
	h.Press("enter")     // submitted today
	h.Press("enter")     // the leader
	h.Press("enter")     // approved today
	h.MustShow("A.8 c)") // the refusal names the item
	if p := planOf(t, st, e.ID); p.Approval.Approved() {
		t.Fatal("approved with an item unplanned")
	}
	h.Press("esc")
	sp := plan.SamplePlan("zh-CN")
	d := sp.Deployment("A.8.c")
	if err := st.SavePlanControl(ctx, op, e.ID, d); err != nil {
		t.Fatal(err)
	}
	h.Press("A", "enter", "enter", "enter")
	if p := planOf(t, st, e.ID); !p.Approval.Approved() || p.Approval.Leader != e.Leader {
		t.Fatalf("approval %+v", p.Approval)
	}
	h.MustShow("[" + tuitest.ZH.T("state.done") + "]")
}

// The plan page of the loaded sample, each tab at 80×24 and 120×36 in both
// languages.
func TestGoldenPlan(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 36}} {
			for _, tab := range []string{"1", "2", "3"} {
				t.Run(string(lang)+"_"+ui.Itoa(size[0])+"x"+ui.Itoa(size[1])+"_"+tab, func(t *testing.T) {
					st, op := tuitest.WithOperator(t)
					if _, err := st.LoadSample(context.Background(), op, string(lang)); err != nil {
						t.Fatal(err)
					}
					h := tuitest.NewHarness(t, st, lang, size[0], size[1])
					h.Press("P", tab, "down")
					h.CheckFrame(size[0], size[1])
					golden.RequireEqual(t, h.Screen())
				})
			}
		}
	}
}

func signing() contractmodel.Signing {
	return contractmodel.Signing{Date: "2026-03-01", Number: "HT-1", DeptSignatory: "Wang", VendorSignatory: "Chen"}
}
