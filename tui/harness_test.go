package tui

import (
	"context"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"outsec/i18n"
	"outsec/store"
)

// The harness drives the root model the way the bubbletea runtime would:
// each message goes to Update, and each returned command is run and its
// message fed back, until nothing is left. Commands run in order, on the test
// goroutine, which is one of the orders the runtime may choose. Timers (the
// cursor's blink) are not run: they would only make the test wait.

var testClock = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// openStore opens a fresh database in the test's temporary folder, with a
// clock that moves one second per call so that the data is the same each run.
func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "outsec.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	clock := testClock
	st.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	return st
}

// withOperator opens a store that already has an operator profile.
func withOperator(tb testing.TB) (*store.Store, store.Operator) {
	tb.Helper()
	st := openStore(tb)
	op, err := st.CreateOperator(context.Background(), store.Operator{Name: "张三", Role: "科员", Unit: "信息技术处"})
	if err != nil {
		tb.Fatal(err)
	}
	return st, op
}

type harness struct {
	tb   testing.TB
	m    *Model
	st   *store.Store
	quit bool
}

func newHarness(tb testing.TB, st *store.Store, lang i18n.Lang, w, h int) *harness {
	tb.Helper()
	m := New(Options{Store: st, Catalog: i18n.New(lang), Version: "test", Width: w, Height: h, NoColor: true})
	hs := &harness{tb: tb, m: m, st: st}
	hs.run(m.Init())
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func (h *harness) send(msg tea.Msg) {
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

var cmdType = reflect.TypeOf((tea.Cmd)(nil))

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil || isTimer(cmd) {
		return
	}
	msg := cmd()
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		h.quit = true
		return
	}
	// tea.Batch and tea.Sequence deliver a list of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == cmdType {
		for i := 0; i < v.Len(); i++ {
			h.run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	h.send(msg)
}

// isTimer tells the commands that wait for a time to pass: the cursor's blink
// and ticks.
func isTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "bubbles/v2/cursor.") || strings.Contains(name, "bubbletea/v2.Tick") ||
		strings.Contains(name, "bubbletea/v2.Every")
}

// keyMsg builds the key press a terminal would send for a key name or a
// printable character.
func keyMsg(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "pgdown":
		return tea.KeyPressMsg{Code: tea.KeyPgDown}
	case "pgup":
		return tea.KeyPressMsg{Code: tea.KeyPgUp}
	case "backspace":
		return tea.KeyPressMsg{Code: tea.KeyBackspace}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("unknown key " + k)
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.send(keyMsg(k))
	}
}

// typeText types s one character at a time.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is what the terminal shows, without colours or attributes.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

func (h *harness) mustShow(parts ...string) {
	h.tb.Helper()
	s := h.screen()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			h.tb.Fatalf("screen does not show %q:\n%s", p, s)
		}
	}
}

func (h *harness) mustNotShow(parts ...string) {
	h.tb.Helper()
	s := h.screen()
	for _, p := range parts {
		if strings.Contains(s, p) {
			h.tb.Fatalf("screen shows %q:\n%s", p, s)
		}
	}
}

// checkFrame asserts that the screen is exactly h lines of at most w cells.
func (h *harness) checkFrame(w, ht int) {
	h.tb.Helper()
	lines := strings.Split(h.screen(), "\n")
	if len(lines) != ht {
		h.tb.Fatalf("screen has %d lines, want %d:\n%s", len(lines), ht, h.screen())
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			h.tb.Fatalf("line %d is %d cells wide, more than %d: %q", i+1, cw, w, l)
		}
	}
}

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// at is the kind of the page shown; "" while the root shows its own screen
// (loading, the operator, the help).
func (h *harness) at() Kind {
	if h.m.mode != modePage || !h.m.nav.shown {
		return ""
	}
	return h.m.nav.current.Kind
}

// capturing reports whether a form or input of the page has the keys.
func (h *harness) capturing() bool { return h.m.capturing() }

// pageOf is the page of kind shown last, or nil.
func (h *harness) pageOf(kind Kind) Page {
	var best *keptPage
	for k, kp := range h.m.nav.pages {
		if k.Kind == kind && (best == nil || kp.used > best.used) {
			best = kp
		}
	}
	if best == nil {
		return nil
	}
	return best.page
}

func (h *harness) dashPage() *dashboardPage {
	p, _ := h.pageOf(KindDashboard).(*dashboardPage)
	return p
}

func (h *harness) dash() *dashboard { return h.dashPage().dash }

func (h *harness) risk() *riskScreen {
	p, _ := h.pageOf(KindRisk).(*riskScreen)
	return p
}

func (h *harness) docs() *docScreen {
	p, _ := h.pageOf(KindDocs).(*docScreen)
	return p
}

func (h *harness) nda() *ndaScreen {
	p, _ := h.pageOf(KindNDA).(*ndaScreen)
	return p
}

func (h *harness) ctr() *contractScreen {
	p, _ := h.pageOf(KindContract).(*contractScreen)
	return p
}

func (h *harness) scr() *screeningScreen {
	p, _ := h.pageOf(KindScreening).(*screeningScreen)
	return p
}

func (h *harness) keysScr() *keysScreen {
	p, _ := h.pageOf(KindKeys).(*keysScreen)
	return p
}
