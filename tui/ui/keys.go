package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"outsec/i18n"
)

// KeyMap is every key of the workbench, in one place. The help line and the
// full help are built from it, so what is documented is what is bound.
type KeyMap struct {
	Quit     key.Binding
	Help     key.Binding
	Operator key.Binding

	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Home     key.Binding
	End      key.Binding
	Panel    key.Binding

	Filter      key.Binding
	FilterApply key.Binding
	FilterClear key.Binding
	Sort        key.Binding
	New         key.Binding
	Edit        key.Binding
	Delete      key.Binding
	Sample      key.Binding
	Screening   key.Binding // the vendor and personnel screening of the selected engagement

	// Screen is the keys of the screening screen (package screening).
	Screen screeningKeyMap

	Risk key.Binding // the risk assessment of the selected engagement
	// Risks is the keys of the risk assessment screen (package risk).
	Risks riskKeyMap

	// Docs is the keys of the documents screen (package docs): p and E open it.
	Docs docKeyMap

	// Sign is the keys of the signing keys and verify screens
	// (packages keys and verify): K and V open them.
	Sign signKeyMap

	// Contract is the keys of the contract and NDA screens
	// (packages contract and nda): c and N open them.
	Contract contractKeyMap

	// Plan is the keys of the plan and filing screens (packages plan and
	// filing): P and B open them.
	Plan planKeyMap
	// Findings is the keys of the findings and incidents screens
	// (packages findings and incidents): F and I open them.
	Findings findingsKeyMap
	// Exit is the keys of the service exit page (package exit): X opens it.
	Exit exitKeyMap

	// Pickers (unfinished drafts, operator profiles) and overlays.
	Choose  key.Binding
	Discard key.Binding
	Add     key.Binding
	Back    key.Binding

	// Forms: these mirror the form key map (formKeyMap) so the help line
	// describes them in the user's language.
	FormNext   key.Binding
	FormPrev   key.Binding
	FormLeave  key.Binding
	FormCancel key.Binding
	FormYesNo  key.Binding
	FormAnswer key.Binding

	// Backup makes a backup of the database now (package backup; B on the
	// dashboard).
	Backup key.Binding
}

// DefaultKeyMap is the workbench's key map with its help in the catalog's language.
func DefaultKeyMap(cat *i18n.Catalog) KeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return KeyMap{
		Quit:     b([]string{"q", "ctrl+c"}, cat.T("tui.key.quit"), cat.T("tui.help.quit")),
		Help:     b([]string{"?"}, cat.T("tui.key.help"), cat.T("tui.help.help")),
		Operator: b([]string{"o"}, cat.T("tui.key.operator"), cat.T("tui.help.operator")),

		Up:       b([]string{"up", "k"}, cat.T("tui.key.up"), cat.T("tui.help.up")),
		Down:     b([]string{"down", "j"}, cat.T("tui.key.down"), cat.T("tui.help.down")),
		PageUp:   b([]string{"pgup", "ctrl+u"}, cat.T("tui.key.page_up"), cat.T("tui.help.page_up")),
		PageDown: b([]string{"pgdown", "ctrl+d"}, cat.T("tui.key.page_down"), cat.T("tui.help.page_down")),
		Home:     b([]string{"home", "g"}, cat.T("tui.key.home"), cat.T("tui.help.home")),
		End:      b([]string{"end", "G"}, cat.T("tui.key.end"), cat.T("tui.help.end")),
		Panel:    b([]string{"tab", "enter"}, cat.T("tui.key.panel"), cat.T("tui.help.panel")),

		Filter:      b([]string{"/"}, cat.T("tui.key.filter"), cat.T("tui.help.filter")),
		FilterApply: b([]string{"enter"}, cat.T("tui.key.enter"), cat.T("tui.help.filter_apply")),
		FilterClear: b([]string{"esc"}, cat.T("tui.key.esc"), cat.T("tui.help.filter_clear")),
		Sort:        b([]string{"s"}, cat.T("tui.key.sort"), cat.T("tui.help.sort")),
		New:         b([]string{"n"}, cat.T("tui.key.new"), cat.T("tui.help.new")),
		Edit:        b([]string{"e"}, cat.T("tui.key.edit"), cat.T("tui.help.edit")),
		Delete:      b([]string{"d"}, cat.T("tui.key.delete"), cat.T("tui.help.delete")),
		Sample:      b([]string{"l"}, cat.T("tui.key.sample"), cat.T("tui.help.sample")),
		Screening:   screeningBinding(cat),
		Screen:      defaultScreeningKeys(cat),
		Risk:        b([]string{"r"}, cat.T("tui.risk.key.open"), cat.T("tui.risk.help.open")),
		Risks:       defaultRiskKeys(cat),
		Docs:        defaultDocKeys(cat),
		Sign:        defaultSignKeys(cat),
		Contract:    defaultContractKeys(cat),
		Plan:        defaultPlanKeys(cat),
		Findings:    defaultFindingsKeys(cat),
		Exit:        defaultExitKeys(cat),

		Choose:  b([]string{"enter"}, cat.T("tui.key.enter"), cat.T("tui.help.choose")),
		Discard: b([]string{"x"}, cat.T("tui.key.discard"), cat.T("tui.help.discard")),
		Add:     b([]string{"a"}, cat.T("tui.key.add"), cat.T("tui.help.add")),
		Back:    b([]string{"esc"}, cat.T("tui.key.esc"), cat.T("tui.help.back")),

		FormNext:   b([]string{"enter", "tab"}, cat.T("tui.key.enter"), cat.T("tui.help.form_next")),
		FormPrev:   b([]string{"shift+tab"}, cat.T("tui.key.shift_tab"), cat.T("tui.help.form_prev")),
		FormLeave:  b([]string{"esc", "ctrl+c"}, cat.T("tui.key.esc"), cat.T("tui.help.form_leave")),
		FormCancel: b([]string{"esc", "ctrl+c"}, cat.T("tui.key.esc"), cat.T("tui.help.form_cancel")),
		FormYesNo:  b([]string{"y", "n"}, cat.T("tui.key.yes_no"), cat.T("tui.help.form_yes_no")),
		FormAnswer: b([]string{"enter"}, cat.T("tui.key.enter"), cat.T("tui.help.form_answer")),

		Backup: b([]string{"W"}, "W", cat.T("tui.help.backup")),
	}
}

// KeyHelp is the help of one screen: what the short line shows and what the
// full help lists, by column.
type KeyHelp struct {
	Short []key.Binding
	Full  [][]key.Binding
}

func (h KeyHelp) ShortHelp() []key.Binding  { return h.Short }
func (h KeyHelp) FullHelp() [][]key.Binding { return h.Full }

var _ help.KeyMap = KeyHelp{}

// DashboardHelp is the dashboard's help; empty is the dashboard without
// engagements, where the sample can be loaded.
func (k KeyMap) DashboardHelp(empty bool) KeyHelp {
	if empty {
		return KeyHelp{
			Short: []key.Binding{k.New, k.Sample, k.Operator, k.Help, k.Quit},
			Full:  [][]key.Binding{{k.New, k.Sample}, {k.Operator, k.Help, k.Quit}},
		}
	}
	return KeyHelp{
		Short: []key.Binding{k.New, k.Risk, k.Screening, k.Contract.Open, k.Contract.OpenNDA, k.Docs.Open, k.Docs.Exports,
			k.Sign.Keys, k.Sign.Verify, k.Panel, k.Help, k.Quit},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Panel},
			{k.Filter, k.Sort, k.New, k.Edit, k.Delete, k.Risk, k.Screening, k.Contract.Open, k.Contract.OpenNDA, k.Docs.Open, k.Docs.Exports, k.Sign.Keys, k.Sign.Verify, k.Plan.Open, k.Plan.OpenFiling, k.Findings.Open, k.Findings.Incidents, k.Exit.Open},
			{k.Operator, k.Help, k.Quit, k.Backup},
		},
	}
}

func (k KeyMap) FilterHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.FilterApply, k.FilterClear},
		Full:  [][]key.Binding{{k.Filter, k.FilterApply, k.FilterClear}},
	}
}

// WizardHelp is the engagement wizard's: leaving keeps a draft.
func (k KeyMap) WizardHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.FormNext, k.FormPrev, k.FormLeave},
		Full:  [][]key.Binding{{k.FormNext, k.FormPrev, k.FormLeave}},
	}
}

// FormHelp is the operator form's.
func (k KeyMap) FormHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.FormNext, k.FormPrev, k.FormCancel},
		Full:  [][]key.Binding{{k.FormNext, k.FormPrev, k.FormCancel}},
	}
}

// QuestionHelp is a yes/no question's.
func (k KeyMap) QuestionHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.FormYesNo, k.FormAnswer, k.FormCancel},
		Full:  [][]key.Binding{{k.FormYesNo, k.FormAnswer, k.FormCancel}},
	}
}

func (k KeyMap) DraftsHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.Up, k.Down, k.Choose, k.Discard, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Choose, k.Discard, k.Back}},
	}
}

func (k KeyMap) OperatorsHelp() KeyHelp {
	return KeyHelp{
		Short: []key.Binding{k.Up, k.Down, k.Choose, k.Add, k.Back},
		Full:  [][]key.Binding{{k.Up, k.Down, k.Choose, k.Add, k.Back}},
	}
}

func (k KeyMap) OverlayHelp() KeyHelp {
	return KeyHelp{Short: []key.Binding{k.Back, k.Quit}}
}

// HelpEntry is one line of the full help: a key (or two related keys) and
// what it does.
type HelpEntry struct{ Key, Desc string }

func Entry(bs ...key.Binding) HelpEntry {
	var e HelpEntry
	for i, b := range bs {
		if i > 0 {
			e.Key += " "
			e.Desc += "/"
		}
		e.Key += b.Help().Key
		e.Desc += b.Help().Desc
	}
	return e
}

// HelpSection is one block of the full help screen.
type HelpSection struct {
	TitleKey string
	Entries  []HelpEntry
}

// FullHelp is every key of the workbench by where it applies; keys that
// belong together share a line so that all of it fits an 80×24 window.
func (k KeyMap) FullHelp() []HelpSection {
	return []HelpSection{
		{"tui.helpscreen.global", []HelpEntry{Entry(k.Help), Entry(k.Operator), Entry(k.Quit)}},
		{"tui.helpscreen.list", []HelpEntry{Entry(k.Up, k.Down), Entry(k.PageUp, k.PageDown), Entry(k.Home, k.End), Entry(k.Panel)}},
		{"tui.helpscreen.engagements", []HelpEntry{Entry(k.New), Entry(k.Edit), Entry(k.Delete), Entry(k.Filter), Entry(k.Sort), Entry(k.Sample), Entry(k.Risk), Entry(k.Screening, k.Contract.Open, k.Contract.OpenNDA), Entry(k.Plan.Open, k.Plan.OpenFiling), Entry(k.Docs.Open, k.Docs.Exports), Entry(k.Sign.Keys, k.Sign.Verify), Entry(k.Findings.Open, k.Findings.Incidents), Entry(k.Exit.Open)}},
		k.screeningHelpSection(),
		{"tui.helpscreen.filter", []HelpEntry{Entry(k.FilterApply), Entry(k.FilterClear)}},
		{"tui.helpscreen.form", []HelpEntry{Entry(k.FormNext), Entry(k.FormPrev), Entry(k.FormYesNo), Entry(k.FormLeave)}},
		{"tui.helpscreen.pickers", []HelpEntry{Entry(k.Choose), Entry(k.Discard), Entry(k.Add), Entry(k.Back)}},
	}
}

// FormKeyMap is the forms' key map: huh's defaults with the help in the
// catalog's language, esc leaving a form like ctrl+c, and nothing that would
// leave the workbench (no external editor) or show untranslated text (the
// select filter's "no matches").
func FormKeyMap(cat *i18n.Catalog) *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc"), key.WithHelp(cat.T("tui.key.esc"), cat.T("tui.help.form_leave")))
	next, prev, submit := cat.T("tui.help.form_next"), cat.T("tui.help.form_prev"), cat.T("tui.help.form_submit")
	enter, shiftTab := cat.T("tui.key.enter"), cat.T("tui.key.shift_tab")
	km.Input.Next.SetHelp(enter, next)
	km.Input.Prev.SetHelp(shiftTab, prev)
	km.Input.Submit.SetHelp(enter, submit)
	km.Input.AcceptSuggestion.SetEnabled(false)
	km.Text.Next.SetHelp(enter, next)
	km.Text.Prev.SetHelp(shiftTab, prev)
	km.Text.Submit.SetHelp(enter, submit)
	km.Text.NewLine.SetHelp(cat.T("tui.key.newline"), cat.T("tui.help.newline"))
	km.Text.Editor.SetEnabled(false)
	km.Select.Next.SetHelp(enter, next)
	km.Select.Prev.SetHelp(shiftTab, prev)
	km.Select.Submit.SetHelp(enter, submit)
	km.Select.Up.SetHelp(cat.T("tui.key.up"), cat.T("tui.help.up"))
	km.Select.Down.SetHelp(cat.T("tui.key.down"), cat.T("tui.help.down"))
	km.Select.Filter.SetEnabled(false)
	km.Select.HalfPageUp.SetEnabled(false)
	km.Select.HalfPageDown.SetEnabled(false)
	km.Select.GotoTop.SetHelp(cat.T("tui.key.home"), cat.T("tui.help.home"))
	km.Select.GotoBottom.SetHelp(cat.T("tui.key.end"), cat.T("tui.help.end"))
	km.Confirm.Next.SetHelp(enter, next)
	km.Confirm.Prev.SetHelp(shiftTab, prev)
	km.Confirm.Submit.SetHelp(enter, submit)
	km.Confirm.Toggle.SetHelp(cat.T("tui.key.toggle"), cat.T("tui.help.toggle"))
	// Every arrow selects in a yes/no question (issue 16), as in a list.
	km.Confirm.Toggle.SetKeys("left", "right", "up", "down", "h", "l")
	return km
}
