package ui

import (
	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
)

// The page contract. The workbench is a set of pages, one per workflow; the
// root holds them in a navigator and knows none of them by name. A page is
// made for one engagement (or for none), kept while the user goes elsewhere
// and shown again with its state, and reaches other pages only by sending a
// navigation message.

// Kind is a kind of page.
type Kind string

// The kinds of page. A kind is only a name: the root's registry (tui.go)
// says which package makes it.
const (
	KindDashboard Kind = "dashboard" // the engagements and their lifecycle
	KindRisk      Kind = "risk"      // the risk assessment (5.1)
	KindScreening Kind = "screening" // vendor and personnel screening (6.1)
	KindContract  Kind = "contract"  // contract security clauses (6.2)
	KindNDA       Kind = "nda"       // NDAs (6.4)
	KindDocs      Kind = "docs"      // an engagement's documents and exports
	KindKeys      Kind = "keys"      // signing keys
	KindVerify    Kind = "verify"    // verifying a signed export
	KindPlan      Kind = "plan"      // the security management plan (6.3)
	KindFiling    Kind = "filing"    // the filing with the authority (6.5)
	KindFindings  Kind = "findings"  // findings and corrective actions (8.1)
	KindIncidents Kind = "incidents" // the incident register (A.7, 8.1 e))
	KindExit      Kind = "exit"      // the service exit (8.2)
)

// PageKey names one page: its kind and the engagement it shows (0 for a page
// of no engagement, such as the keys).
type PageKey struct {
	Kind       Kind
	Engagement int64
}

// Page is one screen of the workbench. The root gives it the body of the
// window (SetSize), every message meant for it (Update), and draws what View
// returns between the status and help lines.
type Page interface {
	// Init runs each time the page is shown, the first time and on coming
	// back to it: it loads what the page shows.
	Init() tea.Cmd
	// Update takes a key press, a result addressed to the page, or any other
	// message while the page is shown (a form's cursor blink).
	Update(msg tea.Msg) tea.Cmd
	View() string
	SetSize(w, h int)
	// KeyMap is the page's keys as they are now: the help line shows the
	// short list, the ? screen the full one.
	KeyMap() help.KeyMap
	// Title names the page (and its engagement) in the window's title.
	Title() string
	// Capturing reports that a form or input of the page has the keys: the
	// root then leaves q, ?, o and esc to it.
	Capturing() bool
}

// Maker makes a page for an engagement (0: a page of none).
type Maker func(sh *Context, engagementID int64) Page

// Registration is one line of the root's registry: a kind and its maker.
type Registration struct {
	Kind Kind
	New  Maker
}

// Opener is a page that takes the argument of the navigation that shows it
// (the document to select, a tab), before Init.
type Opener interface {
	Open(arg string)
}

// HelpScreen is a page with its own ? screen; the others show the
// workbench's full help.
type HelpScreen interface {
	HelpView(w int) string
}

// GoMsg asks the root to show a page: the one kept for the key, or a new one.
// The page shown before is remembered, so that Back returns to it.
type GoMsg struct {
	Key PageKey
	// Arg is handed to the page's Open.
	Arg string
	// Status is said once the page is shown.
	Status string
}

// Go shows the page of kind for an engagement.
func Go(kind Kind, engagementID int64) tea.Cmd {
	return GoTo(GoMsg{Key: PageKey{Kind: kind, Engagement: engagementID}})
}

// GoTo sends a navigation message.
func GoTo(msg GoMsg) tea.Cmd { return func() tea.Msg { return msg } }

// BackMsg asks the root to show the page the current one was opened from.
type BackMsg struct{}

// Back returns to the page shown before this one (the dashboard when none).
func Back() tea.Cmd { return func() tea.Msg { return BackMsg{} } }

// QuitMsg asks the root to quit, once the store writes under way are done.
type QuitMsg struct{}

// Quit leaves the workbench (the root waits for the writes under way).
func Quit() tea.Cmd { return func() tea.Msg { return QuitMsg{} } }

// Result is a message for the page that asked for it, whichever page is
// shown when it arrives: a store call's outcome carries its page's key.
type Result interface {
	Recipient() PageKey
}

// WriteEnd is a message that ends a store write the page counted with
// Context.Writing; the root waits for every write before it quits.
type WriteEnd interface {
	EndsWrite() bool
}

// DocsArgExports is the argument that opens the documents page on its
// Exports tab; any other non-empty argument names the document to select.
const DocsArgExports = "exports"

// Key is the key of the page of this kind for an engagement.
func (k Kind) Key(engagementID int64) PageKey { return PageKey{Kind: k, Engagement: engagementID} }

// ForgetMsg asks the root to let go of every page kept for an engagement
// (it was deleted): none of them is shown again with its old state.
type ForgetMsg struct{ Engagement int64 }

// Forget lets go of the pages of a deleted engagement.
func Forget(engagementID int64) tea.Cmd {
	return func() tea.Msg { return ForgetMsg{Engagement: engagementID} }
}
