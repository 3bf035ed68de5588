package tui

import (
	"context"
	"strings"
	"testing"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/store"
)

func assessment(t *testing.T, st *store.Store, id int64, item string) contract.Assessment {
	t.Helper()
	c := contractOf(t, st, id)
	return c.Review.Assessment(item)
}

// sampleContract opens the contract screen of the sample engagement (a
// government website on cloud services: 42 items).
func sampleContract(t *testing.T, lang i18n.Lang, w, h int) (*harness, *store.Store, model.Engagement) {
	t.Helper()
	st, op := withOperator(t)
	e, err := st.LoadSample(context.Background(), op, string(lang))
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, st, lang, w, h)
	hs.press("c")
	return hs, st, e
}

func TestContractOpensFromDashboard(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		h, _, e := sampleContract(t, lang, 80, 24)
		c := i18n.New(lang)
		if h.at() != KindContract || h.capturing() {
			t.Fatalf("screen %v capturing %v after c", h.at(), h.capturing())
		}
		total := len(contract.ItemsFor(e.CloudWebsite))
		h.mustShow(c.T("tui.contract.progress", 0, total), c.T("tui.contract.gaps", 36), c.T("contract.group.security"),
			"sec.a1", "6.2.1 a) 1)", c.T("tui.contract.must", "")[:6])
		h.checkFrame(80, 24)
		h.send(teaSize(120, 36))
		h.checkFrame(120, 36)
		h.press("esc")
		if h.at() != KindDashboard {
			t.Fatalf("screen %v after esc", h.at())
		}
	}
}

func TestContractGapsBlockThenDone(t *testing.T) {
	h, st, e := sampleContract(t, i18n.ZH, 80, 24)
	cloud := e.CloudWebsite
	items := contract.ItemsFor(cloud)
	// The header first: title, version, today's date, the operator.
	h.press("t")
	h.typeText("运维服务合同")
	h.press("enter")
	h.typeText("v1")
	h.press("enter", "enter", "enter")
	if c := contractOf(t, st, e.ID); c.Review.Title != "运维服务合同" || c.Review.Version != "v1" || c.Review.Date == "" || c.Review.Reviewer != "张三" {
		t.Fatalf("review %+v", c.Review)
	}
	h.mustShow("运维服务合同", "v1")

	// Every item covered but two missing and one partly covered.
	for i := range items {
		switch i {
		case 1, 3:
			h.press("3")
		case 5:
			h.press("2")
		default:
			h.press("1")
		}
		h.press("down")
	}
	c := contractOf(t, st, e.ID)
	if got := len(c.Gaps(cloud)); got != 3 {
		t.Fatalf("%d gaps, want 3: %+v", got, c.Gaps(cloud))
	}
	h.press("g")
	h.mustShow(zh.T("tui.contract.gaps", 3), zh.T("tui.contract.progress", len(items), len(items)), "["+zh.T("state.in_progress")+"]")
	h.checkFrame(80, 24)
	// Gaps only: the three.
	h.press("f")
	h.mustShow(items[1].ID, items[3].ID, items[5].ID, zh.T("tui.contract.filter_on"))
	h.mustNotShow(" " + items[0].ID + " ")
	h.press("esc")
	f := h.facts()
	if f.States[model.StepContract] != model.InProgress || len(f.Blocks[model.StepContract]) != 3 {
		t.Fatalf("facts %v %+v", f.States[model.StepContract], f.Blocks[model.StepContract])
	}
	h.send(teaSize(160, 50))
	h.mustShow(zh.T("contract.block." + items[1].ID))

	// Mark the three covered (space: missing → not applicable is skipped
	// for a required item without a note → covered).
	h.send(teaSize(80, 24))
	h.press("c")
	h.press("1", "down", "1", "down", "1")
	c = contractOf(t, st, e.ID)
	if got := len(c.Gaps(cloud)); got != 0 {
		t.Fatalf("%d gaps after covering them: %+v", got, c.Gaps(cloud))
	}
	h.mustShow(zh.T("tui.contract.no_gaps", "f"))
	h.press("esc")
	if st := h.facts().States[model.StepContract]; st != model.Done {
		t.Fatalf("contract step %v, want done", st)
	}

	// A change of the security factors after the review: needs update.
	h.press("c", "c")
	h.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("2099-01-01")
	h.press("enter")
	h.typeText("迁入政务云")
	h.press("enter")
	if c := contractOf(t, st, e.ID); len(c.FactorChanges) != 1 || !c.Stale() {
		t.Fatalf("factor changes %+v", c.FactorChanges)
	}
	h.mustShow("["+zh.T("state.needs_update")+"]", "2099-01-01")
	h.press("esc")
	if st := h.facts().States[model.StepContract]; st != model.NeedsUpdate {
		t.Fatalf("contract step %v, want needs update", st)
	}
}

func TestContractSpaceCyclesAndForm(t *testing.T) {
	h, st, e := sampleContract(t, i18n.EN, 80, 24)
	h.press("space")
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("after space: %+v", a)
	}
	h.press("space", "space", "space") // partial, missing, (n.a. needs a note) covered
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("after four: %+v", a)
	}
	// 4 on a required item opens the form to say why.
	h.press("4")
	h.mustShow(en.T("tui.contract.form.na_needs_note"))
	h.press("enter") // status: n.a.
	h.typeText("Art. 7")
	h.press("enter")
	h.press("enter") // the note left empty: refused, with its clause
	h.mustShow(`"not applicable" needs a note`)
	if a := assessment(t, st, e.ID, "sec.a1"); a.Status != contract.Present {
		t.Fatalf("saved without a note: %+v", a)
	}
	h.press("enter", "enter")
	h.typeText("Not in this contract")
	h.press("enter")
	a := assessment(t, st, e.ID, "sec.a1")
	if a.Status != contract.NA || a.Article != "Art. 7" || a.Note != "Not in this contract" {
		t.Fatalf("assessment %+v", a)
	}
	h.mustShow("Art. 7", en.T("contract.status.na"))
	h.checkFrame(80, 24)
}

func TestContractParams(t *testing.T) {
	h, st, e := sampleContract(t, i18n.ZH, 80, 24)
	h.press("m")
	h.mustShow(zh.T("tui.contract.form.params_title"), zh.T("field.contract.params.vuln_fix_time"))
	h.typeText("十天")
	h.press("enter")
	h.mustShow(zh.T("contract.err.duration", "十天"))
	h.press("backspace", "backspace")
	h.typeText("10天")
	h.press("enter")
	for range 60 {
		if ctrOf(h).form == nil || ctrOf(h).form.submitting {
			break
		}
		h.press("enter")
	}
	c := contractOf(t, st, e.ID)
	if c.Params["vuln_fix_time"] != "10d" || len(c.Params) != 1 {
		t.Fatalf("params %v", c.Params)
	}
	h.mustShow(zh.T("tui.contract.status.params", 1))
}

func TestContractOpensDocuments(t *testing.T) {
	h, _, _ := sampleContract(t, i18n.ZH, 80, 24)
	h.press("p")
	if h.at() != KindDocs {
		t.Fatalf("screen %v after p", h.at())
	}
	h.mustShow(zh.T("doc.title.contract-review"))
	// The review is selected: enter previews it, not another document.
	h.press("enter")
	h.mustShow(zh.T("doc.title.contract-review"))
	h.mustNotShow(zh.T("doc.title.risk-report"))
	h.press("esc", "esc")
	if h.at() != KindContract {
		t.Fatalf("screen %v after esc from the documents", h.at())
	}
}

func TestContractFactorChangeDeleted(t *testing.T) {
	h, st, e := sampleContract(t, i18n.EN, 80, 24)
	h.press("t", "enter", "enter")
	h.press(strings.Split(strings.Repeat("backspace ", 10), " ")[:10]...)
	h.typeText("2026-01-01") // the review's date: before the change below
	h.press("enter", "enter")
	h.press("F")
	h.mustShow(en.T("tui.contract.factors_none", "c"))
	h.press("c")
	h.press("enter")
	h.typeText("New Internet gateway")
	h.press("enter")
	c := contractOf(t, st, e.ID)
	if len(c.FactorChanges) != 1 || !c.Stale() {
		t.Fatalf("factor changes %+v, review %+v", c.FactorChanges, c.Review)
	}
	h.mustShow("New Internet gateway", "["+en.T("state.needs_update")+"]")
	// Recorded by mistake: deleted after the question.
	h.press("d")
	h.mustShow(en.T("tui.contract.factor_delete.title", string(c.FactorChanges[0].Date)))
	h.press("y", "enter")
	if c := contractOf(t, st, e.ID); len(c.FactorChanges) != 0 || c.Stale() {
		t.Fatalf("after delete %+v", c.FactorChanges)
	}
	h.mustShow(en.T("tui.contract.status.factor_deleted", "2026-03-02")[:30], en.T("tui.contract.factors_none", "c"))
	h.mustNotShow("[" + en.T("state.needs_update") + "]")
	h.checkFrame(80, 24)
	h.press("esc")
	if h.at() != KindContract || ctrOf(h).factors {
		t.Fatalf("esc left the factor list for screen %v", h.at())
	}
	h.press("esc")
	if h.at() != KindDashboard {
		t.Fatalf("screen %v", h.at())
	}
}

func ctrOf(h *harness) *contractScreen {
	p, _ := h.pageOf(KindContract).(*contractScreen)
	return p
}
