package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/i18n"
	"outsec/model"
	"outsec/model/screening"
)

// The vendor and personnel screening (GB/T 32926—2016 6.1) as the root sees
// it: opening the screen from the dashboard, its keys, its store calls and
// their results. The screen itself is screening.go.

// screeningKeyMap is the keys of the screening screen, part of the one KeyMap
// (KeyMap.Screen). Moving, adding, editing, deleting and going back are the
// KeyMap's own.
type screeningKeyMap struct {
	Cycle    key.Binding // next result of the selected item
	Answer   key.Binding // the result and evidence form of the selected item
	ToPeople key.Binding // from the vendor's checklist to the people register
	ToVendor key.Binding // from the people to the vendor's checklist
	Open     key.Binding // the selected person's checklist
	AddP     key.Binding
	EditP    key.Binding
	DeleteP  key.Binding
	BackList key.Binding // from a person's checklist to the register
}

func defaultScreeningKeys(cat *i18n.Catalog) screeningKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return screeningKeyMap{
		Cycle:    b([]string{"space"}, cat.T("tui.screening.key.space"), cat.T("tui.screening.help.cycle")),
		Answer:   b([]string{"e", "enter"}, cat.T("tui.screening.key.answer"), cat.T("tui.screening.help.answer")),
		ToPeople: b([]string{"tab"}, cat.T("tui.screening.key.tab"), cat.T("tui.screening.help.to_people")),
		ToVendor: b([]string{"tab"}, cat.T("tui.screening.key.tab"), cat.T("tui.screening.help.to_vendor")),
		Open:     b([]string{"enter"}, cat.T("tui.screening.key.enter"), cat.T("tui.screening.help.open")),
		AddP:     b([]string{"a"}, cat.T("tui.screening.key.add"), cat.T("tui.screening.help.add")),
		EditP:    b([]string{"e"}, cat.T("tui.screening.key.edit"), cat.T("tui.screening.help.edit")),
		DeleteP:  b([]string{"d"}, cat.T("tui.screening.key.delete"), cat.T("tui.screening.help.delete")),
		BackList: b([]string{"esc"}, cat.T("tui.screening.key.esc"), cat.T("tui.screening.help.back_list")),
	}
}

// screeningBinding is the dashboard's key to the screening of the selected
// engagement.
func screeningBinding(cat *i18n.Catalog) key.Binding {
	return key.NewBinding(key.WithKeys("v"), key.WithHelp(cat.T("tui.screening.key.open"), cat.T("tui.screening.help.screen")))
}

// screeningHelp is the help line of the screening screen.
func (k KeyMap) screeningHelp(p screeningPart) keyHelp {
	sk := k.Screen
	var short []key.Binding
	switch p {
	case partVendor:
		short = []key.Binding{sk.Cycle, sk.Answer, sk.ToPeople, k.Back, k.Help, k.Quit}
	case partPeople:
		short = []key.Binding{sk.Open, sk.AddP, sk.EditP, sk.DeleteP, sk.ToVendor, k.Back, k.Help, k.Quit, k.Contract.OpenNDA}
	default:
		short = []key.Binding{sk.Cycle, sk.Answer, sk.BackList, k.Help, k.Quit}
	}
	return keyHelp{short: short, full: [][]key.Binding{short}}
}

// screeningHelpSection is the screening's block of the full help.
func (k KeyMap) screeningHelpSection() helpSection {
	sk := k.Screen
	return helpSection{"tui.helpscreen.screening", []helpEntry{
		entry(sk.Cycle, sk.Answer), entry(sk.ToPeople, sk.Open), entry(k.Contract.OpenNDA),
	}}
}

// Store results of the screening screen. They reach the root whatever screen
// is shown, so that a write finished after leaving is still accounted for.
type screeningResult interface{ screeningResult() }

type (
	screeningLoadedMsg struct {
		engagementID int64
		sc           screening.Screening
		err          error
	}
	screeningSavedMsg struct {
		engagementID int64
		w            screeningWrite
		sc           screening.Screening
		loadErr      error
		err          error
	}
)

func (screeningLoadedMsg) screeningResult() {}
func (screeningSavedMsg) screeningResult()  {}

// screeningWriteKind is one of the screening's store actions.
type screeningWriteKind int

const (
	writeVendorAnswer screeningWriteKind = iota
	writePersonAnswer
	writeCreatePerson
	writeUpdatePerson
	writeDeletePerson
)

// screeningWrite is one store action of the screening screen.
type screeningWrite struct {
	kind     screeningWriteKind
	answer   screening.Answer
	personID int64
	person   screening.Person
}

func loadScreeningCmd(sh *shared, engagementID int64) tea.Cmd {
	st, ctx := sh.st, sh.ctx
	return func() tea.Msg {
		sc, err := st.Screening(ctx, engagementID)
		return screeningLoadedMsg{engagementID: engagementID, sc: sc, err: err}
	}
}

// saveScreeningCmd runs one action and reads the screening back, so the
// screen shows what the store holds.
func saveScreeningCmd(sh *shared, engagementID int64, w screeningWrite) tea.Cmd {
	st, ctx, op := sh.st, sh.ctx, sh.op
	sh.writes++
	return func() tea.Msg {
		var err error
		switch w.kind {
		case writeVendorAnswer:
			err = st.SaveVendorAnswer(ctx, op, engagementID, w.answer)
		case writePersonAnswer:
			err = st.SavePersonAnswer(ctx, op, w.personID, w.answer)
		case writeCreatePerson:
			err = st.CreatePerson(ctx, op, engagementID, &w.person)
		case writeUpdatePerson:
			err = st.UpdatePerson(ctx, op, &w.person)
		case writeDeletePerson:
			err = st.DeletePerson(ctx, op, w.personID)
		}
		sc, lerr := st.Screening(ctx, engagementID)
		return screeningSavedMsg{engagementID: engagementID, w: w, sc: sc, loadErr: lerr, err: err}
	}
}

// openScreening shows the screening of e. The screen of the engagement last
// shown is kept, with its page and selection.
func (m *Model) openScreening(e model.Engagement) tea.Cmd {
	if m.scr == nil || m.scr.eng.ID != e.ID {
		m.scr = newScreeningScreen(m.sh, e, m.w, m.bodyHeight())
	}
	m.scr.eng = e
	m.show(screenScreening, focusScreening)
	m.setStatus("")
	return loadScreeningCmd(m.sh, e.ID)
}

// screeningKey is a key press on the screening screen (no form open).
func (m *Model) screeningKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.sh.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit()
	case key.Matches(msg, k.Help):
		m.openHelp()
		return nil
	case key.Matches(msg, k.Docs.Open):
		return m.openDocs(m.scr.eng, false) // the documents, the screening form among them (doc.go)
	case key.Matches(msg, k.Contract.OpenNDA):
		return m.openNDA(m.scr.eng) // the NDAs of the people listed here (6.4 a)); esc comes back
	}
	cmd, leave := m.scr.handleKey(msg)
	if leave {
		m.toDashboard()
		// The lifecycle panel shows what the screening now reports.
		return tea.Batch(cmd, loadEngagements(m.sh, m.scr.eng.ID))
	}
	m.syncScreeningFocus()
	return cmd
}

// screeningForm hands a message to the screening screen's open form.
func (m *Model) screeningForm(msg tea.Msg) tea.Cmd {
	cmd := m.scr.Update(msg)
	m.syncScreeningFocus()
	return cmd
}

// syncScreeningFocus gives the keys to the screen's form while one is open.
func (m *Model) syncScreeningFocus() {
	if m.screen != screenScreening || m.scr == nil {
		return
	}
	switch {
	case m.scr.formOpen() && m.focus == focusScreening:
		m.focus = focusForm
	case !m.scr.formOpen() && m.focus == focusForm:
		m.focus = focusScreening
	}
}

// onScreeningResult takes a store result of the screening screen.
func (m *Model) onScreeningResult(msg screeningResult) tea.Cmd {
	switch msg := msg.(type) {
	case screeningLoadedMsg:
		if msg.err != nil {
			m.setError(msg.err)
		}
		if s := m.scr; s != nil && s.eng.ID == msg.engagementID {
			s.loaded(msg.sc, msg.err)
		}
		return nil
	case screeningSavedMsg:
		var cmd tea.Cmd
		if s := m.scr; s != nil && s.eng.ID == msg.engagementID {
			cmd = s.saved(msg)
		}
		switch {
		case msg.err != nil:
			m.setError(msg.err)
		case msg.loadErr != nil:
			m.setError(msg.loadErr)
		default:
			m.setStatus(m.screeningStatus(msg.w))
		}
		m.syncScreeningFocus()
		return m.done(cmd)
	}
	return nil
}

func (m *Model) screeningStatus(w screeningWrite) string {
	T := m.sh.T
	switch w.kind {
	case writeVendorAnswer, writePersonAnswer:
		it, _ := screening.ItemByID(w.answer.Item)
		return T("tui.screening.status.answer", it.Label(), T(w.answer.Result.Key()))
	case writeCreatePerson:
		return T("tui.screening.status.added", oneLine(w.person.Name))
	case writeUpdatePerson:
		return T("tui.screening.status.updated", oneLine(w.person.Name))
	case writeDeletePerson:
		return T("tui.screening.status.deleted", oneLine(w.person.Name))
	}
	return ""
}
