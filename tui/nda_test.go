package tui

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/store"
	"outsec/templates"
	"outsec/templates/templatetest"
)

// ndaFixture is an engagement with the 20 service people of
// templatetest.MorePeople (each with an NDA date), its NDA screen open.
func ndaFixture(t *testing.T, lang i18n.Lang, w, h int) (*harness, *store.Store, model.Engagement, string) {
	t.Helper()
	st, _ := withOperator(t)
	e := templatetest.Engagement(t, st, string(lang))
	templatetest.MorePeople(t, st, e, string(lang))
	dir := t.TempDir()
	if err := st.SetSetting(context.Background(), docExportDirSetting, dir); err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, st, lang, w, h)
	hs.press("N")
	return hs, st, e, dir
}

// pressWatching presses a key and runs what follows, keeping the screen
// after every message: the steps of a batch that the harness would
// otherwise run through unseen.
func pressWatching(h *harness, k string) []string {
	h.tb.Helper()
	var screens []string
	_, cmd := h.m.Update(keyMsg(k))
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil || isTimer(c) {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		_, next := h.m.Update(msg)
		screens = append(screens, h.screen())
		queue = append(queue, next)
	}
	return screens
}

func TestNDABatchTwentyPeople(t *testing.T) {
	h, st, e, dir := ndaFixture(t, i18n.ZH, 80, 24)
	if h.at() != KindNDA {
		t.Fatalf("screen %v after N", h.at())
	}
	people := screeningOf(t, st, e.ID).People
	// 李四 of the fixture has no NDA: flagged, and named among the blocks.
	h.mustShow(zh.T("tui.nda.people", 20), people[0].Name, "2026-01-25", zh.T("tui.nda.vendor_none"),
		zh.T("tui.screening.no_nda"), zh.T("tui.screening.summary_no_nda", 1), zh.T("contract.block.nda_person", "李四"))
	h.checkFrame(80, 24)
	h.send(teaSize(120, 36))
	h.checkFrame(120, 36)
	h.send(teaSize(80, 24))

	// The dialog: the remembered folder; DOCX and PDF only.
	h.press("x")
	h.mustShow(zh.T("tui.nda.batch.title", 20), dir)
	h.checkFrame(80, 24)
	h.press("x", "down", "x", "enter") // Markdown and HTML off
	screens := pressWatching(h, "enter")

	total := 20 + 1
	var hundred, moved bool
	for _, s := range screens {
		if n := len(strings.Split(s, "\n")); n != 24 {
			t.Fatalf("a screen of the batch has %d lines:\n%s", n, s)
		}
		if strings.Contains(s, "100%") && strings.Contains(s, zh.T("tui.nda.batch.progress", total, total)) {
			hundred = true
		}
		if strings.Contains(s, zh.T("tui.nda.batch.progress", 1, total)) || strings.Contains(s, zh.T("tui.nda.batch.progress", 2, total)) {
			moved = true
		}
	}
	if !hundred || !moved {
		t.Fatalf("the progress bar did not move to 100%% (%v %v):\n%s", moved, hundred, strings.Join(screens, "\n----\n"))
	}
	if ndaOf(h).mode != ndaModeResult || ndaOf(h).resultErr {
		t.Fatalf("mode %d, result %v", ndaOf(h).mode, ndaOf(h).result)
	}
	files := 20*2 + 1
	h.mustShow(zh.T("tui.nda.batch.written", 20, files))
	h.checkFrame(80, 24)

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != files {
		t.Fatalf("%d files in %s, want %d", len(entries), dir, files)
	}
	names := map[string]bool{}
	for _, en := range entries {
		names[en.Name()] = true
	}
	for _, p := range people {
		n := templates.PersonNumber(e.Code, templates.NDAPerson, &templates.PersonView{Person: p})
		if !names[n+".pdf"] || !names[n+".docx"] {
			t.Fatalf("no files for %s (%s) in %v", p.Name, n, names)
		}
	}
	if !names[templates.CombinedNumber(e.Code)+".pdf"] {
		t.Fatalf("no combined PDF in %v", names)
	}
	recs, err := st.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 21 {
		t.Fatalf("%d exports recorded (%v)", len(recs), err)
	}
	// The result scrolls; esc goes back to the people.
	h.press("G")
	h.mustShow(zh.T("tui.nda.batch.back"))
	h.press("esc")
	h.mustShow(zh.T("tui.nda.people", 20))
}

func TestNDABatchBadFolderWritesNothing(t *testing.T) {
	h, st, e, dir := ndaFixture(t, i18n.EN, 80, 24)
	file := dir + "/not-a-folder"
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(context.Background(), docExportDirSetting, file); err != nil {
		t.Fatal(err)
	}
	h.press("x", "x", "down", "x", "down", "x", "enter") // PDF only
	h.press("enter")
	h.mustShow(en.T("tui.doc.export.failed"), en.T("tui.doc.export.nothing_written"))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
	if recs, _ := st.Exports(context.Background(), e.ID); len(recs) != 0 {
		t.Fatalf("exports recorded: %v", recs)
	}
}

func TestNDAPersonWithoutNDAFlagged(t *testing.T) {
	h, st, e := sampleScreening(t, i18n.ZH, 80, 24)
	// Register a person without an NDA in the screening.
	h.press("tab")
	addPerson(h, "王小明", "运维工程师", "11010519491231002x")
	h.mustShow(zh.T("tui.screening.no_nda"))
	h.press("esc")

	// The NDA screen flags them; nobody has signed yet: not started.
	h.press("N")
	h.mustShow("王小明", zh.T("tui.screening.no_nda"), zh.T("tui.screening.summary_no_nda", 1), "["+zh.T("state.not_started")+"]")
	h.checkFrame(80, 24)
	// The vendor signs (today, as the form proposes): the step is blocked
	// naming the person.
	h.press("v", "enter")
	c := contractOf(t, st, e.ID)
	if c.VendorNDASigned == "" {
		t.Fatal("vendor NDA not recorded")
	}
	h.mustShow("["+zh.T("state.in_progress")+"]", zh.T("tui.nda.vendor_signed", string(c.VendorNDASigned)),
		zh.T("contract.block.nda_person", "王小明"))
	h.press("esc")
	f := h.facts()
	if f.States[model.StepNDA] != model.InProgress || len(f.Blocks[model.StepNDA]) != 1 {
		t.Fatalf("NDA step %v %v", f.States[model.StepNDA], f.Blocks[model.StepNDA])
	}
	h.send(teaSize(160, 50))
	h.mustShow(zh.T("contract.block.nda_person", "王小明"))
	h.send(teaSize(80, 24))

	// Record the person's NDA: the flag goes, the step is done.
	h.press("N", "enter")
	h.mustShow(zh.T("tui.nda.form.person_title", "王小明"))
	h.press("enter")
	p := screeningOf(t, st, e.ID).People[0]
	if p.NDASigned == "" || p.IDNumber != "11010519491231002x" || p.Role != "运维工程师" {
		t.Fatalf("person %+v", p)
	}
	h.mustNotShow(zh.T("tui.screening.no_nda"))
	h.mustShow(zh.T("tui.nda.status.person", "王小明", string(p.NDASigned)))
	if state, blocks := contract.NDAState(c.VendorNDASigned, []screening.Person{p}); state != model.Done {
		t.Fatalf("NDA state %v %v", state, blocks)
	}
	h.mustShow("["+zh.T("state.done")+"]", zh.T("tui.nda.vendor_signed", string(c.VendorNDASigned)))
	h.press("esc")
	if st := h.facts().States[model.StepNDA]; st != model.Done {
		t.Fatalf("NDA step %v after both NDAs", st)
	}
}

func TestNDANoPeople(t *testing.T) {
	h, _, _ := sampleScreening(t, i18n.EN, 80, 24)
	h.press("esc", "N")
	h.mustShow("No service personnel registered yet.")
	h.press("x")
	h.mustShow(en.T("doc.err.no_people")[:30])
	if ndaOf(h).mode != ndaModeList {
		t.Fatalf("mode %d", ndaOf(h).mode)
	}
}

func TestNDABatchSigned(t *testing.T) {
	st, op := withOperator(t)
	createKey(t, st, op)
	e := templatetest.Engagement(t, st, "zh-CN")
	dir := t.TempDir()
	if err := st.SetSetting(context.Background(), docExportDirSetting, dir); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, st, i18n.ZH, 80, 24)
	h.press("N", "x")
	h.mustShow(zh.T("tui.nda.batch.title", 2))
	// PDF only; sign (proposed); a wrong passphrase writes nothing.
	h.press("x", "down", "x", "down", "x", "enter", "enter", "enter")
	h.mustShow(zh.T("tui.nda.batch.pass"))
	h.typeText("wrong passphrase")
	h.press("enter")
	h.mustShow(zh.T("tui.doc.export.failed"), zh.T("keys.err.wrong"), zh.T("tui.doc.export.nothing_written"))
	h.mustNotShow("wrong passphrase")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
	// Again with the right one.
	h.press("esc", "x", "x", "down", "x", "down", "x", "enter", "enter", "enter")
	h.typeText(testPass)
	h.press("enter")
	if ndaOf(h).mode != ndaModeResult || ndaOf(h).resultErr {
		t.Fatalf("not written:\n%s", h.screen())
	}
	if ndaOf(h).dlg != nil {
		t.Fatal("the dialog (and its passphrase) is kept")
	}
	recs, err := st.Exports(context.Background(), e.ID)
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d exports (%v)", len(recs), err)
	}
	for _, r := range recs {
		if r.Signature == nil {
			t.Fatalf("%s unsigned", r.Number)
		}
	}
	h.mustShow(zh.T("sign.signed", op.Name, recs[0].Signature.Code)[:12])
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3*6 {
		t.Fatalf("%d files, want 3 PDFs with their signatures' 5 files each", len(entries))
	}
}

// N on the screening screen opens the NDAs of its people; esc comes back.
func TestNDAFromScreening(t *testing.T) {
	st, _ := withOperator(t)
	templatetest.Engagement(t, st, "zh-CN")
	h := newHarness(t, st, i18n.ZH, 120, 36)
	h.press("v")
	if h.at() != KindScreening {
		t.Fatalf("v did not open the screening:\n%s", h.screen())
	}
	h.press("N")
	if h.at() != KindNDA {
		t.Fatalf("N on the screening: screen %v\n%s", h.at(), h.screen())
	}
	h.press("esc")
	if h.at() != KindScreening {
		t.Fatalf("esc from the NDAs: screen %v", h.at())
	}
}

func ndaOf(h *harness) *ndaScreen {
	p, _ := h.pageOf(KindNDA).(*ndaScreen)
	return p
}
