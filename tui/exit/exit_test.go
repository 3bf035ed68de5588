package exit

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	xm "outsec/model/exit"
	"outsec/store"
	"outsec/tui/tuitest"
	"outsec/tui/ui"
)

var bg = context.Background()

func exitOf(t *testing.T, st *store.Store, id int64) store.ExitView {
	t.Helper()
	v, err := st.Exit(bg, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The exit through the screens: started from X on the dashboard, a
// checklist item ticked, a folder added with its checksums (progress bar),
// every item marked and handed back with evidence, the report tab naming
// each reason the exit is open, then the leader's acknowledgement and the
// vendor's confirmation in the record form, the refusal of a destruction
// without authorisation on screen.
func TestExitThroughTheScreens(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, "zh-CN")
	c := i18n.New(i18n.ZH)
	h := tuitest.NewHarness(t, st, i18n.ZH, 80, 24)
	h.Press("X")
	if h.At() != ui.KindExit {
		t.Fatalf("X opened %v", h.At())
	}
	h.MustShow(c.T("tui.exit.title", e.Code, "")[:12])
	h.CheckFrame(80, 24)
	h.Press("n")
	if !h.Capturing() {
		t.Fatal("no start form")
	}
	h.Press("enter", "enter", "enter") // trigger: expiry; no finding; no reason
	h.TypeText("2026-11-01")
	h.Press("enter")
	end := e.PeriodEnd // prefilled from the record
	if end == "" {
		end = "2026-12-31"
		h.TypeText(string(end))
	}
	h.Press("enter", "enter", "enter")
	v := exitOf(t, st, e.ID)
	if v.Exit == nil || v.Exit.Trigger != xm.TriggerExpiry || v.Exit.PlannedEnd != end || v.Exit.StartedBy != op.Label() {
		t.Fatalf("started %+v\n%s", v.Exit, h.Screen())
	}
	h.MustShow(c.T("tui.exit.tab.checklist", 0, len(v.Checks)), "exit.a1")
	h.CheckFrame(80, 24)

	h.Press("space")
	if v = exitOf(t, st, e.ID); v.Checks[0].Status != xm.CheckDone || v.Checks[0].CheckedBy != op.Label() {
		t.Fatalf("space: %+v", v.Checks[0])
	}
	h.MustShow(c.T("tui.exit.tab.checklist", 1, len(v.Checks)))

	// A folder of files.
	dir := t.TempDir()
	for i := 0; i < 40; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.csv", i)), []byte(strings.Repeat("x", i+1)), 0o644)
	}
	// A folder that is not there: said in the user's language, nothing added.
	h.Press("2", "f")
	h.TypeText(filepath.Join(dir, "none"))
	h.Press("enter", "enter", "enter")
	h.MustShow("无法读取文件夹")
	if len(exitOf(t, st, e.ID).Items) != 0 {
		t.Fatal("items from a missing folder")
	}
	h.Press("f")
	h.TypeText(dir)
	h.Press("enter", "enter", "enter")
	v = exitOf(t, st, e.ID)
	if len(v.Items) != 40 || v.Items[3].Location != "f03.csv" || v.Items[3].Size != 4 || len(v.Items[3].SM3) != 64 {
		t.Fatalf("items %d\n%s", len(v.Items), h.Screen())
	}
	h.MustShow(c.T("tui.exit.status.added", 40, "")[:12], "f00.csv")
	h.CheckFrame(80, 24)

	// The receiving check: one file changed, one removed, both named.
	os.WriteFile(filepath.Join(dir, "f05.csv"), []byte("changed"), 0o644)
	os.Remove(filepath.Join(dir, "f07.csv"))
	h.Press("c")
	h.TypeText(dir)
	h.Press("enter")
	h.MustShow(c.T("tui.exit.status.received", 38, 1, 1), c.T("tui.exit.recv.changed_line", v.Items[5].ID, "f05.csv"),
		c.T("tui.exit.recv.missing_line", v.Items[7].ID, "f07.csv"))
	if got := exitOf(t, st, e.ID).Items; got[5].Received != xm.Changed || got[7].Received != xm.Missing || got[0].Received != xm.Matched {
		t.Fatalf("receipt %+v %+v", got[5], got[7])
	}

	// Destroying one without the written authorisation is refused (cloud).
	if v.Cloud {
		h.Press("D")
		h.MustShow(c.T("exits.err.unauthorised")[:15])
		if h.Capturing() {
			t.Fatal("the destruction form opened without the authorisation")
		}
		if exitOf(t, st, e.ID).Items[0].Disposition != xm.Undisposed {
			t.Fatal("destroyed without authorisation")
		}
	}
	h.Press("*", "h", "enter")
	h.TypeText("交接单 JJ-1")
	h.Press("enter")
	h.TypeText("李验证")
	h.Press("enter")
	v = exitOf(t, st, e.ID)
	for _, it := range v.Items {
		if it.Disposition != xm.HandedBack || it.Evidence != "交接单 JJ-1" || it.VerifiedBy != "李验证" {
			t.Fatalf("item %+v\n%s", it, h.Screen())
		}
	}
	h.MustShow(c.T("tui.exit.status.disposed", 40, c.T("exits.disp.handed_back")))

	h.Press("3")
	h.MustShow(c.T("tui.exit.open", len(v.Blocks()))[:9])
	h.Press("pgdown")
	h.MustShow(c.T("exits.block.unacknowledged"))
	h.MustNotShow("尚未移交或销毁")
	h.CheckFrame(80, 24)

	// The record form: the report acknowledged by the leader (8.2 d)).
	h.Press("e")
	h.Press("enter", "enter", "enter", "enter", "enter") // the plan as it is
	h.Press("enter", "enter", "enter", "enter", "enter", "enter")
	h.Press("enter", "enter")
	h.TypeText("王处长")
	h.Press("enter")
	h.TypeText("2026-12-31")
	h.Press("enter")
	v = exitOf(t, st, e.ID)
	if v.Exit.AckBy != "王处长" || v.Exit.AckOn != "2026-12-31" {
		t.Fatalf("ack %+v\n%s", v.Exit, h.Screen())
	}
	h.MustNotShow(c.T("exits.block.unacknowledged"))
}

// The exit is done once every rule holds, and the engagement's phase is
// "done" on the dashboard's lifecycle.
func TestExitDoneOnTheScreen(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	e := tuitest.BlankSample(t, st, op, "en")
	x := &xm.Exit{Trigger: xm.TriggerNegotiated, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: xm.SuccessorVendor,
		SuccessorName: "New Vendor Ltd", StartedOn: "2026-11-01"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.StartExit(bg, op, e.ID, x))
	items := []xm.Item{{Name: "orders.csv", Location: "db/orders.csv"}, {Name: "Design manual", Type: xm.TypeCode}}
	must(st.AddExitItems(bg, op, e.ID, items))
	v := exitOf(t, st, e.ID)
	must(st.DisposeExitItems(bg, op, e.ID, []int64{v.Items[0].ID, v.Items[1].ID},
		xm.Disposal{Disposition: xm.HandedBack, On: "2026-12-10", Evidence: "handover sheet", VerifiedBy: "Li"}))
	for _, d := range xm.Checklist(v.Cloud) {
		must(st.SetExitCheck(bg, op, e.ID, xm.Check{ID: d.ID, Status: xm.CheckDone, On: "2026-12-10"}))
	}
	h := tuitest.NewHarness(t, st, i18n.EN, 80, 24)
	h.Press("X", "3")
	h.MustShow("acknowledged by the leader")
	y := *exitOf(t, st, e.ID).Exit
	y.AckBy, y.AckOn = "Director Wang", "2026-12-31"
	must(st.UpdateExit(bg, op, e.ID, &y))
	h.Press("esc", "X", "3")
	h.MustShow("The exit is complete")
	h.Press("p")
	if h.At() != ui.KindDocs {
		t.Fatalf("p opened %v", h.At())
	}
	h.MustShow("Service exit report")
	h.Press("esc")
	if h.At() != ui.KindExit {
		t.Fatalf("esc from the documents: %v", h.At())
	}
	facts, _ := st.LifecycleFacts(bg)
	en, _ := st.Engagement(bg, e.ID)
	f := facts[e.ID]
	f.ContractSigned = "2026-01-01"
	if model.CurrentPhase(model.Lifecycle(&en, f)) != model.PhaseDone {
		t.Error("not done")
	}
}

// The exit page of a fixed exit, each tab at 80×24 and 120×36 in both
// languages.
func TestGoldenExit(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ZH, i18n.EN} {
		for _, size := range [][2]int{{80, 24}, {120, 36}} {
			for _, tab := range []string{"1", "2", "3"} {
				t.Run(string(lang)+"_"+ui.Itoa(size[0])+"x"+ui.Itoa(size[1])+"_"+tab, func(t *testing.T) {
					st, op := tuitest.WithOperator(t)
					e := tuitest.BlankSample(t, st, op, string(lang))
					x := &xm.Exit{Trigger: xm.TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: xm.SuccessorSelf,
						StartedOn: "2026-11-01"}
					if err := st.StartExit(bg, op, e.ID, x); err != nil {
						t.Fatal(err)
					}
					var items []xm.Item
					for i := 0; i < 30; i++ {
						items = append(items, xm.Item{Name: fmt.Sprintf("f%02d.csv", i), Location: fmt.Sprintf("db/f%02d.csv", i), Size: int64(1000 * i),
							SHA256: strings.Repeat("a", 64), SM3: strings.Repeat("b", 64)})
					}
					if err := st.AddExitItems(bg, op, e.ID, items); err != nil {
						t.Fatal(err)
					}
					v := exitOf(t, st, e.ID)
					st.DisposeExitItems(bg, op, e.ID, []int64{v.Items[0].ID, v.Items[1].ID},
						xm.Disposal{Disposition: xm.HandedBack, On: "2026-12-10", Evidence: "JJ-1", VerifiedBy: "Li"})
					st.SetExitCheck(bg, op, e.ID, xm.Check{ID: "exit.a1", Status: xm.CheckDone, On: "2026-12-10"})
					st.SetExitCheck(bg, op, e.ID, xm.Check{ID: "exit.b3", Status: xm.CheckNA, Note: "no source code", On: "2026-12-10"})
					h := tuitest.NewHarness(t, st, lang, size[0], size[1])
					h.Press("X", tab, "down")
					h.CheckFrame(size[0], size[1])
					golden.RequireEqual(t, h.Screen())
				})
			}
		}
	}
}

// A finished engagement is listed after the active ones, even when it
// changed last.
func TestFinishedListedApart(t *testing.T) {
	st, op := tuitest.WithOperator(t)
	done := tuitest.BlankSample(t, st, op, "en")
	active := tuitest.AddEngagement(t, st, op, "Active help desk", "Bureau", "Vendor B")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.RecordContractSigning(bg, op, done.ID, contract.SampleSigning("en")))
	x := &xm.Exit{Trigger: xm.TriggerExpiry, PlannedStart: "2026-11-01", PlannedEnd: "2026-12-31", Successor: xm.SuccessorSelf,
		AckBy: "Director Wang", AckOn: "2026-12-31"}
	must(st.StartExit(bg, op, done.ID, x))
	must(st.AddExitItems(bg, op, done.ID, []xm.Item{{Name: "a"}}))
	v := exitOf(t, st, done.ID)
	must(st.DisposeExitItems(bg, op, done.ID, []int64{v.Items[0].ID}, xm.Disposal{Disposition: xm.HandedBack, Evidence: "sheet", VerifiedBy: "Li"}))
	for _, d := range xm.Checklist(v.Cloud) {
		must(st.SetExitCheck(bg, op, done.ID, xm.Check{ID: d.ID, Status: xm.CheckDone}))
	}
	y := *exitOf(t, st, done.ID).Exit
	y.AckBy, y.AckOn = "Director Wang", "2026-12-31"
	must(st.UpdateExit(bg, op, done.ID, &y))
	h := tuitest.NewHarness(t, st, i18n.EN, 120, 36)
	h.Press("s", "s") // by code: the finished one, 2026-001, would come first
	scr := h.Screen()
	if !strings.Contains(scr, "code") && !strings.Contains(scr, "Code") {
		t.Fatalf("not sorted by code:\n%s", scr)
	}
	line := func(code string) int {
		for i, l := range strings.Split(scr, "\n") {
			if strings.HasPrefix(strings.TrimLeft(l, " >"), code+" ") {
				return i
			}
		}
		return -1
	}
	a, d := line(active.Code), line(done.Code)
	if a < 0 || d < 0 || d < a {
		t.Fatalf("finished listed before the active one:\n%s", scr)
	}
	h.MustShow("Done")
}
