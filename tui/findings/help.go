package findings

import (
	"outsec/model/findings"
	"outsec/tui/ui"
)

// HelpView is the findings page's ? screen: its keys, the states a finding
// moves through, and the rules of closing (8.1).
func (s *screen) HelpView(w int) string {
	T, st, k, fk := s.sh.T, s.sh.Styles, s.sh.Keys, s.sh.Keys.Findings
	lines := []string{st.Title.Render(ui.Fit(" "+T("tui.findings.helpscreen.title"), w))}
	lines = append(lines, ui.Wrap(T("tui.findings.helpscreen.about"), w, " ", " ")...)
	lines = append(lines, "")
	keys := ui.HelpSection{TitleKey: "tui.findings.helpscreen.keys", Entries: []ui.HelpEntry{ui.Entry(k.Up, k.Down), ui.Entry(fk.New), ui.Entry(fk.Edit),
		ui.Entry(fk.Move), ui.Entry(fk.Evidence), ui.Entry(fk.Verify), ui.Entry(fk.Filter), ui.Entry(fk.Overdue), ui.Entry(fk.Mark), ui.Entry(fk.Notice),
		ui.Entry(fk.Incidents), ui.Entry(fk.Docs), ui.Entry(k.Back)}}
	var states []ui.HelpEntry
	for _, x := range findings.States {
		next := ""
		for i, n := range x.Next() {
			if i > 0 {
				next += T("tui.findings.sep")
			}
			next += T(n.Key())
		}
		if next == "" {
			next = T("tui.findings.helpscreen.final")
		}
		states = append(states, ui.HelpEntry{Key: T(x.Key()), Desc: "→ " + next})
	}
	flow := ui.HelpSection{TitleKey: "tui.findings.helpscreen.states", Entries: states}
	colW, two := ui.HelpColumns(w)
	left := ui.HelpBlock(s.sh, keys, 8, colW)
	right := ui.HelpBlock(s.sh, flow, 14, colW)
	if two {
		lines = append(lines, ui.SideBySide(left, right, colW)...)
	} else {
		lines = append(append(lines, left...), right...)
	}
	lines = append(lines, "")
	lines = append(lines, ui.Wrap(T("tui.findings.helpscreen.rules", string(findings.Clause), string(findings.ClauseCompare)), w, " ", " ")...)
	return ui.JoinLines(lines)
}
