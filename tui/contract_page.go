package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/templates"
)

// The contract security clauses as a page. The screen itself is contract.go.

func contractPageKey(engID int64) PageKey { return PageKey{Kind: KindContract, Engagement: engID} }

func newContractPage(sh *shared, engID int64) Page {
	return newContractScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

// Init reads the contract again; the selection and filter are kept.
func (c *contractScreen) Init() tea.Cmd {
	c.sh.setStatus("")
	return loadContractCmd(c.sh, contractPageKey(c.eng.ID))
}

func (c *contractScreen) Title() string {
	return c.sh.T("tui.page.contract", oneLine(c.eng.Code))
}

func (c *contractScreen) Capturing() bool { return c.open() }

func (c *contractScreen) KeyMap() help.KeyMap { return c.help() }

func (c *contractScreen) HelpView(w int) string { return contractHelpView(c.sh, w) }

func (c *contractScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return c.key(msg)
	case contractLoadedMsg:
		if msg.err != nil {
			c.sh.setError(msg.err)
		}
		if msg.eng.ID != 0 {
			c.eng = msg.eng
		}
		c.loaded(msg.data, msg.err)
		return nil
	case contractSavedMsg:
		cmd := c.saved(msg)
		setContractStatus(c.sh, msg)
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
	ck := c.sh.keys.Contract
	switch {
	case key.Matches(msg, ck.Docs):
		return GoTo(GoMsg{Key: PageKey{Kind: KindDocs, Engagement: c.eng.ID}, Arg: string(templates.ContractReview)})
	case key.Matches(msg, ck.OpenNDA):
		return Go(KindNDA, c.eng.ID)
	case key.Matches(msg, c.sh.keys.Back) && !c.factors:
		return Back()
	}
	return c.handleKey(msg)
}

// setContractStatus says what a write of the contract or NDA pages did.
func setContractStatus(sh *shared, msg contractSavedMsg) {
	switch {
	case msg.err != nil:
		sh.setError(msg.err)
	case msg.loadErr != nil:
		sh.setError(msg.loadErr)
	default:
		sh.setStatus(contractStatus(sh.T, msg.w))
	}
}
