package nda

import (
	"context"
	"os"
	"outsec/exporter"
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
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

// ndaFixture is an engagement with the 20 service people of
// templatetest.MorePeople (each with an NDA date), its NDA screen open.
func ndaFixture(t *testing.T, lang i18n.Lang, w, h int) (*tuitest.Harness, *store.Store, model.Engagement, string) {
	t.Helper()
	st, _ := tuitest.WithOperator(t)
	e := templatetest.Engagement(t, st, string(lang))
	templatetest.MorePeople(t, st, e, string(lang))
	dir := t.TempDir()
	exporter.RememberDir(context.Background(), st, e.ID, dir) // the engagement's export folder
	hs := tuitest.NewHarness(t, st, lang, w, h)
	hs.Press("N")
	return hs, st, e, dir
}

// pressWatching presses a key and runs what follows, keeping the screen
// after every message: the steps of a batch that the harness would
// otherwise run through unseen.
func pressWatching(h *tuitest.Harness, k string) []string {
	h.Tb.Helper()
	var screens []string
	_, cmd := h.M.Update(tuitest.KeyMsg(k))
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil || tuitest.IsTimer(c) {
			continue
		}
		msg := c()
		if msg == nil {
			continue
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == tuitest.CmdType {
			for i := 0; i < v.Len(); i++ {
				queue = append(queue, v.Index(i).Interface().(tea.Cmd))
			}
			continue
		}
		_, next := h.M.Update(msg)
		screens = append(screens, h.Screen())
		queue = append(queue, next)
	}
	return screens
}

func TestNDABatchTwentyPeople(t *testing.T) {
	h, st, e, dir := ndaFixture(t, i18n.ZH, 80, 24)
	if h.At() != ui.KindNDA {
		t.Fatalf("screen %v after N", h.At())
	}
	people := tuitest.ScreeningOf(t, st, e.ID).People
	// 李四 of the fixture has no NDA: flagged, and named among the blocks.
	h.MustShow(tuitest.ZH.T("tui.nda.people", 20), people[0].Name, "2026-01-25", tuitest.ZH.T("tui.nda.vendor_none"),
		tuitest.ZH.T("tui.screening.no_nda"), tuitest.ZH.T("tui.screening.summary_no_nda", 1), tuitest.ZH.T("contract.block.nda_person", "李四"))
	h.CheckFrame(80, 24)
	h.Send(tuitest.TeaSize(120, 36))
	h.CheckFrame(120, 36)
	h.Send(tuitest.TeaSize(80, 24))

	// The dialog: the remembered folder; DOCX and PDF only.
	h.Press("x")
	h.MustShow(tuitest.ZH.T("tui.nda.batch.title", 20), dir)
	h.CheckFrame(80, 24)
	h.Press("x", "down", "x", "enter") // Markdown and HTML off
	screens := pressWatching(h, "enter")

	total := 20 + 1
	var hundred, moved bool
	for _, s := range screens {
		if n := len(strings.Split(s, "\n")); n != 24 {
			t.Fatalf("a screen of the batch has %d lines:\n%s", n, s)
		}
		if strings.Contains(s, "100%") && strings.Contains(s, tuitest.ZH.T("tui.nda.batch.progress", total, total)) {
			hundred = true
		}
		if strings.Contains(s, tuitest.ZH.T("tui.nda.batch.progress", 1, total)) || strings.Contains(s, tuitest.ZH.T("tui.nda.batch.progress", 2, total)) {
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
	h.MustShow(tuitest.ZH.T("tui.nda.batch.written", 20, files))
	h.CheckFrame(80, 24)

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
	h.Press("G")
	h.MustShow(tuitest.ZH.T("tui.nda.batch.back"))
	h.Press("esc")
	h.MustShow(tuitest.ZH.T("tui.nda.people", 20))
}

func TestNDABatchBadFolderWritesNothing(t *testing.T) {
	h, st, e, dir := ndaFixture(t, i18n.EN, 80, 24)
	file := dir + "/not-a-folder"
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	exporter.RememberDir(context.Background(), st, e.ID, file)
	h.Press("x", "x", "down", "x", "down", "x", "enter") // PDF only
	h.Press("enter")
	h.MustShow(tuitest.EN.T("tui.doc.export.failed"), tuitest.EN.T("tui.doc.export.nothing_written"))
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left: %v", entries)
	}
	if recs, _ := st.Exports(context.Background(), e.ID); len(recs) != 0 {
		t.Fatalf("exports recorded: %v", recs)
	}
}

func TestNDAPersonWithoutNDAFlagged(t *testing.T) {
	h, st, e := tuitest.SampleScreening(t, i18n.ZH, 80, 24)
	// Register a person without an NDA in the screening.
	h.Press("tab")
	tuitest.AddPerson(h, "王小明", "运维工程师", "11010519491231002x")
	h.MustShow(tuitest.ZH.T("tui.screening.no_nda"))
	h.Press("esc")

	// The NDA screen flags them; nobody has signed yet: not started.
	h.Press("N")
	h.MustShow("王小明", tuitest.ZH.T("tui.screening.no_nda"), tuitest.ZH.T("tui.screening.summary_no_nda", 1), "["+tuitest.ZH.T("state.not_started")+"]")
	h.CheckFrame(80, 24)
	// The vendor signs: the date of a past event is not proposed (issue 16),
	// and one after today is refused; the step is blocked naming the person.
	h.Press("v")
	h.TypeText("2099-12-31")
	h.Press("enter")
	h.MustShow("日期晚于今天")
	h.Press(strings.Split(strings.Repeat("backspace ", 10), " ")[:10]...)
	h.TypeText("2026-03-01")
	h.Press("enter")
	c := tuitest.ContractOf(t, st, e.ID)
	if c.VendorNDASigned == "" {
		t.Fatal("vendor NDA not recorded")
	}
	h.MustShow("["+tuitest.ZH.T("state.in_progress")+"]", tuitest.ZH.T("tui.nda.vendor_signed", string(c.VendorNDASigned)),
		tuitest.ZH.T("contract.block.nda_person", "王小明"))
	h.Press("esc")
	f := h.Facts()
	if f.States[model.StepNDA] != model.InProgress || len(f.Blocks[model.StepNDA]) != 1 {
		t.Fatalf("NDA step %v %v", f.States[model.StepNDA], f.Blocks[model.StepNDA])
	}
	h.Send(tuitest.TeaSize(160, 50))
	h.MustShow(tuitest.ZH.T("contract.block.nda_person", "王小明"))
	h.Send(tuitest.TeaSize(80, 24))

	// Record the person's NDA: the flag goes, the step is done.
	h.Press("N", "enter")
	h.MustShow(tuitest.ZH.T("tui.nda.form.person_title", "王小明"))
	h.TypeText("2026-03-02")
	h.Press("enter")
	p := tuitest.ScreeningOf(t, st, e.ID).People[0]
	if p.NDASigned == "" || p.IDNumber != "11010519491231002x" || p.Role != "运维工程师" {
		t.Fatalf("person %+v", p)
	}
	h.MustNotShow(tuitest.ZH.T("tui.screening.no_nda"))
	h.MustShow(tuitest.ZH.T("tui.nda.status.person", "王小明", string(p.NDASigned)))
	if state, blocks := contract.NDAState(c.VendorNDASigned, []screening.Person{p}); state != model.Done {
		t.Fatalf("NDA state %v %v", state, blocks)
	}
	h.MustShow("["+tuitest.ZH.T("state.done")+"]", tuitest.ZH.T("tui.nda.vendor_signed", string(c.VendorNDASigned)))
	h.Press("esc")
	if st := h.Facts().States[model.StepNDA]; st != model.Done {
		t.Fatalf("NDA step %v after both NDAs", st)
	}
}

func TestNDANoPeople(t *testing.T) {
	h, _, _ := tuitest.SampleScreening(t, i18n.EN, 80, 24)
	h.Press("esc", "N")
	h.MustShow("No service personnel registered yet.")
	h.Press("x")
	h.MustShow(tuitest.EN.T("doc.err.no_people")[:30])
	if ndaOf(h).mode != ndaModeList {
		t.Fatalf("mode %d", ndaOf(h).mode)
	}
}

func TestNDABatchSigned(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	tuitest.CreateKey(t, st, op)
	e := templatetest.Engagement(t, st, "zh-CN")
	dir := t.TempDir()
	exporter.RememberDir(context.Background(), st, e.ID, dir) // the engagement's export folder
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("N", "x")
	h.MustShow(tuitest.ZH.T("tui.nda.batch.title", 2))
	// PDF only; sign (proposed); a wrong passphrase writes nothing.
	h.Press("x", "down", "x", "down", "x", "enter", "enter", "enter")
	h.MustShow(tuitest.ZH.T("tui.nda.batch.pass"))
	h.TypeText("wrong passphrase")
	h.Press("enter")
	h.MustShow(tuitest.ZH.T("tui.doc.export.failed"), tuitest.ZH.T("keys.err.wrong"), tuitest.ZH.T("tui.doc.export.nothing_written"))
	h.MustNotShow("wrong passphrase")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files written: %v", entries)
	}
	// Again with the right one.
	h.Press("esc", "x", "x", "down", "x", "down", "x", "enter", "enter", "enter")
	h.TypeText(tuitest.TestPass)
	h.Press("enter")
	if ndaOf(h).mode != ndaModeResult || ndaOf(h).resultErr {
		t.Fatalf("not written:\n%s", h.Screen())
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
	h.MustShow(tuitest.ZH.T("sign.signed", op.Name, recs[0].Signature.Code)[:12])
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3*6 {
		t.Fatalf("%d files, want 3 PDFs with their signatures' 5 files each", len(entries))
	}
}

// N on the screening screen opens the NDAs of its people; esc comes back.
func TestNDAFromScreening(t *testing.T) {
	st, _ := tuitest.WithOperator(t)
	templatetest.Engagement(t, st, "zh-CN")
	h := tuitest.NewHarness(t, st, i18n.ZH, 120, 36)
	h.Press("v")
	if h.At() != ui.KindScreening {
		t.Fatalf("v did not open the screening:\n%s", h.Screen())
	}
	h.Press("N")
	if h.At() != ui.KindNDA {
		t.Fatalf("N on the screening: screen %v\n%s", h.At(), h.Screen())
	}
	h.Press("esc")
	if h.At() != ui.KindScreening {
		t.Fatalf("esc from the NDAs: screen %v", h.At())
	}
}

func ndaOf(h *tuitest.Harness) *ndaScreen {
	p, _ := h.PageOf(ui.KindNDA).(*ndaScreen)
	return p
}
