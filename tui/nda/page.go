package nda

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"outsec/model"
	"outsec/templates"
	contractpage "outsec/tui/contract"
	"outsec/tui/ui"
)

// The NDAs as a page. The screen itself is nda.go, the batch batch.go.

// Registration is the NDAs in the root's registry.
var Registration = ui.Registration{Kind: ui.KindNDA, New: New}

func New(sh *ui.Context, engID int64) ui.Page {
	return newNDAScreen(sh, model.Engagement{ID: engID}, 0, 0)
}

// Init reads the people and their NDAs again.
func (n *ndaScreen) Init() tea.Cmd {
	n.sh.SetStatus("")
	return contractpage.Load(n.sh, ui.KindNDA.Key(n.eng.ID))
}

func (n *ndaScreen) Title() string { return n.sh.T("tui.page.nda", ui.OneLine(n.eng.Code)) }

// Capturing: a form types, and while the batch runs only ctrl+c leaves.
func (n *ndaScreen) Capturing() bool { return n.typing() || n.busy() }

func (n *ndaScreen) KeyMap() help.KeyMap { return n.help() }

func (n *ndaScreen) HelpView(w int) string { return contractpage.HelpView(n.sh, w) }

func (n *ndaScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return n.key(msg)
	case contractpage.LoadedMsg:
		contractpage.Loaded(n.sh, msg, &n.eng)
		n.loaded(msg.Data, msg.Err)
		return nil
	case contractpage.SavedMsg:
		cmd := n.saved(msg)
		contractpage.SetStatus(n.sh, msg)
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
		return ui.Quit()
	case n.busy():
		return nil
	case key.Matches(msg, n.sh.Keys.Contract.Docs) && n.mode == ndaModeList:
		return ui.GoTo(ui.GoMsg{Key: ui.PageKey{Kind: ui.KindDocs, Engagement: n.eng.ID}, Arg: string(templates.NDAVendor)})
	}
	cmd, leave := n.handleKey(msg)
	if leave {
		return tea.Batch(cmd, ui.Back())
	}
	return cmd
}
