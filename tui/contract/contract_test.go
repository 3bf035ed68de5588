package contract

import (
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

func assessment(t *testing.T, st *store.Store, id int64, item string) contract.Assessment {
	t.Helper()
	c := tuitest.ContractOf(t, st, id)
	return c.Review.Assessment(item)
}

// sampleContract opens the contract screen of the sample engagement (a
// government website on cloud services: 42 items).
func sampleContract(t *testing.T, lang i18n.Lang, w, h int) (*tuitest.Harness, *store.Store, model.Engagement) {
	t.Helper()
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, string(lang))
	hs := tuitest.NewHarness(t, st, lang, w, h)
	hs.Press("c")
	return hs, st, e
}

func TestContractOpensFromDashboard(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h, _, e := sampleContract(t, lang, 80, 24)
		c := i18n.New(lang)
		if h.At() != ui.KindContract || h.Capturing() {
			t.Fatalf("screen %v capturing %v after c", h.At(), h.Capturing())
		}
		total := len(contract.ItemsFor(e.CloudWebsite))
		h.MustShow(c.T("tui.contract.progress", 0, total), c.T("tui.contract.gaps", 36), c.T("contract.group.security"),
			"sec.a1", "6.2.1 a) 1)", c.T("tui.contract.must", "")[:6])
		h.CheckFrame(80, 24)
		h.Send(tuitest.TeaSize(120, 36))
		h.CheckFrame(120, 36)
		h.Press("esc")
		if h.At() != ui.KindDashboard {
			t.Fatalf("screen %v after esc", h.At())
		}
	}
}

func TestContractGapsBlockThenDone(t *testing.T) {
	h, st, e := sampleContract(t, i18n.ZH, 80, 24)
	cloud := e.CloudWebsite
	items := contract.ItemsFor(cloud)
	// The header first: title, version, today's date, the operator.
	h.Press("t")
	h.TypeText("运维服务合同")
	h.Press("enter")
	h.TypeText("v1")
	h.Press("enter")
	h.Press(strings.Split(strings.Repeat("backspace ", 10), " ")[:10]...)
	h.TypeText("2026-02-01") // reviewed a month ago
	h.Press("enter", "enter")
	if c := tuitest.ContractOf(t, st, e.ID); c.Review.Title != "运维服务合同" || c.Review.Version != "v1" || c.Review.Date == "" || c.Review.Reviewer != "张三" {
		t.Fatalf("review %+v", c.Review)
	}
	h.MustShow("运维服务合同", "v1")

	// Every item covered but two missing and one partly covered.
	for i := range items {
		switch i {
		case 1, 3:
			h.Press("3")
		case 5:
			h.Press("2")
		default:
			h.Press("1")
		}
		h.Press("down")
	}
	c := tuitest.ContractOf(t, st, e.ID)
	if got := len(c.Gaps(cloud)); got != 3 {
		t.Fatalf("%d gaps, want 3: %+v", got, c.Gaps(cloud))
	}
	h.Press("g")
	h.MustShow(tuitest.ZH.T("tui.contract.gaps", 3), tuitest.ZH.T("tui.contract.progress", len(items), len(items)), "["+tuitest.ZH.T("state.in_progress")+"]")
	h.CheckFrame(80, 24)
	// Gaps only: the three.
	h.Press("f")
	h.MustShow(items[1].ID, items[3].ID, items[5].ID, tuitest.ZH.T("tui.contract.filter_on"))
	h.MustNotShow(" " + items[0].ID + " ")
	h.Press("esc")
	f := h.Facts()
	if f.States[model.StepContract] != model.InProgress || len(f.Blocks[model.StepContract]) != 3 {
		t.Fatalf("facts %v %+v", f.States[model.StepContract], f.Blocks[model.StepContract])
	}
	h.Send(tuitest.TeaSize(160, 50))
	h.MustShow(tuitest.ZH.T("contract.block." + items[1].ID))

	// Mark the three covered (space: missing → not applicable is skipped
	// for a required item without a note → covered).
	h.Send(tuitest.TeaSize(80, 24))
	h.Press("c")
	h.Press("1", "down", "1", "down", "1")
	c = tuitest.ContractOf(t, st, e.ID)
	if got := len(c.Gaps(cloud)); got != 0 {
		t.Fatalf("%d gaps after covering them: %+v", got, c.Gaps(cloud))
	}
	h.MustShow(tuitest.ZH.T("tui.contract.no_gaps", "f"))
	h.Press("esc")
	if st := h.Facts().States[model.StepContract]; st != model.Done {
		t.Fatalf("contract step %v, want done", st)
	}

	// A change of the security factors after the review: needs update.
	h.Press("c", "c")
	h.Press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	// A date after today is refused, the field named (issue 16).
	h.TypeText("2099-01-01")
	h.Press("enter")
	h.MustShow("日期晚于今天（2026-03-02）")
	h.Press(strings.Split(strings.Repeat("backspace ", 10), " ")[:10]...)
	h.TypeText("2026-03-01")
	h.Press("enter")
	h.TypeText("迁入政务云")
	h.Press("enter")
	if c := tuitest.ContractOf(t, st, e.ID); len(c.FactorChanges) != 1 || !c.Stale() {
		t.Fatalf("factor changes %+v", c.FactorChanges)
	}
	h.MustShow("["+tuitest.ZH.T("state.needs_update")+"]", "2026-03-01")
	h.Press("esc")
	if st := h.Facts().States[model.StepContract]; st != model.NeedsUpdate {
		t.Fatalf("contract step %v, want needs update", st)
	}
}

func TestContractSpaceCyclesAndForm(t *testing.T) {
	h, st, e := sampleContract(t, i18n.EN, 80, 24)
	h.Press("space")
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("after space: %+v", a)
	}
	h.Press("space", "space", "space") // partial, missing, (n.a. needs a note) covered
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("after four: %+v", a)
	}
	// 4 on a required item opens the form to say why.
	h.Press("4")
	h.MustShow(tuitest.EN.T("tui.contract.form.na_needs_note"))
	h.Press("enter") // status: n.a.
	h.TypeText("Art. 7")
	h.Press("enter")
	h.Press("enter") // the note left empty: refused, with its clause
	h.MustShow(`"not applicable" needs a note`)
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("saved without a note: %+v", a)
	}
	h.Press("enter", "enter")
	h.TypeText("Not in this contract")
	h.Press("enter")
	a := assessment(t, st, e.ID, "sec.a1")
	if a.Status != contract.NA || a.Article != "Art. 7" || a.Note != "Not in this contract" {
		t.Fatalf("assessment %+v", a)
	}
	h.MustShow("Art. 7", tuitest.EN.T("contract.status.na"))
	h.CheckFrame(80, 24)
}

func TestContractParams(t *testing.T) {
	h, st, e := sampleContract(t, i18n.ZH, 80, 24)
	h.Press("m")
	h.MustShow(tuitest.ZH.T("tui.contract.form.params_title"), tuitest.ZH.T("field.contract.params.vuln_fix_time"))
	h.TypeText("十天")
	h.Press("enter")
	h.MustShow(tuitest.ZH.T("contract.err.duration", "十天"))
	h.Press("backspace", "backspace")
	h.TypeText("10天")
	h.Press("enter")
	for range 60 {
		if ctrOf(h).form == nil || ctrOf(h).form.submitting {
			break
		}
		h.Press("enter")
	}
	c := tuitest.ContractOf(t, st, e.ID)
	if c.Params["vuln_fix_time"] != "10d" || len(c.Params) != 1 {
		t.Fatalf("params %v", c.Params)
	}
	h.MustShow(tuitest.ZH.T("tui.contract.status.params", 1))
}

func TestContractOpensDocuments(t *testing.T) {
	h, _, _ := sampleContract(t, i18n.ZH, 80, 24)
	h.Press("p")
	if h.At() != ui.KindDocs {
		t.Fatalf("screen %v after p", h.At())
	}
	h.MustShow(tuitest.ZH.T("doc.title.contract-review"))
	// The review is selected: enter previews it, not another document.
	h.Press("enter")
	h.MustShow(tuitest.ZH.T("doc.title.contract-review"))
	h.MustNotShow(tuitest.ZH.T("doc.title.risk-report"))
	h.Press("esc", "esc")
	if h.At() != ui.KindContract {
		t.Fatalf("screen %v after esc from the documents", h.At())
	}
}

func TestContractFactorChangeDeleted(t *testing.T) {
	h, st, e := sampleContract(t, i18n.EN, 80, 24)
	h.Press("t", "enter", "enter")
	h.Press(strings.Split(strings.Repeat("backspace ", 10), " ")[:10]...)
	h.TypeText("2026-01-01") // the review's date: before the change below
	h.Press("enter", "enter")
	h.Press("F")
	h.MustShow(tuitest.EN.T("tui.contract.factors_none", "c"))
	h.Press("c")
	// A past event's date is not proposed as today (issue 16).
	h.TypeText("2026-02-01")
	h.Press("enter")
	h.TypeText("New Internet gateway")
	h.Press("enter")
	c := tuitest.ContractOf(t, st, e.ID)
	if len(c.FactorChanges) != 1 || !c.Stale() {
		t.Fatalf("factor changes %+v, review %+v", c.FactorChanges, c.Review)
	}
	h.MustShow("New Internet gateway", "["+tuitest.EN.T("state.needs_update")+"]")
	// Recorded by mistake: deleted after the question.
	h.Press("d")
	h.MustShow(tuitest.EN.T("tui.contract.factor_delete.title", string(c.FactorChanges[0].Date)))
	h.Press("y", "enter")
	if c := tuitest.ContractOf(t, st, e.ID); len(c.FactorChanges) != 0 || c.Stale() {
		t.Fatalf("after delete %+v", c.FactorChanges)
	}
	h.MustShow(tuitest.EN.T("tui.contract.status.factor_deleted", "2026-03-02")[:30], tuitest.EN.T("tui.contract.factors_none", "c"))
	h.MustNotShow("[" + tuitest.EN.T("state.needs_update") + "]")
	h.CheckFrame(80, 24)
	h.Press("esc")
	if h.At() != ui.KindContract || ctrOf(h).factors {
		t.Fatalf("esc left the factor list for screen %v", h.At())
	}
	h.Press("esc")
	if h.At() != ui.KindDashboard {
		t.Fatalf("screen %v", h.At())
	}
}

func ctrOf(h *tuitest.Harness) *contractScreen {
	p, _ := h.PageOf(ui.KindContract).(*contractScreen)
	return p
}
