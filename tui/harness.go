package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/contract"
	"outsec/model/screening"
	"outsec/signing"
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

// testPages is the registry the harness builds its workbench with; each test
// package sets it to the pages its tests go through.
var testPages []Registration

type harness struct {
	tb   testing.TB
	m    *Model
	st   *store.Store
	quit bool
}

func newHarness(tb testing.TB, st *store.Store, lang i18n.Lang, w, h int) *harness {
	tb.Helper()
	m := NewModel(Config{Store: st, Catalog: i18n.New(lang), Version: "test", Width: w, Height: h, NoColor: true, Pages: testPages})
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
	k, ok := h.m.Shown()
	if !ok {
		return ""
	}
	return k.Kind
}

// capturing reports whether a form or input of the page has the keys.
func (h *harness) capturing() bool { return h.m.Capturing() }

// pageOf is the page of kind shown last, or nil.
func (h *harness) pageOf(kind Kind) Page { return h.m.Kept(kind) }

// facts is what the workflows' records report for the one engagement of the
// store (the dashboard's lifecycle panel shows the same).
func (h *harness) facts() model.Facts {
	h.tb.Helper()
	es, err := h.st.Engagements(context.Background())
	if err != nil || len(es) != 1 {
		h.tb.Fatalf("facts of %d engagements: %v", len(es), err)
	}
	all, err := h.st.LifecycleFacts(context.Background())
	if err != nil {
		h.tb.Fatal(err)
	}
	return all[es[0].ID]
}

func contractOf(t *testing.T, st *store.Store, id int64) contract.Contract {
	t.Helper()
	c, err := st.Contract(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keys presses keys like press, with the arrows left and right too.
func (h *harness) keys(keys ...string) {
	for _, k := range keys {
		switch k {
		case "left":
			h.send(tea.KeyPressMsg{Code: tea.KeyLeft})
		case "right":
			h.send(tea.KeyPressMsg{Code: tea.KeyRight})
		default:
			h.send(keyMsg(k))
		}
	}
}

var zh = i18n.New(i18n.ZH)

func engagements(t *testing.T, st *store.Store) []model.Engagement {
	t.Helper()
	es, err := st.Engagements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func drafts(t *testing.T, st *store.Store) []store.Draft {
	t.Helper()
	ds, err := st.Drafts(context.Background(), store.DraftEngagement)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func addEngagement(t *testing.T, st *store.Store, op store.Operator, name, dept, vendor string) model.Engagement {
	t.Helper()
	e := model.Engagement{
		Name: name, Department: dept, ResponsibleUnit: "信息中心", Leader: "王主任",
		Managers:    []model.Contact{{Name: "李四", Phone: "010-1234 5678"}},
		ServiceType: model.ServiceMaintenance, Vendor: model.Vendor{Name: vendor},
	}
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// seedEngagements writes n engagements straight into the database in one
// transaction: store.CreateEngagement takes a durable transaction each, which
// would make 10,000 take minutes. The rows are what CreateEngagement writes.
func seedEngagements(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	tx, err := st.DB().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	eng, err := tx.PrepareContext(ctx, `INSERT INTO engagements (uid, code, name, department, responsible_unit, leader,
		service_type, cloud_website, vendor_name, vendor_scale, vendor_qualifications, vendor_lead_name, vendor_lead_role,
		vendor_lead_phone, vendor_lead_email, period_start, period_end, notes, sample, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '', '', '', '', '', '2026-01-01', '2026-12-31', '', 0, ?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	mgr, err := tx.PrepareContext(ctx, `INSERT INTO managers (engagement_id, position, name, role, phone, email) VALUES (?, 0, ?, '', '010-1234 5678', '')`)
	if err != nil {
		tb.Fatal(err)
	}
	base := testClock
	for i := 0; i < n; i++ {
		at := base.Add(time.Duration(i) * time.Minute).UTC().Format(time.RFC3339Nano)
		vendor := ""
		if i%3 == 0 {
			vendor = fmt.Sprintf("供应商%04d有限公司", i)
		}
		res, err := eng.ExecContext(ctx, fmt.Sprintf("uid-%06d", i), fmt.Sprintf("2025-%05d", i),
			fmt.Sprintf("第%05d号 政务系统运维服务外包", i), fmt.Sprintf("某市第%d局", i%50), "信息中心", "王主任",
			string(model.ServiceTypes[i%len(model.ServiceTypes)]), vendor, string(model.ScaleMedium), at, at)
		if err != nil {
			tb.Fatal(err)
		}
		id, _ := res.LastInsertId()
		if _, err := mgr.ExecContext(ctx, id, "李四"); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

const testPass = "correct horse battery"

// createKey gives the operator a key without the screen (one encryption).
func createKey(t *testing.T, st *store.Store, op store.Operator) *store.SigningKey {
	t.Helper()
	ctx := context.Background()
	k, err := signing.NewKeyring(st.Path()).Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) },
		signingProfile(op), []byte(testPass), st.Now())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var en = i18n.New(i18n.EN)

func screeningOf(t *testing.T, st *store.Store, id int64) screening.Screening {
	t.Helper()
	sc, err := st.Screening(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// sampleScreening opens the screening of the sample engagement.
func sampleScreening(t *testing.T, lang i18n.Lang, w, h int) (*harness, *store.Store, model.Engagement) {
	t.Helper()
	st, op := withOperator(t)
	e, err := st.LoadSample(context.Background(), op, string(lang))
	if err != nil {
		t.Fatal(err)
	}
	hs := newHarness(t, st, lang, w, h)
	hs.press("v")
	return hs, st, e
}

// addPerson fills the person form from the register: name, role, the first
// kind of document, the number; the rest left empty.
func addPerson(h *harness, name, role, number string) {
	h.press("a")
	h.typeText(name)
	h.press("enter")
	h.typeText(role)
	h.press("enter", "down", "enter")
	h.typeText(number)
	h.press("enter", "enter") // employer: the vendor
	h.press("enter", "enter", "enter", "enter")
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var verbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// ctrlU clears the input before the cursor (the remembered folder).
var ctrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
