package screening

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/model/screening"
	"outsec/tui/ui"
)

// The vendor and personnel screening (GB/T 32926—2016 6.1): its store calls
// and their results, and the page around the screen (screening.go).

// screeningHelp is the help line of the screening screen.
func screeningHelp(k ui.KeyMap, p screeningPart) ui.KeyHelp {
	sk := k.Screen
	var short []key.Binding
	switch p {
	case partVendor:
		short = []key.Binding{sk.Cycle, sk.Answer, sk.AllMet, sk.ToPeople, k.Back, k.Help, k.Quit}
	case partPeople:
		short = []key.Binding{sk.Open, sk.AddP, sk.EditP, sk.DeleteP, sk.ToVendor, k.Back, k.Help, k.Quit, k.Contract.OpenNDA}
	default:
		short = []key.Binding{sk.Cycle, sk.Answer, sk.AllMet, sk.BackList, k.Help, k.Quit}
	}
	return ui.KeyHelp{Short: short, Full: [][]key.Binding{short}}
}

// Store results of the screening screen. They reach the page whatever page
// is shown, so that a write finished after leaving is still accounted for.
type screeningResult interface{ screeningResult() }

type (
	screeningLoadedMsg struct {
		engagementID int64
		eng          model.Engagement
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
	writeAnswersMet // every item not yet assessed marked met
)

// screeningWrite is one store action of the screening screen.
type screeningWrite struct {
	kind     screeningWriteKind
	answer   screening.Answer
	answers  []screening.Answer
	personID int64
	person   screening.Person
}

func loadScreeningCmd(sh *ui.Context, engagementID int64) tea.Cmd {
	st, ctx := sh.Store, sh.Ctx
	return func() tea.Msg {
		e, err := st.Engagement(ctx, engagementID)
		if err != nil {
			return screeningLoadedMsg{engagementID: engagementID, err: err}
		}
		sc, err := st.Screening(ctx, engagementID)
		return screeningLoadedMsg{engagementID: engagementID, eng: e, sc: sc, err: err}
	}
}

// saveScreeningCmd runs one action and reads the screening back, so the
// screen shows what the store holds.
func saveScreeningCmd(sh *ui.Context, engagementID int64, w screeningWrite) tea.Cmd {
	st, ctx, op := sh.Store, sh.Ctx, sh.Operator
	sh.Writing()
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
		case writeAnswersMet:
			if w.personID != 0 {
				err = st.SavePersonAnswers(ctx, op, w.personID, w.answers)
			} else {
				err = st.SaveVendorAnswers(ctx, op, engagementID, w.answers)
			}
		}
		sc, lerr := st.Screening(ctx, engagementID)
		return screeningSavedMsg{engagementID: engagementID, w: w, sc: sc, loadErr: lerr, err: err}
	}
}

// Registration is the screening in the root's registry.
var Registration = ui.Registration{Kind: ui.KindScreening, New: New}

func New(sh *ui.Context, engID int64) ui.Page {
	return newScreeningScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

func (m screeningLoadedMsg) Recipient() ui.PageKey { return ui.KindScreening.Key(m.engagementID) }
func (m screeningSavedMsg) Recipient() ui.PageKey  { return ui.KindScreening.Key(m.engagementID) }
func (screeningSavedMsg) EndsWrite() bool          { return true }

// Init loads the screening; the page and selection are kept from the last
// visit.
func (s *screeningScreen) Init() tea.Cmd {
	s.sh.SetStatus("")
	return loadScreeningCmd(s.sh, s.eng.ID)
}

func (s *screeningScreen) Title() string {
	return s.sh.T("tui.page.screening", ui.OneLine(s.eng.Code))
}

func (s *screeningScreen) Capturing() bool { return s.formOpen() }

func (s *screeningScreen) KeyMap() help.KeyMap { return s.help() }

func (s *screeningScreen) Update(msg tea.Msg) tea.Cmd {
	sh := s.sh
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if s.formOpen() {
			return s.formUpdate(msg)
		}
		return s.key(msg)
	case screeningLoadedMsg:
		if msg.err != nil {
			sh.SetError(msg.err)
		}
		s.loaded(msg.eng, msg.sc, msg.err)
		return nil
	case screeningSavedMsg:
		cmd := s.saved(msg)
		sh.SetOutcome(msg.err, msg.loadErr, s.writeStatus(msg.w))
		return cmd
	}
	return s.formUpdate(msg)
}

// key is a key press on the screening screen with no form open.
func (s *screeningScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.sh.Keys
	switch {
	case key.Matches(msg, k.Docs.Open):
		return ui.Go(ui.KindDocs, s.eng.ID) // the documents, the screening form among them
	case key.Matches(msg, k.Contract.OpenNDA):
		return ui.Go(ui.KindNDA, s.eng.ID) // the NDAs of the people listed here (6.4 a)); esc comes back
	}
	cmd, leave := s.handleKey(msg)
	if leave {
		return tea.Batch(cmd, ui.Back())
	}
	return cmd
}

// writeStatus is the status line after a write.
func (s *screeningScreen) writeStatus(w screeningWrite) string {
	T := s.sh.T
	switch w.kind {
	case writeVendorAnswer, writePersonAnswer:
		it, _ := screening.ItemByID(w.answer.Item)
		return T("tui.screening.status.answer", it.Label(), T(w.answer.Result.Key()))
	case writeAnswersMet:
		return T("tui.screening.status.all_met", len(w.answers))
	case writeCreatePerson:
		return T("tui.screening.status.added", ui.OneLine(w.person.Name))
	case writeUpdatePerson:
		return T("tui.screening.status.updated", ui.OneLine(w.person.Name))
	case writeDeletePerson:
		return T("tui.screening.status.deleted", ui.OneLine(w.person.Name))
	}
	return ""
}
