package tuitest

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"sync"
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
	"outsec/tui/ui"
	"outsec/tui/workbench"
)

// The harness drives the root model the way the bubbletea runtime would:
// each message goes to Update, and each returned command is run and its
// message fed back, until nothing is left. Commands run in order, on the test
// goroutine, which is one of the orders the runtime may choose. Timers (the
// cursor's blink) are not run: they would only make the test wait.

var testClock = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// OpenStore opens a fresh database in the test's temporary folder, with a
// clock that moves one second per call so that the data is the same each run.
func OpenStore(tb testing.TB) *store.Store {
	tb.Helper()
	st, err := store.Open(context.Background(), filepath.Join(tb.TempDir(), "outsec.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	// Safe for the tests whose writers run beside the workbench's commands.
	var mu sync.Mutex
	clock := testClock
	st.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		clock = clock.Add(time.Second)
		return clock
	}
	return st
}

// WithOperator opens a store that already has an operator profile.
func WithOperator(tb testing.TB) (*store.Store, store.Operator) {
	tb.Helper()
	st := OpenStore(tb)
	op, err := st.CreateOperator(context.Background(), store.Operator{Name: "张三", Role: "科员", Unit: "信息技术处"})
	if err != nil {
		tb.Fatal(err)
	}
	return st, op
}

// Pages is the registry the harness builds its workbench with; each test
// package sets it to the pages its tests go through.
var Pages []ui.Registration

type Harness struct {
	Tb   testing.TB
	M    *workbench.Model
	St   *store.Store
	Quit bool
}

func NewHarness(tb testing.TB, st *store.Store, lang i18n.Lang, w, h int) *Harness {
	tb.Helper()
	// An export with no folder chosen goes to the documents folder
	// (exporter.DefaultDir): a test's own, never the user's.
	if t, ok := tb.(interface{ Setenv(k, v string) }); ok {
		t.Setenv("XDG_DOCUMENTS_DIR", tb.TempDir())
	}
	m := workbench.NewModel(workbench.Config{Store: st, Catalog: i18n.New(lang), Version: "test", Width: w, Height: h, NoColor: true, Pages: Pages})
	hs := &Harness{Tb: tb, M: m, St: st}
	hs.Run(m.Init())
	hs.Send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func (h *Harness) Send(msg tea.Msg) {
	_, cmd := h.M.Update(msg)
	h.Run(cmd)
}

var CmdType = reflect.TypeOf((tea.Cmd)(nil))

func (h *Harness) Run(cmd tea.Cmd) {
	if cmd == nil || IsTimer(cmd) {
		return
	}
	msg := cmd()
	if msg == nil {
		return
	}
	if _, ok := msg.(tea.QuitMsg); ok {
		h.Quit = true
		return
	}
	// tea.Batch and tea.Sequence deliver a list of commands.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == CmdType {
		for i := 0; i < v.Len(); i++ {
			h.Run(v.Index(i).Interface().(tea.Cmd))
		}
		return
	}
	h.Send(msg)
}

// IsTimer tells the commands that wait for a time to pass: the cursor's blink
// and ticks.
func IsTimer(cmd tea.Cmd) bool {
	name := runtime.FuncForPC(reflect.ValueOf(cmd).Pointer()).Name()
	return strings.Contains(name, "bubbles/v2/cursor.") || strings.Contains(name, "bubbletea/v2.Tick") ||
		strings.Contains(name, "bubbletea/v2.Every")
}

// KeyMsg builds the key press a terminal would send for a key name or a
// printable character.
func KeyMsg(k string) tea.KeyPressMsg {
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
	case "left":
		return tea.KeyPressMsg{Code: tea.KeyLeft}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
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

func (h *Harness) Press(keys ...string) {
	for _, k := range keys {
		h.Send(KeyMsg(k))
	}
}

// TypeText types s one character at a time.
func (h *Harness) TypeText(s string) {
	for _, r := range s {
		h.Send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// Screen is what the terminal shows, without colours or attributes.
func (h *Harness) Screen() string { return ansi.Strip(h.M.View().Content) }

func (h *Harness) MustShow(parts ...string) {
	h.Tb.Helper()
	s := h.Screen()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			h.Tb.Fatalf("screen does not show %q:\n%s", p, s)
		}
	}
}

func (h *Harness) MustNotShow(parts ...string) {
	h.Tb.Helper()
	s := h.Screen()
	for _, p := range parts {
		if strings.Contains(s, p) {
			h.Tb.Fatalf("screen shows %q:\n%s", p, s)
		}
	}
}

// CheckFrame asserts that the screen is exactly h lines of at most w cells.
func (h *Harness) CheckFrame(w, ht int) {
	h.Tb.Helper()
	lines := strings.Split(h.Screen(), "\n")
	if len(lines) != ht {
		h.Tb.Fatalf("screen has %d lines, want %d:\n%s", len(lines), ht, h.Screen())
	}
	for i, l := range lines {
		if cw := ansi.StringWidth(l); cw > w {
			h.Tb.Fatalf("line %d is %d cells wide, more than %d: %q", i+1, cw, w, l)
		}
	}
}

func TeaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// At is the kind of the page shown; "" while the root shows its own screen
// (loading, the operator, the help).
func (h *Harness) At() ui.Kind {
	k, ok := h.M.Shown()
	if !ok {
		return ""
	}
	return k.Kind
}

// Capturing reports whether a form or input of the page has the keys.
func (h *Harness) Capturing() bool { return h.M.Capturing() }

// PageOf is the page of kind shown last, or nil.
func (h *Harness) PageOf(kind ui.Kind) ui.Page { return h.M.Kept(kind) }

// Facts is what the workflows' records report for the one engagement of the
// store (the dashboard's lifecycle panel shows the same).
func (h *Harness) Facts() model.Facts {
	h.Tb.Helper()
	es, err := h.St.Engagements(context.Background())
	if err != nil || len(es) != 1 {
		h.Tb.Fatalf("facts of %d engagements: %v", len(es), err)
	}
	all, err := h.St.LifecycleFacts(context.Background())
	if err != nil {
		h.Tb.Fatal(err)
	}
	return all[es[0].ID]
}

func ContractOf(t *testing.T, st *store.Store, id int64) contract.Contract {
	t.Helper()
	c, err := st.Contract(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Keys presses keys like Press.
func (h *Harness) Keys(keys ...string) { h.Press(keys...) }

var ZH = i18n.New(i18n.ZH)

func Engagements(t *testing.T, st *store.Store) []model.Engagement {
	t.Helper()
	es, err := st.Engagements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func Drafts(t *testing.T, st *store.Store) []store.Draft {
	t.Helper()
	ds, err := st.Drafts(context.Background(), store.DraftEngagement)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func AddEngagement(t *testing.T, st *store.Store, op store.Operator, name, dept, vendor string) model.Engagement {
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

// SeedEngagements writes n engagements straight into the database in one
// transaction: store.CreateEngagement takes a durable transaction each, which
// would make 10,000 take minutes. The rows are what CreateEngagement writes.
func SeedEngagements(tb testing.TB, st *store.Store, n int) {
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

const TestPass = "correct horse battery"

// CreateKey gives the operator a key without the screen (one encryption).
func CreateKey(t *testing.T, st *store.Store, op store.Operator) *store.SigningKey {
	t.Helper()
	ctx := context.Background()
	k, err := signing.NewKeyring(st.Path()).Create(func(k *store.SigningKey) error { return st.AddKey(ctx, op, store.EventKeyCreate, k) },
		ui.SigningProfile(op), []byte(TestPass), st.Now())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var EN = i18n.New(i18n.EN)

func ScreeningOf(t *testing.T, st *store.Store, id int64) screening.Screening {
	t.Helper()
	sc, err := st.Screening(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// BlankSample creates the sample engagement's record alone, with nothing in
// any workflow: the fixture of the tests that start from an empty assessment,
// screening or contract (store.LoadSample fills every workflow).
func BlankSample(t testing.TB, st *store.Store, op store.Operator, lang string) model.Engagement {
	t.Helper()
	e := model.SampleEngagement(lang)
	if err := st.CreateEngagement(context.Background(), op, &e, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

// SampleScreening opens the screening of the (blank) sample engagement.
func SampleScreening(t *testing.T, lang i18n.Lang, w, h int) (*Harness, *store.Store, model.Engagement) {
	t.Helper()
	st, op := WithOperator(t)
	e := BlankSample(t, st, op, string(lang))
	hs := NewHarness(t, st, lang, w, h)
	hs.Press("v")
	return hs, st, e
}

// AddPerson fills the person form from the register: name, role, the first
// kind of document, the number; the rest left empty.
func AddPerson(h *Harness, name, role, number string) {
	h.Press("a")
	h.TypeText(name)
	h.Press("enter")
	h.TypeText(role)
	h.Press("enter", "down", "enter")
	h.TypeText(number)
	h.Press("enter", "enter") // employer: the vendor
	h.Press("enter", "enter", "enter", "enter")
}

func HasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

var VerbRE = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// CtrlU clears the input before the cursor (the remembered folder).
var CtrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
