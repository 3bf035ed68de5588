package risk

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/tui/ui"
)

// The risk assessment as a page: its key, the navigation it starts and the
// results addressed to it. The screen itself is risk.go.

// Registration is the risk assessment in the root's registry.
var Registration = ui.Registration{Kind: ui.KindRisk, New: New}

func New(sh *ui.Context, engID int64) ui.Page {
	return newRiskScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

func (m riskLoadedMsg) Recipient() ui.PageKey { return ui.KindRisk.Key(m.engID) }
func (m riskSavedMsg) Recipient() ui.PageKey  { return ui.KindRisk.Key(m.engID) }
func (riskSavedMsg) EndsWrite() bool          { return true }

// Init loads the assessment; the tabs, selections and pending settings are
// kept from the last visit.
func (r *riskScreen) Init() tea.Cmd {
	r.leave = false
	r.sh.SetStatus(r.sh.T("tui.risk.status.loading"))
	return loadRisk(r.sh, r.eng.ID)
}

func (r *riskScreen) Title() string { return r.sh.T("tui.page.risk", ui.OneLine(r.eng.Code)) }

// Capturing: ? and q keep their workbench meaning only while the screen is
// at its own keys.
func (r *riskScreen) Capturing() bool { return !r.navigating() }

func (r *riskScreen) KeyMap() help.KeyMap { return r.help() }

func (r *riskScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return r.key(msg)
	case tea.BackgroundColorMsg:
		r.restyle()
		return nil
	case tea.WindowSizeMsg:
		return nil // SetSize has laid the screen and its forms out
	case riskLoadedMsg:
		r.loaded(msg)
		return nil
	case riskSavedMsg:
		return r.afterUpdate(r.saved(msg), false)
	case riskIOResult:
		return r.afterUpdate(r.ioResult(msg), false)
	}
	return r.afterUpdate(r.update(msg), false)
}

// key routes a key press on the risk screen.
func (r *riskScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" && r.mode != riskModeForm && !r.ioTyping() {
		return ui.Quit()
	}
	if r.tab == riskTabConclusion && r.mode == riskModeNav && key.Matches(msg, r.sh.Keys.Docs.Open) {
		return ui.Go(ui.KindDocs, r.eng.ID) // the documents of the assessment
	}
	cmd, leave := r.handleKey(msg)
	return r.afterUpdate(cmd, leave)
}

// afterUpdate leaves the screen when a key or a question asked for it.
func (r *riskScreen) afterUpdate(cmd tea.Cmd, leave bool) tea.Cmd {
	if leave || r.leave {
		r.leave = false
		r.sh.SetStatus("")
		return tea.Batch(cmd, ui.Back())
	}
	return cmd
}
