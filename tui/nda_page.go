package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/templates"
)

// The NDAs as a page. The screen itself is nda.go, the batch nda_batch.go.

func ndaKey(engID int64) PageKey { return PageKey{Kind: KindNDA, Engagement: engID} }

func newNDAPage(sh *shared, engID int64) Page {
	return newNDAScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

// Init reads the people and their NDAs again.
func (n *ndaScreen) Init() tea.Cmd {
	n.sh.setStatus("")
	return loadContractCmd(n.sh, ndaKey(n.eng.ID))
}

func (n *ndaScreen) Title() string { return n.sh.T("tui.page.nda", oneLine(n.eng.Code)) }

// Capturing: a form types, and while the batch runs only ctrl+c leaves.
func (n *ndaScreen) Capturing() bool { return n.typing() || n.busy() }

func (n *ndaScreen) KeyMap() help.KeyMap { return n.help() }

func (n *ndaScreen) HelpView(w int) string { return contractHelpView(n.sh, w) }

func (n *ndaScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return n.key(msg)
	case contractLoadedMsg:
		if msg.err != nil {
			n.sh.setError(msg.err)
		}
		if msg.eng.ID != 0 {
			n.eng = msg.eng
		}
		n.loaded(msg.data, msg.err)
		return nil
	case contractSavedMsg:
		cmd := n.saved(msg)
		setContractStatus(n.sh, msg)
		return cmd
	case ndaBatchMsg:
		return n.onBatch(msg)
	case tea.WindowSizeMsg, tea.BackgroundColorMsg:
		return nil
	}
	return n.formMsg(msg)
}

// key is a key press on the NDA screen.
func (n *ndaScreen) key(msg tea.KeyPressMsg) tea.Cmd {
	if n.typing() {
		return n.formMsg(msg)
	}
	switch {
	case msg.String() == "ctrl+c":
		return Quit()
	case n.busy():
		return nil
	case key.Matches(msg, n.sh.keys.Contract.Docs) && n.mode == ndaModeList:
		return GoTo(GoMsg{Key: PageKey{Kind: KindDocs, Engagement: n.eng.ID}, Arg: string(templates.NDAVendor)})
	}
	cmd, leave := n.handleKey(msg)
	if leave {
		return tea.Batch(cmd, Back())
	}
	return cmd
}
