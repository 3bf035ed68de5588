package plan

import (
	"outsec/tui/ui"
)

// HelpView is the plan's ? screen: its keys by where they apply.
func (p *Page) HelpView(w int) string {
	T, s, k := p.sh.T, p.sh.Styles, p.sh.Keys
	pk := k.Plan
	lines := []string{s.Title.Render(ui.Fit(" "+T("tui.plan.helpscreen.title", p.sh.Version), w))}
	lines = append(lines, ui.Wrap(T("tui.plan.helpscreen.about"), w, " ", " ")...)
	left := ui.HelpSection{TitleKey: "tui.plan.helpscreen.plan", Entries: []ui.HelpEntry{ui.Entry(pk.Tab), ui.Entry(pk.Section),
		ui.Entry(k.Up, k.Down), ui.Entry(pk.Edit), ui.Entry(pk.Add), ui.Entry(pk.Delete), ui.Entry(pk.Sign), ui.Entry(pk.Approve),
		ui.Entry(pk.Docs), ui.Entry(pk.OpenFiling), ui.Entry(k.Back)}}
	right := ui.HelpSection{TitleKey: "tui.plan.helpscreen.controls", Entries: []ui.HelpEntry{ui.Entry(pk.Cycle), ui.Entry(pk.Filter), ui.Entry(pk.Edit)}}
	colW, two := ui.HelpColumns(w)
	l, r := ui.HelpBlock(p.sh, left, 10, colW), ui.HelpBlock(p.sh, right, 10, colW)
	if two {
		return ui.JoinLines(append(lines, ui.SideBySide(l, r, colW)...))
	}
	return ui.JoinLines(append(append(lines, l...), r...))
}
