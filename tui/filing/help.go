package filing

import (
	"charm.land/bubbles/v2/key"

	"outsec/tui/ui"
)

// HelpView is the filing's ? screen: its keys.
func (p *Page) HelpView(w int) string {
	T, s, k := p.sh.T, p.sh.Styles, p.sh.Keys
	pk := k.Plan
	tab := key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", T("tui.filing.help.tab")))
	lines := []string{s.Title.Render(ui.Fit(" "+T("tui.filing.helpscreen.title", p.sh.Version), w))}
	lines = append(lines, ui.Wrap(T("tui.filing.helpscreen.about"), w, " ", " ")...)
	sec := ui.HelpSection{TitleKey: "tui.filing.helpscreen.keys", Entries: []ui.HelpEntry{ui.Entry(tab), ui.Entry(k.Up, k.Down),
		ui.Entry(k.PageUp, k.PageDown), ui.Entry(pk.NewVersion), ui.Entry(pk.Status), ui.Entry(pk.Content), ui.Entry(pk.DueDays),
		ui.Entry(pk.Docs), ui.Entry(pk.Open), ui.Entry(k.Back)}}
	colW, _ := ui.HelpColumns(w)
	return ui.JoinLines(append(lines, ui.HelpBlock(p.sh, sec, 10, colW)...))
}
