package workbench

import (
	"context"
	"errors"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/i18n"
	"outsec/store"
	"outsec/tui/ui"
)

// Config is what the root model runs on: the store, the language, the size
// before the terminal reports its own, and the registry of pages.
type Config struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Version string
	// Width and Height are the size to lay out for before the terminal
	// reports its own (tests and benchmarks set them).
	Width, Height int
	NoColor       bool
	// TemplatesDir is the user's template folder: a template there replaces
	// the embedded one of the same name (documents).
	TemplatesDir string
	// Pages is the registry: every kind of page and its maker. The first is
	// the home page, shown at start and where esc ends.
	Pages []ui.Registration
	// Ctx is the context of every store call (context.Background if nil).
	Ctx context.Context
}

// MinWidth and MinHeight are the smallest window the layout is made for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// rootMode is what the root itself shows over the pages: nothing of a
// workflow, only what belongs to the workbench as a whole.
type rootMode int

const (
	modeLoading      rootMode = iota // until the operator is known, or the start failed
	modeOperatorForm                 // first start, or adding a profile
	modeOperators                    // switching profiles
	modeHelp                         // the ? screen over the current page
	modePage                         // the current page
)

// Model is the workbench's root: the size and background, the global keys,
// the status and help lines, the operator profile and the navigator. Every
// workflow is a page the navigator holds.
type Model struct {
	sh  *ui.Context
	nav *navigator

	mode rootMode
	w, h int

	opForm  *operatorForm
	ops     *operatorPicker
	help    help.Model
	helpTop int // first line of the help shown, when it is longer than the screen
	// prevMode is where the help and the operator screens return to.
	prevMode rootMode

	hasOp       bool
	startErr    []string
	quitPending bool // quit once the store writes under way are done
}

// NewModel builds the root; Init starts it.
func NewModel(cfg Config) *Model {
	cat := cfg.Catalog
	if cat == nil {
		cat = i18n.New(i18n.ZH)
	}
	ctx := cfg.Ctx
	if ctx == nil {
		ctx = context.Background()
	}
	sh := &ui.Context{
		Catalog: cat,
		Store:   cfg.Store,
		Ctx:     ctx,
		Keys:    ui.DefaultKeyMap(cat),
		Styles:  ui.NewStyles(true, cfg.NoColor),

		TemplatesDir: cfg.TemplatesDir,
		Version:      cfg.Version,
	}
	m := &Model{sh: sh, nav: newNavigator(sh, cfg.Pages), help: help.New()}
	m.help.Styles = sh.Styles.Help
	m.help.ShortSeparator = "  "
	m.ops = &operatorPicker{sh: sh}
	sh.ShownPage = func(key ui.PageKey) bool {
		return m.mode == modePage && m.nav.shown && m.nav.current == key
	}
	if cfg.Width > 0 && cfg.Height > 0 {
		m.resize(cfg.Width, cfg.Height)
	}
	return m
}

// Init asks the terminal for its background and loads the operator.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, loadOperator(m.sh))
}

func (m *Model) bodyHeight() int { return max(m.h-2, 1) }

func (m *Model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

// resize is the one place sizes change: every page and form gets the body.
func (m *Model) resize(w, h int) {
	m.w, m.h = w, h
	bh := m.bodyHeight()
	m.help.SetWidth(w)
	m.ops.SetSize(w, bh)
	if m.opForm != nil {
		m.opForm.SetSize(w, bh)
	}
	m.nav.setSize(w, bh)
}

func (m *Model) setBackground(dark bool) tea.Cmd {
	if m.sh.Styles.Dark == dark {
		return nil
	}
	m.sh.Styles = ui.NewStyles(dark, m.sh.Styles.NoColor)
	m.help.Styles = m.sh.Styles.Help
	return nil
}

// Update routes a message: sizes and colours to everyone; navigation and
// quitting to the root; a result to the page it is addressed to; keys to the
// page unless they are the workbench's; anything else to what is shown.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, m.update(msg)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return tea.Batch(m.toOperatorForm(msg), m.toPage(msg))
	case tea.BackgroundColorMsg:
		m.setBackground(msg.IsDark())
		return tea.Batch(m.toOperatorForm(msg), m.nav.broadcast(msg))
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case ui.GoMsg:
		m.mode = modePage
		return m.nav.goTo(msg)
	case ui.BackMsg:
		m.mode = modePage
		return m.nav.back()
	case ui.QuitMsg:
		return m.quit()
	case ui.ForgetMsg:
		m.nav.forget(msg.Engagement)
		return nil
	case operatorMsg:
		return m.onOperator(msg)
	case operatorCreatedMsg:
		return m.done(m.onOperatorCreated(msg))
	case operatorsMsg:
		return m.onOperators(msg)
	case operatorSelectedMsg:
		if msg.err != nil {
			m.sh.SetError(msg.err)
			return m.done(nil)
		}
		return m.done(loadOperator(m.sh))
	}
	if r, ok := msg.(ui.Result); ok {
		cmd := m.nav.deliver(r.Recipient(), msg)
		if w, ok := msg.(ui.WriteEnd); ok && w.EndsWrite() {
			return m.done(cmd)
		}
		return cmd
	}
	// Anything else belongs to what is shown: a form's own messages, cursor
	// blinks.
	if m.mode == modeOperatorForm {
		return m.toOperatorForm(msg)
	}
	return m.toPage(msg)
}

// toPage hands msg to the current page.
func (m *Model) toPage(msg tea.Msg) tea.Cmd {
	if p := m.nav.page(); p != nil {
		return p.Update(msg)
	}
	return nil
}

// done accounts for a finished store write and quits if that was awaited.
func (m *Model) done(cmd tea.Cmd) tea.Cmd {
	if m.sh.Writes > 0 {
		m.sh.Writes--
	}
	if m.quitPending && m.sh.Writes == 0 {
		return tea.Quit
	}
	return cmd
}

// quit leaves the workbench, once no store write is under way.
func (m *Model) quit() tea.Cmd {
	if m.sh.Writes > 0 {
		m.quitPending = true
		m.sh.SetStatus(m.sh.T("tui.status.finishing"))
		return nil
	}
	return tea.Quit
}

// Capturing reports whether a form or input has the keys.
func (m *Model) Capturing() bool {
	switch m.mode {
	case modeOperatorForm:
		return true
	case modePage:
		p := m.nav.page()
		return p != nil && p.Capturing()
	}
	return false
}

// handleKey routes a key press: to a form or input that has the keys, else
// the workbench's own keys, else the page.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.Keys
	if m.tooSmall() {
		// Nothing can be seen: only leaving works.
		if msg.String() == "ctrl+c" || (!m.Capturing() && key.Matches(msg, k.Quit)) {
			if m.mode == modeOperatorForm {
				return m.toOperatorForm(msg)
			}
			return m.quit()
		}
		return nil
	}
	switch m.mode {
	case modeOperatorForm:
		return m.toOperatorForm(msg)
	case modeHelp:
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Help):
			m.mode = m.prevMode
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Up):
			m.scrollHelp(-1)
		case key.Matches(msg, k.Down):
			m.scrollHelp(1)
		case key.Matches(msg, k.PageUp):
			m.scrollHelp(-(m.bodyHeight() - 1))
		case key.Matches(msg, k.PageDown):
			m.scrollHelp(m.bodyHeight() - 1)
		}
		return nil
	case modeOperators:
		return m.operatorsKey(msg)
	case modePage:
		if m.Capturing() {
			return m.toPage(msg)
		}
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.openHelp()
			return nil
		case key.Matches(msg, k.Operator):
			return loadOperators(m.sh)
		}
		return m.toPage(msg)
	}
	// Loading, or the start failed.
	if key.Matches(msg, k.Quit) {
		return m.quit()
	}
	return nil
}

func (m *Model) openHelp() {
	m.prevMode = m.mode
	m.helpTop = 0
	m.mode = modeHelp
}

func (m *Model) operatorsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.Keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.Back):
		m.mode = m.pageOrLoading()
	case key.Matches(msg, k.Up):
		m.ops.Move(-1)
	case key.Matches(msg, k.Down):
		m.ops.Move(1)
	case key.Matches(msg, k.Add):
		return m.openOperatorForm(false)
	case key.Matches(msg, k.Choose):
		if o := m.ops.Selected(); o != nil {
			return selectOperator(m.sh, o.ID)
		}
	}
	return nil
}

// pageOrLoading is the mode to return to from the operator screens.
func (m *Model) pageOrLoading() rootMode {
	if m.nav.page() != nil {
		return modePage
	}
	return modeLoading
}

func (m *Model) toOperatorForm(msg tea.Msg) tea.Cmd {
	if m.mode != modeOperatorForm || m.opForm == nil {
		return nil
	}
	cmd := m.opForm.Update(msg)
	return tea.Batch(cmd, m.afterOperatorForm())
}

func (m *Model) onOperator(msg operatorMsg) tea.Cmd {
	switch {
	case errors.Is(msg.err, store.ErrNotFound):
		return m.openOperatorForm(true)
	case msg.err != nil:
		m.startErr = m.sh.Describe(msg.err)
		m.sh.SetError(msg.err)
		return nil
	}
	m.sh.Operator, m.hasOp = msg.op, true
	if m.nav.page() == nil {
		return m.start()
	}
	m.sh.SetStatus(m.sh.T("tui.status.operator_switched", ui.OneLine(msg.op.Label())))
	m.mode = modePage
	return nil
}

// start shows the first page, once the operator is known.
func (m *Model) start() tea.Cmd {
	m.mode = modePage
	return m.nav.goTo(ui.GoMsg{Key: m.nav.home})
}

func (m *Model) openOperatorForm(first bool) tea.Cmd {
	var cmd tea.Cmd
	m.opForm, cmd = newOperatorForm(m.sh, first, m.w, m.bodyHeight())
	m.mode = modeOperatorForm
	return cmd
}

func (m *Model) afterOperatorForm() tea.Cmd {
	f := m.opForm
	switch f.form.State {
	case huh.StateCompleted:
		return createOperator(m.sh, f.op)
	case huh.StateAborted:
		m.opForm = nil
		if f.first {
			// Nothing can be recorded without knowing who records it.
			return m.quit()
		}
		m.mode = modeOperators
	}
	return nil
}

func (m *Model) onOperatorCreated(msg operatorCreatedMsg) tea.Cmd {
	if msg.err != nil {
		if m.opForm != nil && m.mode == modeOperatorForm {
			return m.opForm.rejected(m.sh.Describe(msg.err))
		}
		m.sh.SetError(msg.err)
		return nil
	}
	m.opForm = nil
	m.sh.Operator, m.hasOp = msg.op, true
	m.sh.SetStatus(m.sh.T("tui.status.operator_created", ui.OneLine(msg.op.Label())))
	if m.nav.page() == nil {
		cmd := m.start()
		return cmd
	}
	m.mode = modePage
	return nil
}

func (m *Model) onOperators(msg operatorsMsg) tea.Cmd {
	if msg.err != nil {
		m.sh.SetError(msg.err)
		return nil
	}
	m.ops.Items = msg.ops
	m.ops.Cursor = 0
	for i, o := range msg.ops {
		if o.ID == m.sh.Operator.ID {
			m.ops.Cursor = i
		}
	}
	m.mode = modeOperators
	return nil
}

// View draws the whole screen: the body of the current page, the status bar
// with the operator, and the short help.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.sh.T("tui.window_title")
	if p := m.nav.page(); p != nil && m.mode == modePage {
		if t := p.Title(); t != "" {
			v.WindowTitle = m.sh.T("tui.window_title_page", ui.OneLine(t))
		}
	}
	return v
}

func (m *Model) render() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	if m.tooSmall() {
		lines := ui.Wrap(m.sh.T("tui.too_small", MinWidth, MinHeight, m.w, m.h), m.w, "", "")
		return ui.Frame(ui.JoinLines(lines), m.w, m.h)
	}
	bh := m.bodyHeight()
	return ui.Frame(m.body(bh), m.w, bh) + "\n" + m.statusLine() + "\n" + m.helpLine()
}

func (m *Model) body(h int) string {
	T, s := m.sh.T, m.sh.Styles
	switch m.mode {
	case modeOperatorForm:
		return m.opForm.View()
	case modeOperators:
		return m.ops.View()
	case modeHelp:
		return m.helpWindow(h)
	case modePage:
		if p := m.nav.page(); p != nil {
			return p.View()
		}
	}
	if m.startErr != nil {
		var lines []string
		for _, l := range m.startErr {
			lines = append(lines, ui.Wrap(l, m.w, " ! ", "   ")...)
		}
		return s.Error.Render(ui.JoinLines(lines))
	}
	return s.Dim.Render(" " + T("tui.loading"))
}

func (m *Model) statusLine() string {
	T, s := m.sh.T, m.sh.Styles
	who := T("tui.status.no_operator")
	if m.hasOp {
		who = T("tui.status.operator", ui.OneLine(m.sh.Operator.Label()))
	}
	left := " " + who + " "
	if m.sh.Status == "" {
		return s.Status.Render(ui.Fit(left, m.w))
	}
	left = ui.Clip(left, m.w/2)
	rest := m.w - ui.CellWidth(left)
	msg := ui.Fit(" "+ui.OneLine(m.sh.Status), rest)
	if m.sh.StatusErr {
		return s.Status.Render(left) + s.Error.Render(msg)
	}
	return s.Status.Render(left + msg)
}

func (m *Model) helpLine() string {
	k := m.sh.Keys
	var kh help.KeyMap = ui.KeyHelp{Short: []key.Binding{k.Quit}}
	switch m.mode {
	case modeOperatorForm:
		kh = k.FormHelp()
	case modeHelp:
		kh = k.OverlayHelp()
	case modeOperators:
		kh = k.OperatorsHelp()
	case modePage:
		if p := m.nav.page(); p != nil {
			return m.fitHelp(p.KeyMap().ShortHelp())
		}
	}
	return ui.Clip(m.help.View(kh), m.w)
}

// fitHelp is a page's short help in the width (issue 16): the page's own
// keys first, then ? (the full list); q, known everywhere, only when there
// is room. When the page's keys do not all fit, those that do are shown and
// "?" ends the line, instead of "…" hiding it.
func (m *Model) fitHelp(short []key.Binding) string {
	k := m.sh.Keys
	same := func(a, b key.Binding) bool { return strings.Join(a.Keys(), ",") == strings.Join(b.Keys(), ",") }
	var own []key.Binding
	hasHelp, hasQuit := false, false
	for _, b := range short {
		switch {
		case same(b, k.Help):
			hasHelp = true
		case same(b, k.Quit):
			hasQuit = true
		default:
			own = append(own, b)
		}
	}
	tail := []key.Binding{}
	if hasHelp {
		tail = append(tail, k.Help)
	}
	wide := m.help
	wide.SetWidth(0) // measured whole, not cut with "…"
	view := func(bs []key.Binding) string { return wide.ShortHelpView(bs) }
	if hasQuit {
		if all := append(append(append([]key.Binding{}, own...), tail...), k.Quit); ui.CellWidth(view(all)) <= m.w {
			return view(all)
		}
	}
	for n := len(own); n >= 0; n-- {
		bs := append(append([]key.Binding{}, own[:n]...), tail...)
		if ui.CellWidth(view(bs)) <= m.w || n == 0 {
			return ui.Clip(view(bs), m.w)
		}
	}
	return ""
}

// helpLines is the whole help of the page it was opened over: the page's own
// when it has one, else the workbench's.
func (m *Model) helpLines() []string {
	var v string
	if hs, ok := m.nav.page().(ui.HelpScreen); ok && m.prevMode == modePage {
		v = hs.HelpView(m.w)
	} else {
		v = ui.HelpView(m.sh, m.w)
	}
	lines := strings.Split(v, "\n")
	for len(lines) > 1 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// scrollHelp moves the help's window by n lines, within its length.
func (m *Model) scrollHelp(n int) {
	lines, h := len(m.helpLines()), m.bodyHeight()
	m.helpTop = max(0, min(m.helpTop+n, lines-(h-1)))
}

// helpWindow is the help in h lines: all of it, or, when it is longer, a
// window with a last line saying where it is and how to scroll.
func (m *Model) helpWindow(h int) string {
	lines := m.helpLines()
	if len(lines) <= h {
		return strings.Join(lines, "\n")
	}
	top := max(0, min(m.helpTop, len(lines)-(h-1)))
	end := top + h - 1
	out := append(append([]string(nil), lines[top:end]...),
		m.sh.Styles.Dim.Render(ui.Clip(" "+m.sh.T("tui.helpscreen.more", top+1, end, len(lines)), m.w)))
	return strings.Join(out, "\n")
}

// Context is the context every page shares (tests and benchmarks read it).
func (m *Model) Context() *ui.Context { return m.sh }

// Shown is the key of the page the user sees; false while the root shows
// its own screen (loading, the operator, the help).
func (m *Model) Shown() (ui.PageKey, bool) {
	if m.mode != modePage || !m.nav.shown {
		return ui.PageKey{}, false
	}
	return m.nav.current, true
}

// Kept is the page of kind shown last, or nil when none is kept.
func (m *Model) Kept(kind ui.Kind) ui.Page {
	var best *keptPage
	for k, kp := range m.nav.pages {
		if k.Kind == kind && (best == nil || kp.used > best.used) {
			best = kp
		}
	}
	if best == nil {
		return nil
	}
	return best.page
}
