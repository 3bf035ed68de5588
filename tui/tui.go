// Package tui is the terminal workbench (bubbletea v2): one root model that
// owns the screens, routes keys by focus and hands every message to an active
// form first. Store calls run in commands; their results come back as
// messages (commands.go).
package tui

import (
	"context"
	"errors"
	"os"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/store"
)

// Options is what the workbench runs on.
type Options struct {
	Store   *store.Store
	Catalog *i18n.Catalog
	Version string
	// Width and Height are the size to lay out for before the terminal
	// reports its own (tests and benchmarks set them).
	Width, Height int
	// NoColor draws without colour; Run sets it when NO_COLOR is set.
	NoColor bool
	// TemplatesDir is the user's template folder: a template there replaces
	// the embedded one of the same name (documents).
	TemplatesDir string
}

// MinWidth and MinHeight are the smallest window the layout is made for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Run runs the workbench until the user quits.
func Run(ctx context.Context, opts Options) error {
	if opts.Store == nil {
		return errors.New("tui: no store")
	}
	if os.Getenv("NO_COLOR") != "" {
		opts.NoColor = true
	}
	m := New(opts)
	m.sh.ctx = ctx
	_, err := tea.NewProgram(m, tea.WithContext(ctx)).Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// screen is what fills the body.
type screen int

const (
	screenLoading      screen = iota
	screenOperatorForm        // first start, or adding a profile
	screenOperators           // switching profiles
	screenDashboard
	screenWizard
	screenDrafts  // unfinished drafts: resume or discard
	screenConfirm // a yes/no question over the dashboard or the drafts
	screenHelp
	screenScreening // vendor and personnel screening (screening.go)
	screenRisk      // the risk assessment of an engagement (risk.go)
	screenDocs      // the documents of an engagement: preview, export, exports (doc.go)
	screenKeys      // the signing keys (keys_screen.go)
	screenVerify    // the verification of signed exports (verify_screen.go)
	screenContract  // the contract security clauses of an engagement (contract.go)
	screenNDA       // the NDAs of an engagement (nda.go)
)

// focus is what receives the keys.
type focus int

const (
	focusNone   focus = iota
	focusList         // the engagement list
	focusPanel        // the lifecycle panel (scrolls)
	focusFilter       // the "/" filter input
	focusForm         // a huh form: every message goes to it first
	focusPicker       // the drafts or operators list
	focusHelp
	focusScreening // the screening screen's pages; a form open there has focusForm
	focusRisk      // the risk assessment screen, which routes to its own forms first
	focusDocs      // the documents screen, which routes to its export form first
	focusKeys      // the keys screen, which routes to its form first
	focusVerify    // the verify screen, which routes to its form first
	focusContract  // the contract screen, which routes to its form first
	focusNDA       // the NDA screen, which routes to its form or dialog first
)

// confirmPurpose is what a yes/no question decides.
type confirmPurpose int

const (
	confirmDelete confirmPurpose = iota
	confirmDiscard
)

// Model is the workbench.
type Model struct {
	sh      *shared
	version string

	screen screen
	focus  focus
	// where the help overlay returns to
	prevScreen screen
	helpTop    int // first line of the help shown, when it is longer than the screen
	prevFocus  focus

	w, h int

	dash       *dashboard
	wiz        *wizard
	closingWiz *wizard // left with esc, its last draft save under way
	opForm     *operatorForm
	confirm    *confirmForm
	confirmFor confirmPurpose
	confirmEng model.Engagement
	confirmDft store.Draft
	confirmRet screen // where the question returns to
	// confirmNext is the engagement to select after a delete.
	confirmNext int64
	drafts      *draftPicker
	ops         *operatorPicker
	help        help.Model
	scr         *screeningScreen // kept with its page and selection
	risk        *riskScreen      // kept with its tab, selections and pending settings
	docs        *docScreen       // kept with its selection, preview cache and scroll
	keysScr     *keysScreen      // the signing keys
	verifyScr   *verifyScreen    // kept with the last path verified
	ctr         *contractScreen  // kept with its selection and filter
	nda         *ndaScreen       // kept with its selection and last result

	hasOp       bool
	offerDrafts bool // show unfinished drafts when their list arrives
	startErr    []string
	status      string
	statusErr   bool
	quitPending bool // quit once the store writes under way are done
}

// New builds the workbench; Init starts it.
func New(opts Options) *Model {
	cat := opts.Catalog
	if cat == nil {
		cat = i18n.New(i18n.ZH)
	}
	sh := &shared{
		cat:    cat,
		st:     opts.Store,
		ctx:    context.Background(),
		keys:   DefaultKeyMap(cat),
		styles: NewStyles(true, opts.NoColor),

		templatesDir: opts.TemplatesDir,
	}
	m := &Model{sh: sh, version: opts.Version, help: help.New()}
	m.help.Styles = sh.styles.Help
	m.help.ShortSeparator = "  "
	m.dash = newDashboard(sh)
	m.drafts = &draftPicker{sh: sh}
	m.ops = &operatorPicker{sh: sh}
	if opts.Width > 0 && opts.Height > 0 {
		m.resize(opts.Width, opts.Height)
	}
	return m
}

// Init asks the terminal for its background and loads the operator.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, loadOperator(m.sh))
}

func (m *Model) bodyHeight() int { return max(m.h-2, 1) }

func (m *Model) tooSmall() bool { return m.w < MinWidth || m.h < MinHeight }

// resize is the one place sizes change: every child gets its share.
func (m *Model) resize(w, h int) {
	m.w, m.h = w, h
	bh := m.bodyHeight()
	m.help.SetWidth(w)
	m.dash.SetSize(w, bh)
	m.drafts.SetSize(w, bh)
	m.ops.SetSize(w, bh)
	if m.wiz != nil {
		m.wiz.SetSize(w, bh)
	}
	if m.opForm != nil {
		m.opForm.SetSize(w, bh)
	}
	if m.confirm != nil {
		m.confirm.SetSize(w, bh)
	}
	if m.scr != nil {
		m.scr.SetSize(w, bh)
	}
	if m.risk != nil {
		m.risk.SetSize(w, bh)
	}
	if m.docs != nil {
		m.docs.SetSize(w, bh)
	}
	if m.keysScr != nil {
		m.keysScr.SetSize(w, bh)
	}
	if m.verifyScr != nil {
		m.verifyScr.SetSize(w, bh)
	}
	if m.ctr != nil {
		m.ctr.SetSize(w, bh)
	}
	if m.nda != nil {
		m.nda.SetSize(w, bh)
	}
}

func (m *Model) setBackground(dark bool) {
	if m.sh.styles.Dark == dark {
		return
	}
	m.sh.styles = NewStyles(dark, m.sh.styles.NoColor)
	m.help.Styles = m.sh.styles.Help
	m.dash.restyle()
	if m.risk != nil {
		m.risk.restyle()
	}
}

func (m *Model) setStatus(s string) { m.status, m.statusErr = s, false }

func (m *Model) setError(err error) {
	lines := m.sh.describe(err)
	if len(lines) == 0 {
		return
	}
	m.status, m.statusErr = lines[0], true
	if len(lines) > 1 {
		m.status = m.sh.T("tui.status.more_errors", lines[0], len(lines)-1)
	}
}

// Update routes a message: sizes and colours to everyone, store results to
// their handlers, then everything else to the active form first, and keys by
// focus.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, tea.Batch(m.toForm(msg), m.docsResized())
	case tea.BackgroundColorMsg:
		m.setBackground(msg.IsDark())
		return m, tea.Batch(m.toForm(msg), m.docsResized())
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case operatorMsg:
		return m, m.onOperator(msg)
	case operatorCreatedMsg:
		return m, m.done(m.onOperatorCreated(msg))
	case operatorsMsg:
		return m, m.onOperators(msg)
	case operatorSelectedMsg:
		if msg.err != nil {
			m.setError(msg.err)
			return m, m.done(nil)
		}
		return m, m.done(loadOperator(m.sh))
	case engagementsMsg:
		if msg.err != nil {
			m.setError(msg.err)
			return m, nil
		}
		m.dash.setRows(msg.rows, msg.selectID)
		return m, nil
	case draftsMsg:
		return m, m.onDrafts(msg)
	case draftSavedMsg:
		return m, m.done(m.onDraftSaved(msg))
	case draftDiscardedMsg:
		if msg.err != nil {
			m.setError(msg.err)
		} else {
			m.setStatus(m.sh.T("tui.status.draft_discarded"))
		}
		m.offerDrafts = true
		return m, m.done(loadDrafts(m.sh))
	case engagementSavedMsg:
		return m, m.done(m.onEngagementSaved(msg))
	case engagementDeletedMsg:
		if msg.err != nil {
			m.setError(msg.err)
			return m, m.done(loadEngagements(m.sh, 0))
		}
		m.setStatus(m.sh.T("tui.status.deleted", msg.e.Code, oneLine(msg.e.Name)))
		return m, m.done(loadEngagements(m.sh, m.confirmNext))
	case sampleLoadedMsg:
		if msg.err != nil {
			m.setError(msg.err)
			return m, m.done(nil)
		}
		m.setStatus(m.sh.T("tui.status.sample_loaded", msg.e.Code, oneLine(msg.e.Name)))
		return m, m.done(loadEngagements(m.sh, msg.e.ID))
	case screeningResult:
		return m, m.onScreeningResult(msg)
	case riskLoadedMsg:
		return m, m.onRiskLoaded(msg)
	case riskSavedMsg:
		return m, m.done(m.onRiskSaved(msg))
	case riskIOResult:
		return m, m.onRiskIO(msg)
	case docResult:
		return m, m.onDocResult(msg)
	case keysResult:
		return m, m.onKeysResult(msg)
	case verifyMsg:
		return m, m.onVerifyResult(msg)
	case contractResult:
		return m, m.onContractResult(msg)
	}
	// Anything else belongs to the active form (its own messages, cursor
	// blinks) or to the filter input.
	if m.focus == focusForm {
		return m, m.toForm(msg)
	}
	if m.focus == focusFilter {
		return m, m.dash.Update(msg)
	}
	if m.focus == focusRisk {
		return m, m.riskUpdate(msg)
	}
	if m.focus == focusDocs {
		return m, m.docUpdate(msg)
	}
	if m.focus == focusKeys {
		return m, m.keysUpdate(msg)
	}
	if m.focus == focusVerify {
		return m, m.verifyUpdate(msg)
	}
	if m.focus == focusContract {
		return m, m.contractUpdate(msg)
	}
	if m.focus == focusNDA {
		return m, m.ndaUpdate(msg)
	}
	return m, nil
}

// done accounts for a finished store write and quits if that was awaited.
func (m *Model) done(cmd tea.Cmd) tea.Cmd {
	if m.sh.writes > 0 {
		m.sh.writes--
	}
	if m.quitPending && m.sh.writes == 0 {
		return tea.Quit
	}
	return cmd
}

// quit leaves the workbench, once no store write is under way.
func (m *Model) quit() tea.Cmd {
	if m.sh.writes > 0 {
		m.quitPending = true
		m.setStatus(m.sh.T("tui.status.finishing"))
		return nil
	}
	return tea.Quit
}

// toForm hands a message to the active form and reacts to its completion.
func (m *Model) toForm(msg tea.Msg) tea.Cmd {
	switch {
	case m.screen == screenWizard && m.wiz != nil:
		cmd := m.wiz.Update(msg)
		return tea.Batch(cmd, m.afterWizard())
	case m.screen == screenOperatorForm && m.opForm != nil:
		cmd := m.opForm.Update(msg)
		return tea.Batch(cmd, m.afterOperatorForm())
	case m.screen == screenConfirm && m.confirm != nil:
		cmd := m.confirm.Update(msg)
		return tea.Batch(cmd, m.afterConfirm())
	case m.screen == screenScreening && m.scr != nil:
		return m.screeningForm(msg)
	}
	return nil
}

func (m *Model) show(s screen, f focus) {
	m.screen, m.focus = s, f
	if s == screenDashboard {
		// Remembered while other screens are shown.
		m.dash.panelFocus = f == focusPanel
	}
}

func (m *Model) toDashboard() {
	f := focusList
	if m.dash.panelFocus && !m.dash.empty() {
		f = focusPanel
	}
	m.show(screenDashboard, f)
}

// handleKey routes a key press by focus.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.keys
	if m.tooSmall() {
		// Nothing can be seen: only leaving works.
		if msg.String() == "ctrl+c" || (m.focus != focusForm && m.focus != focusFilter && key.Matches(msg, k.Quit)) {
			if m.focus == focusForm {
				return m.toForm(msg)
			}
			return m.quit()
		}
		return nil
	}
	switch m.focus {
	case focusForm:
		return m.toForm(msg)
	case focusFilter:
		switch {
		case msg.String() == "ctrl+c":
			return m.quit()
		case key.Matches(msg, k.FilterApply):
			m.dash.blurFilter()
			m.show(screenDashboard, focusList)
			return nil
		case key.Matches(msg, k.FilterClear):
			m.dash.clearFilter()
			m.show(screenDashboard, focusList)
			return nil
		case msg.String() == "up":
			m.dash.move(-1) // the arrows still move the selection while typing
			return nil
		case msg.String() == "down":
			m.dash.move(1)
			return nil
		}
		return m.dash.Update(msg)
	case focusHelp:
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Help):
			m.show(m.prevScreen, m.prevFocus)
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
	case focusPicker:
		return m.pickerKey(msg)
	case focusList, focusPanel:
		return m.dashboardKey(msg)
	case focusScreening:
		return m.screeningKey(msg)
	case focusRisk:
		return m.riskKey(msg)
	case focusDocs:
		return m.docKey(msg)
	case focusKeys:
		return m.keysKey(msg)
	case focusVerify:
		return m.verifyKey(msg)
	case focusContract:
		return m.contractKey(msg)
	case focusNDA:
		return m.ndaKey(msg)
	}
	// Loading, or the start failed.
	if key.Matches(msg, k.Quit) {
		return m.quit()
	}
	return nil
}

func (m *Model) openHelp() {
	m.prevScreen, m.prevFocus = m.screen, m.focus
	m.helpTop = 0
	m.show(screenHelp, focusHelp)
}

func (m *Model) dashboardKey(msg tea.KeyPressMsg) tea.Cmd {
	k, d := m.sh.keys, m.dash
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Operator):
		return loadOperators(m.sh)
	case key.Matches(msg, k.Sign.Keys):
		return m.openKeys()
	case key.Matches(msg, k.Sign.Verify):
		return m.openVerify()
	case key.Matches(msg, k.New):
		return m.openWizard(&wizardValues{Version: wizardDataVersion}, 0, 0, 0)
	}
	if !d.loaded {
		return nil
	}
	if d.empty() {
		if key.Matches(msg, k.Sample) {
			m.setStatus(m.sh.T("tui.status.loading_sample"))
			return loadSample(m.sh)
		}
		return nil
	}
	page := max(d.listRows()-1, 1)
	if m.focus == focusPanel {
		page = max(m.bodyHeight()-3, 1)
	}
	step := func(n int) {
		if m.focus == focusPanel {
			d.scrollPanel(n)
		} else {
			d.move(n)
		}
	}
	switch {
	case key.Matches(msg, k.Up):
		step(-1)
	case key.Matches(msg, k.Down):
		step(1)
	case key.Matches(msg, k.PageUp):
		step(-page)
	case key.Matches(msg, k.PageDown):
		step(page)
	case key.Matches(msg, k.Home):
		if m.focus == focusPanel {
			d.panelScroll = 0
		} else {
			d.moveTo(0)
		}
	case key.Matches(msg, k.End):
		if m.focus == focusPanel {
			d.scrollPanel(1 << 20)
		} else {
			d.moveTo(len(d.view) - 1)
		}
	case key.Matches(msg, k.Panel):
		if m.focus == focusPanel {
			m.show(screenDashboard, focusList)
		} else if d.selected() != nil {
			m.show(screenDashboard, focusPanel)
		}
	case key.Matches(msg, k.Back):
		if m.focus == focusPanel {
			m.show(screenDashboard, focusList)
		}
	case key.Matches(msg, k.Filter):
		m.show(screenDashboard, focusFilter)
		return d.focusFilter()
	case key.Matches(msg, k.Sort):
		d.cycleSort()
		m.setStatus(m.sh.T("tui.status.sorted", m.sh.T(d.sort.key())))
	case key.Matches(msg, k.Edit):
		if r := d.selected(); r != nil {
			return m.openWizard(valuesOf(&r.e), r.e.ID, 0, 0)
		}
	case key.Matches(msg, k.Delete):
		if r := d.selected(); r != nil {
			return m.askDelete(r.e)
		}
	case key.Matches(msg, k.Screening):
		if r := d.selected(); r != nil {
			return m.openScreening(r.e)
		}
	case key.Matches(msg, k.Risk):
		if r := d.selected(); r != nil {
			return m.openRisk(r.e)
		}
	case key.Matches(msg, k.Docs.Open), key.Matches(msg, k.Docs.Exports):
		if r := d.selected(); r != nil {
			return m.openDocs(r.e, key.Matches(msg, k.Docs.Exports))
		}
	case key.Matches(msg, k.Contract.Open):
		if r := d.selected(); r != nil {
			return m.openContract(r.e)
		}
	case key.Matches(msg, k.Contract.OpenNDA):
		if r := d.selected(); r != nil {
			return m.openNDA(r.e)
		}
	}
	return nil
}

func (m *Model) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Back):
		m.toDashboard()
		return nil
	}
	if m.screen == screenOperators {
		switch {
		case key.Matches(msg, k.Up):
			m.ops.move(-1)
		case key.Matches(msg, k.Down):
			m.ops.move(1)
		case key.Matches(msg, k.Add):
			return m.openOperatorForm(false)
		case key.Matches(msg, k.Choose):
			if o := m.ops.selected(); o != nil {
				return selectOperator(m.sh, o.ID)
			}
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Up):
		m.drafts.move(-1)
	case key.Matches(msg, k.Down):
		m.drafts.move(1)
	case key.Matches(msg, k.Choose):
		if d := m.drafts.selected(); d != nil {
			v, ok := draftValues(d)
			if !ok {
				m.status, m.statusErr = m.sh.T("tui.drafts.unreadable"), true
				return nil
			}
			return m.openWizard(v, d.EngagementID, d.ID, min(max(d.Step, 0), groupCount-1))
		}
	case key.Matches(msg, k.Discard):
		if d := m.drafts.selected(); d != nil {
			return m.askDiscard(*d)
		}
	}
	return nil
}

func (m *Model) openWizard(v *wizardValues, editing, draftID int64, step int) tea.Cmd {
	if m.wiz != nil && !m.wiz.idle() {
		m.closingWiz = m.wiz
	}
	var cmd tea.Cmd
	m.wiz, cmd = newWizard(m.sh, v, editing, draftID, step, m.w, m.bodyHeight())
	m.show(screenWizard, focusForm)
	m.setStatus("")
	return cmd
}

// afterWizard reacts to the wizard's form finishing: completed, it is saved;
// aborted (esc, ctrl+c), the draft keeps what was typed.
func (m *Model) afterWizard() tea.Cmd {
	w := m.wiz
	switch w.form.State {
	case huh.StateCompleted:
		if w.submitting || w.submitPending {
			return nil
		}
		return w.submit()
	case huh.StateAborted:
		cmd := w.leave()
		m.wiz = nil
		m.toDashboard()
		if w.idle() {
			m.offerDrafts = true
			return tea.Batch(cmd, loadDrafts(m.sh))
		}
		m.closingWiz = w
		m.setStatus(m.sh.T("tui.status.saving_draft"))
		return cmd
	}
	return nil
}

func (m *Model) wizardBySerial(serial int) *wizard {
	for _, w := range []*wizard{m.wiz, m.closingWiz} {
		if w != nil && w.serial == serial {
			return w
		}
	}
	return nil
}

func (m *Model) onDraftSaved(msg draftSavedMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(msg.err)
	}
	w := m.wizardBySerial(msg.serial)
	if w == nil {
		return nil
	}
	cmd := w.draftSaved(msg)
	if w == m.closingWiz && w.idle() {
		m.closingWiz = nil
		if msg.err == nil {
			m.setStatus(m.sh.T("tui.status.draft_kept"))
		}
		m.offerDrafts = true
		return tea.Batch(cmd, loadDrafts(m.sh))
	}
	return cmd
}

func (m *Model) onEngagementSaved(msg engagementSavedMsg) tea.Cmd {
	w := m.wizardBySerial(msg.serial)
	if msg.err != nil {
		if w != nil && w == m.wiz {
			m.setError(msg.err)
			return w.rejected(msg.err)
		}
		m.setError(msg.err)
		return nil
	}
	if w != nil && w == m.wiz {
		m.wiz = nil
		m.toDashboard()
	}
	key := "tui.status.updated"
	if msg.created {
		key = "tui.status.created"
	}
	m.setStatus(m.sh.T(key, msg.e.Code, oneLine(msg.e.Name)))
	m.offerDrafts = true
	return tea.Batch(loadEngagements(m.sh, msg.e.ID), loadDrafts(m.sh))
}

func (m *Model) onDrafts(msg draftsMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(msg.err)
		return nil
	}
	offer := m.offerDrafts
	m.offerDrafts = false
	m.drafts.drafts = msg.drafts
	m.drafts.move(0)
	if len(msg.drafts) == 0 {
		if m.screen == screenDrafts {
			m.toDashboard()
		}
		return nil
	}
	if offer && (m.screen == screenDashboard || m.screen == screenDrafts) {
		m.show(screenDrafts, focusPicker)
	}
	return nil
}

func (m *Model) onOperator(msg operatorMsg) tea.Cmd {
	switch {
	case errors.Is(msg.err, store.ErrNotFound):
		return m.openOperatorForm(true)
	case msg.err != nil:
		m.startErr = m.sh.describe(msg.err)
		m.setError(msg.err)
		return nil
	}
	m.sh.op, m.hasOp = msg.op, true
	if m.screen == screenLoading {
		m.show(screenDashboard, focusList)
		m.offerDrafts = true
		return tea.Batch(loadEngagements(m.sh, 0), loadDrafts(m.sh))
	}
	m.setStatus(m.sh.T("tui.status.operator_switched", oneLine(msg.op.Label())))
	m.toDashboard()
	return nil
}

func (m *Model) openOperatorForm(first bool) tea.Cmd {
	var cmd tea.Cmd
	m.opForm, cmd = newOperatorForm(m.sh, first, m.w, m.bodyHeight())
	m.show(screenOperatorForm, focusForm)
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
		m.show(screenOperators, focusPicker)
	}
	return nil
}

func (m *Model) onOperatorCreated(msg operatorCreatedMsg) tea.Cmd {
	if msg.err != nil {
		if m.opForm != nil && m.screen == screenOperatorForm {
			return m.opForm.rejected(m.sh.describe(msg.err))
		}
		m.setError(msg.err)
		return nil
	}
	first := m.opForm != nil && m.opForm.first
	m.opForm = nil
	m.sh.op, m.hasOp = msg.op, true
	m.setStatus(m.sh.T("tui.status.operator_created", oneLine(msg.op.Label())))
	if first || !m.dash.loaded {
		m.show(screenDashboard, focusList)
		m.offerDrafts = true
		return tea.Batch(loadEngagements(m.sh, 0), loadDrafts(m.sh))
	}
	m.toDashboard()
	return nil
}

func (m *Model) onOperators(msg operatorsMsg) tea.Cmd {
	if msg.err != nil {
		m.setError(msg.err)
		return nil
	}
	m.ops.ops = msg.ops
	m.ops.cursor = 0
	for i, o := range msg.ops {
		if o.ID == m.sh.op.ID {
			m.ops.cursor = i
		}
	}
	m.show(screenOperators, focusPicker)
	return nil
}

func (m *Model) askDelete(e model.Engagement) tea.Cmd {
	T := m.sh.T
	var cmd tea.Cmd
	m.confirm, cmd = newConfirmForm(m.sh, T("tui.delete.title", e.Code, oneLine(e.Name)), T("tui.delete.desc"), m.w, m.bodyHeight())
	m.confirmFor, m.confirmEng, m.confirmRet = confirmDelete, e, screenDashboard
	m.show(screenConfirm, focusForm)
	return cmd
}

func (m *Model) askDiscard(d store.Draft) tea.Cmd {
	T := m.sh.T
	var cmd tea.Cmd
	m.confirm, cmd = newConfirmForm(m.sh, T("tui.discard.title", m.drafts.summary(&d)), T("tui.discard.desc"), m.w, m.bodyHeight())
	m.confirmFor, m.confirmDft, m.confirmRet = confirmDiscard, d, screenDrafts
	m.show(screenConfirm, focusForm)
	return cmd
}

func (m *Model) afterConfirm() tea.Cmd {
	c := m.confirm
	if c.form.State == huh.StateNormal {
		return nil
	}
	m.confirm = nil
	yes := c.form.State == huh.StateCompleted && c.yes
	if m.confirmRet == screenDrafts {
		m.show(screenDrafts, focusPicker)
	} else {
		m.toDashboard()
	}
	if !yes {
		m.setStatus(m.sh.T("tui.status.nothing_changed"))
		return nil
	}
	switch m.confirmFor {
	case confirmDelete:
		m.confirmNext = m.neighbourOf(m.confirmEng.ID)
		return deleteEngagement(m.sh, m.confirmEng)
	case confirmDiscard:
		return discardDraft(m.sh, m.confirmDft.ID)
	}
	return nil
}

// neighbourOf is the engagement to select once id is gone: the next one in
// the list, or the one before when it was the last.
func (m *Model) neighbourOf(id int64) int64 {
	d := m.dash
	for i, ri := range d.view {
		if d.rows[ri].e.ID != id {
			continue
		}
		if i+1 < len(d.view) {
			return d.rows[d.view[i+1]].e.ID
		}
		if i > 0 {
			return d.rows[d.view[i-1]].e.ID
		}
	}
	return 0
}

// View draws the whole screen: the body of the current screen, the status
// bar with the operator, and the short help.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = m.sh.T("tui.window_title")
	return v
}

func (m *Model) render() string {
	if m.w <= 0 || m.h <= 0 {
		return ""
	}
	if m.tooSmall() {
		lines := wrap(m.sh.T("tui.too_small", MinWidth, MinHeight, m.w, m.h), m.w, "", "")
		return frame(joinLines(lines), m.w, m.h)
	}
	bh := m.bodyHeight()
	return frame(m.body(bh), m.w, bh) + "\n" + m.statusLine() + "\n" + m.helpLine()
}

func (m *Model) body(h int) string {
	T, s := m.sh.T, m.sh.styles
	switch m.screen {
	case screenLoading:
		if m.startErr != nil {
			var lines []string
			for _, l := range m.startErr {
				lines = append(lines, wrap(l, m.w, " ! ", "   ")...)
			}
			return s.Error.Render(joinLines(lines))
		}
		return s.Dim.Render(" " + T("tui.loading"))
	case screenOperatorForm:
		return m.opForm.View()
	case screenOperators:
		return m.ops.View()
	case screenWizard:
		return m.wiz.View()
	case screenDrafts:
		return m.drafts.View()
	case screenConfirm:
		return m.confirm.View()
	case screenHelp:
		return m.helpWindow(h)
	case screenScreening:
		return m.scr.View()
	case screenRisk:
		return m.risk.View()
	case screenDocs:
		return m.docs.View()
	case screenKeys:
		return m.keysScr.View()
	case screenVerify:
		return m.verifyScr.View()
	case screenContract:
		return m.ctr.View()
	case screenNDA:
		return m.nda.View()
	}
	return m.dash.View()
}

func (m *Model) statusLine() string {
	T, s := m.sh.T, m.sh.styles
	who := T("tui.status.no_operator")
	if m.hasOp {
		who = T("tui.status.operator", oneLine(m.sh.op.Label()))
	}
	left := " " + who + " "
	if m.status == "" {
		return s.Status.Render(fit(left, m.w))
	}
	left = clip(left, m.w/2)
	rest := m.w - cellWidth(left)
	msg := fit(" "+oneLine(m.status), rest)
	if m.statusErr {
		return s.Status.Render(left) + s.Error.Render(msg)
	}
	return s.Status.Render(left + msg)
}

func (m *Model) helpLine() string {
	k := m.sh.keys
	var kh keyHelp
	switch m.focus {
	case focusForm:
		switch m.screen {
		case screenWizard:
			kh = k.wizardHelp()
		case screenConfirm:
			kh = k.questionHelp()
		case screenScreening:
			kh = m.scr.help()
		default:
			kh = k.formHelp()
		}
	case focusFilter:
		kh = k.filterHelp()
	case focusHelp:
		kh = k.overlayHelp()
	case focusPicker:
		if m.screen == screenOperators {
			kh = k.operatorsHelp()
		} else {
			kh = k.draftsHelp()
		}
	case focusList, focusPanel:
		kh = k.dashboardHelp(m.dash.empty())
	case focusScreening:
		kh = m.scr.help()
	case focusRisk:
		kh = m.risk.help()
	case focusDocs:
		kh = m.docs.help()
	case focusKeys:
		kh = m.keysScr.help()
	case focusVerify:
		kh = m.verifyScr.help()
	case focusContract:
		kh = m.ctr.help()
	case focusNDA:
		kh = m.nda.help()
	default:
		kh = keyHelp{short: []key.Binding{k.Quit}}
	}
	return clip(m.help.View(kh), m.w)
}

// helpLines is the whole help of the screen it was opened from.
func (m *Model) helpLines() []string {
	const all = 1 << 20 // every line: the window below cuts
	var v string
	switch {
	case m.prevScreen == screenRisk:
		v = riskHelpView(m.sh, m.version, m.w, all)
	case m.prevScreen == screenContract || m.prevScreen == screenNDA:
		v = contractHelpView(m.sh, m.version, m.w, all)
	default:
		v = helpView(m.sh, m.version, m.w, all)
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
		m.sh.styles.Dim.Render(clip(" "+m.sh.T("tui.helpscreen.more", top+1, end, len(lines)), m.w)))
	return strings.Join(out, "\n")
}
