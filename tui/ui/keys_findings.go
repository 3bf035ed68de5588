package ui

import (
	"charm.land/bubbles/v2/key"

	"outsec/i18n"
)

// findingsKeyMap is the keys of the findings and incidents screens, part of
// the one KeyMap (KeyMap.Findings). Moving and going back are the KeyMap's
// own.
type findingsKeyMap struct {
	Open      key.Binding // F on the dashboard: the findings register
	Incidents key.Binding // I on the dashboard and the findings screen: the incidents

	New      key.Binding // n: a new finding / incident
	Edit     key.Binding // enter, e: the finding and its action / the incident
	Move     key.Binding // m: move the finding to another state
	Verify   key.Binding // v: verify and close
	Evidence key.Binding // a: add evidence (a file or a note)
	Filter   key.Binding // /: filter by state, source, severity, overdue
	Overdue  key.Binding // !: overdue only, on or off
	Measure  key.Binding // m on the incidents screen: a measure against recurrence (8.1 e))
	Findings key.Binding // F on the incidents screen: back to the findings
	Docs     key.Binding // p: the documents
	Mark     key.Binding // space: mark the finding for the rectification notice
	Notice   key.Binding // x: the rectification notice of the marked findings / the incident's report
}

func defaultFindingsKeys(cat *i18n.Catalog) findingsKeyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, desc))
	}
	return findingsKeyMap{
		Open:      b([]string{"F"}, "F", cat.T("tui.findings.help.open")),
		Incidents: b([]string{"I"}, "I", cat.T("tui.findings.help.incidents")),
		New:       b([]string{"n"}, "n", cat.T("tui.findings.help.new")),
		Edit:      b([]string{"enter", "e"}, cat.T("tui.key.enter"), cat.T("tui.findings.help.edit")),
		Move:      b([]string{"m"}, "m", cat.T("tui.findings.help.move")),
		Verify:    b([]string{"v"}, "v", cat.T("tui.findings.help.verify")),
		Evidence:  b([]string{"a"}, "a", cat.T("tui.findings.help.evidence")),
		Filter:    b([]string{"/"}, "/", cat.T("tui.findings.help.filter")),
		Overdue:   b([]string{"!"}, "!", cat.T("tui.findings.help.overdue")),
		Measure:   b([]string{"m"}, "m", cat.T("tui.incidents.help.measure")),
		Findings:  b([]string{"F"}, "F", cat.T("tui.incidents.help.findings")),
		Docs:      b([]string{"p"}, "p", cat.T("tui.findings.help.docs")),
		Mark:      b([]string{"space"}, cat.T("tui.findings.key.space"), cat.T("tui.findings.help.mark")),
		Notice:    b([]string{"x"}, "x", cat.T("tui.findings.help.notice")),
	}
}
