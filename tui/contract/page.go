package contract

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/templates"
	"outsec/tui/ui"
)

// The contract security clauses as a page. The screen itself is contract.go.

// Registration is the contract security clauses in the root's registry.
var Registration = ui.Registration{Kind: ui.KindContract, New: New}

func New(sh *ui.Context, engID int64) ui.Page {
	return newContractScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

// Init reads the contract again; the selection and filter are kept.
func (c *contractScreen) Init() tea.Cmd {
	c.sh.SetStatus("")
	return Load(c.sh, ui.KindContract.Key(c.eng.ID))
}

func (c *contractScreen) Title() string {
	return c.sh.T("tui.page.contract", ui.OneLine(c.eng.Code))
}

func (c *contractScreen) Capturing() bool { return c.open() }

func (c *contractScreen) KeyMap() help.KeyMap { return c.help() }

func (c *contractScreen) HelpView(w int) string { return HelpView(c.sh, w) }

func (c *contractScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return c.key(msg)
	case LoadedMsg:
		Loaded(c.sh, msg, &c.eng)
		c.loaded(msg.Data, msg.Err)
		return nil
	case SavedMsg:
		cmd := c.saved(msg)
		SetStatus(c.sh, msg)
		return cmd
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	if c.open() {
		return c.formMsg(msg)
	}
	return nil
}

// key is a key press on the contract screen.
func (c *contractScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if c.open() {
		return c.formMsg(msg)
	}
	ck := c.sh.Keys.Contract
	switch {
	case key.Matches(msg, ck.Docs):
		return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: ui.KindDocs, Engagement: c.eng.ID}, Arg: string(templates.ContractReview)})
	case key.Matches(msg, ck.OpenNDA):
		return ui.Go(ui.KindNDA, c.eng.ID)
	case key.Matches(msg, c.sh.Keys.Plan.Open):
		return ui.Go(ui.KindPlan, c.eng.ID)
	case key.Matches(msg, c.sh.Keys.Plan.Sign):
		// The signing is recorded where it unlocks the plan (6.3 a)).
		return ui.GoTo(ui.GoMsg{Key: ui.KindPlan.Key(c.eng.ID), Arg: ui.PlanArgSign})
	case key.Matches(msg, c.sh.Keys.Plan.OpenFiling):
		return ui.Go(ui.KindFiling, c.eng.ID)
	case key.Matches(msg, c.sh.Keys.Back) && !c.factors:
		return ui.Back()
	}
	return c.handleKey(msg)
}

// SetStatus says what a write of the contract or NDA pages did.
func SetStatus(sh *ui.Context, msg SavedMsg) {
	sh.SetOutcome(msg.Err, msg.LoadErr, contractStatus(sh.T, msg.w))
}

// Loaded takes a load into the page's engagement and says a failure; the
// page then shows the data (or why there is none).
func Loaded(sh *ui.Context, msg LoadedMsg, eng *model.Engagement) {
	if msg.Err != nil {
		sh.SetError(msg.Err)
	}
	if msg.Eng.ID != 0 {
		*eng = msg.Eng
	}
}
